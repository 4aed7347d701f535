import type { MlTask } from './gbdt-model';
import { scoresToPredictions } from './link';

/**
 * A trained linear model: plain data, JSON-able. Output k of a row is
 * `intercept[k] + Σ_f coefficients[k][f] · x[f]`, features in the order they were given;
 * binary models have one output (the log-odds of class 1), multiclass one per class
 * (softmax logits).
 */
export interface LinearModel {
  family: 'linear';
  version: 1;
  task: MlTask;
  outputs: number;
  coefficients: number[][];
  intercept: number[];
  /** The penalty it was fitted with (scikit-learn's Ridge `alpha`, LogisticRegression `1/C`). */
  l2: number;
  /** Newton iterations (0 for ridge, which is solved in one step). */
  iterations: number;
}

function rawScores(model: LinearModel, x: Float32Array, rows: number): Float64Array {
  const features = model.coefficients[0]?.length ?? 0;
  if (x.length !== rows * features) {
    throw new Error(`x holds ${x.length} values, not rows × ${features} features`);
  }
  const k = model.outputs;
  const out = new Float64Array(rows * k);
  for (let c = 0; c < k; c++) {
    const w = model.coefficients[c] as number[];
    const b = model.intercept[c] as number;
    for (let i = 0; i < rows; i++) {
      let s = b;
      for (let f = 0; f < features; f++) s += (w[f] as number) * (x[i * features + f] as number);
      out[i * k + c] = s;
    }
  }
  return out;
}

/**
 * Predictions: the value for regression, P(class 1) for binary (one per row), class
 * probabilities (row-major) for multiclass. A row with a missing value predicts NaN.
 */
export function predictLinear(model: LinearModel, x: Float32Array, rows: number): Float64Array {
  return scoresToPredictions(model.task, rawScores(model, x, rows), rows, model.outputs);
}

/** Throws a user-facing error when x and y do not hold rows × features and rows values. */
export function requireShape(x: Float32Array, y: Float32Array, rows: number, features: number): void {
  if (x.length !== rows * features) {
    throw new Error(`x holds ${x.length} values, not rows × features = ${rows * features}`);
  }
  if (y.length !== rows) throw new Error(`y holds ${y.length} values for ${rows} rows`);
  if (rows === 0 || features === 0) throw new Error('training needs at least one row and one feature');
}

/** Throws a user-facing error when a training row is incomplete. */
export function requireComplete(x: Float32Array, y: Float32Array, rows: number, features: number): void {
  requireShape(x, y, rows, features);
  // v · 0 is NaN exactly for NaN and ±Infinity: one branch-free pass finds out whether any
  // value is missing, and only then is the first one looked for (for the message).
  let probe = 0;
  for (let j = 0; j < x.length; j++) probe += (x[j] as number) * 0;
  for (let j = 0; probe !== 0 && j < x.length; j++) {
    if (!Number.isFinite(x[j] as number)) {
      throw new Error(
        `linear models need complete rows: feature ${j % features} is missing at row ${Math.floor(j / features)} (impute or drop it first)`,
      );
    }
  }
  for (let i = 0; i < rows; i++) {
    if (!Number.isFinite(y[i] as number)) throw new Error(`target is missing at row ${i}`);
  }
}
