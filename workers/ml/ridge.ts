import { choleskySolve } from './cholesky';
import { addBlockGram, BLOCK_ROWS, loadShiftedBlock } from './gram';
import { type LinearModel, requireComplete, requireShape } from './linear-model';

/**
 * Ridge regression solved exactly: minimises ‖y − Xw − b‖² + l2‖w‖² with the intercept b
 * unpenalised, the objective of scikit-learn's `Ridge(alpha=l2)`. Features are centred, not
 * scaled (as scikit-learn does), so l2 acts on coefficients in the features' own units.
 */
export function trainRidge(
  x: Float32Array,
  y: Float32Array,
  rows: number,
  features: number,
  params: { l2?: number } = {},
): LinearModel {
  const l2 = params.l2 ?? 1;
  if (!(l2 >= 0)) throw new Error('l2 must not be negative');
  requireShape(x, y, rows, features);
  const p = features;
  const mean = new Float64Array(p + 1);
  const scatter = centredScatter(x, y, rows, p, mean);
  // A missing value was seen: find it for the message.
  if (!scatter) {
    requireComplete(x, y, rows, features);
    throw new Error('linear models need complete rows');
  }
  const yMean = mean[p] as number;
  // Normal equations on centred data: the features' block of the scatter and its y column.
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    for (let c = 0; c <= r; c++) a[r * p + c] = scatter[r * (p + 1) + c] as number;
    b[r] = scatter[p * (p + 1) + r] as number;
  }
  for (let f = 0; f < p; f++) a[f * p + f] = (a[f * p + f] as number) + l2;
  const w = choleskySolve(a, b, p);
  if (!w) {
    throw new Error('features are collinear (or constant): the fit has no unique solution; raise l2');
  }
  let intercept = yMean;
  for (let f = 0; f < p; f++) intercept -= (w[f] as number) * (mean[f] as number);
  return {
    family: 'linear',
    version: 1,
    task: 'regression',
    outputs: 1,
    coefficients: [Array.from(w)],
    intercept: [intercept],
    l2,
    iterations: 0,
  };
}

/**
 * Means of the features and y (y last), and the lower triangle of Σ (v − mean)(v − mean)ᵀ
 * over rows of v = (x, y), in one pass over x. Rows are shifted by the first block's mean c
 * (within a fraction of a standard deviation of the mean, so nothing cancels) and the
 * shift is taken out at the end: Σ (v − m)(v − m)ᵀ = Σ (v − c)(v − c)ᵀ − n (m − c)(m − c)ᵀ.
 * Writes the means into `mean`; returns null when a value is missing (NaN or infinite).
 */
function centredScatter(
  x: Float32Array,
  y: Float32Array,
  rows: number,
  p: number,
  mean: Float64Array,
): Float64Array | null {
  const q = p + 1;
  const cols = new Float64Array(q * BLOCK_ROWS);
  const shift = new Float64Array(q);
  const sums = new Float64Array(q);
  const scatter = new Float64Array(q * q);
  const first = Math.min(BLOCK_ROWS, rows);
  for (let i = 0; i < first; i++) {
    for (let f = 0; f < p; f++) shift[f] = (shift[f] as number) + (x[i * p + f] as number) / first;
    shift[p] = (shift[p] as number) + (y[i] as number) / first;
  }
  let probe = 0;
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const n = Math.min(BLOCK_ROWS, rows - start);
    probe += loadShiftedBlock(x, p, start, n, cols, BLOCK_ROWS, shift, sums);
    const yc = shift[p] as number;
    const yo = p * BLOCK_ROWS;
    let ys = 0;
    for (let i = 0; i < n; i++) {
      const v = (y[start + i] as number) - yc;
      probe += v * 0;
      cols[yo + i] = v;
      ys += v;
    }
    sums[p] = (sums[p] as number) + ys;
    addBlockGram(cols, cols, BLOCK_ROWS, n, q, scatter, q);
  }
  for (let f = 0; f < q; f++) mean[f] = (shift[f] as number) + (sums[f] as number) / rows;
  for (let r = 0; r < q; r++) {
    const dr = (sums[r] as number) / rows;
    for (let c = 0; c <= r; c++)
      scatter[r * q + c] = (scatter[r * q + c] as number) - rows * dr * ((sums[c] as number) / rows);
  }
  return probe === 0 ? scatter : null;
}
