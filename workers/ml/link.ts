import type { MlTask } from './gbdt-model';

/**
 * Raw model scores to predictions, in place: the score itself for regression, the logistic
 * of it for binary (P(class 1), one per row), a softmax over each row's `outputs` scores for
 * multiclass (row-major). Shared by every family that scores additively (trees, linear).
 */
export function scoresToPredictions(
  task: MlTask,
  raw: Float64Array,
  rows: number,
  outputs: number,
): Float64Array {
  if (task === 'regression') return raw;
  if (task === 'binary') return raw.map((z) => 1 / (1 + Math.exp(-z)));
  const k = outputs;
  for (let i = 0; i < rows; i++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) m = Math.max(m, raw[i * k + c] as number);
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((raw[i * k + c] as number) - m);
      raw[i * k + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) raw[i * k + c] = (raw[i * k + c] as number) / s;
  }
  return raw;
}
