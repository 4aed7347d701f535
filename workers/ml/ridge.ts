import { choleskySolve } from './cholesky';
import { type LinearModel, requireComplete } from './linear-model';

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
  requireComplete(x, y, rows, features);
  const p = features;
  const mean = new Float64Array(p);
  let yMean = 0;
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < p; f++) mean[f] = (mean[f] as number) + (x[i * p + f] as number);
    yMean += y[i] as number;
  }
  for (let f = 0; f < p; f++) mean[f] = (mean[f] as number) / rows;
  yMean /= rows;
  // Normal equations on centred data, accumulated in float64 one row at a time.
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const xc = new Float64Array(p);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < p; f++) xc[f] = (x[i * p + f] as number) - (mean[f] as number);
    const yc = (y[i] as number) - yMean;
    for (let r = 0; r < p; r++) {
      const v = xc[r] as number;
      b[r] = (b[r] as number) + v * yc;
      for (let c = 0; c <= r; c++) a[r * p + c] = (a[r * p + c] as number) + v * (xc[c] as number);
    }
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
