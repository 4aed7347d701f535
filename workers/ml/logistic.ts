import { choleskySolve } from './cholesky';
import { addBlockGram, BLOCK_ROWS, loadScoredBlock } from './gram';
import { type LinearModel, requireComplete } from './linear-model';

/** Parameters of `trainLogistic`. */
export interface LogisticParams {
  task: 'binary' | 'multiclass';
  /** Class count for multiclass (default: largest label + 1). */
  numClasses?: number;
  /** Penalty strength, scikit-learn's `1/C`. */
  l2?: number;
  maxIterations?: number;
  /** Called with the mean log loss (no penalty) at the start (iteration 0) and after each Newton step. */
  onIteration?: (iteration: number, meanLoss: number) => void;
}

interface Evaluation {
  objective: number;
  /** The log-loss part of the objective, summed over rows. */
  loss: number;
  grad: Float64Array;
  hess: Float64Array | null;
}

/**
 * Logistic regression (binary) or multinomial logistic regression (multiclass), solved by
 * Newton's method with a backtracking line search. It minimises
 * `Σ log-loss + (l2 / 2) Σ‖w_k‖²` with unpenalised intercepts: scikit-learn's
 * `LogisticRegression(C = 1 / l2)` objective (`C Σ loss + ½‖w‖²`) divided by C, so the
 * optimum is the same. Multiclass keeps one weight vector per class, like scikit-learn;
 * intercepts are centred to sum to zero (predictions do not change). Features are not scaled.
 */
export function trainLogistic(
  x: Float32Array,
  y: Float32Array,
  rows: number,
  features: number,
  params: LogisticParams,
): LinearModel {
  const l2 = params.l2 ?? 1;
  if (!(l2 >= 0)) throw new Error('l2 must not be negative');
  requireComplete(x, y, rows, features);
  let maxLabel = 0;
  for (let i = 0; i < rows; i++) {
    const v = y[i] as number;
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`class labels must be integers from 0 (row ${i} holds ${v})`);
    maxLabel = Math.max(maxLabel, v);
  }
  const multiclass = params.task === 'multiclass';
  const classes = multiclass ? (params.numClasses ?? maxLabel + 1) : 2;
  if (maxLabel >= classes) throw new Error(`class label ${maxLabel} is out of range for ${classes} classes`);
  const outputs = multiclass ? classes : 1;
  const p1 = features + 1;
  const d = outputs * p1;
  const theta = new Float64Array(d);
  const xt = new Float64Array(p1);
  const z = new Float64Array(outputs);
  const prob = new Float64Array(outputs);

  const binary = multiclass ? null : new BinaryPass(x, y, rows, features);
  const evaluate = (th: Float64Array, withDerivatives: boolean): Evaluation => {
    let objective = 0;
    const grad = new Float64Array(d);
    const hess = withDerivatives ? new Float64Array(d * d) : null;
    if (binary) objective = binary.run(th, grad, hess);
    // Multiclass: one row at a time (the binary case took the blocked pass above).
    const rowsLeft = binary ? 0 : rows;
    for (let i = 0; i < rowsLeft; i++) {
      for (let f = 0; f < features; f++) xt[f] = x[i * features + f] as number;
      xt[features] = 1;
      const label = y[i] as number;
      for (let k = 0; k < outputs; k++) {
        let s = 0;
        for (let j = 0; j < p1; j++) s += (th[k * p1 + j] as number) * (xt[j] as number);
        z[k] = s;
      }
      if (!multiclass) {
        const zi = z[0] as number;
        const e = Math.exp(-Math.abs(zi));
        objective += Math.max(zi, 0) + Math.log1p(e) - label * zi;
        prob[0] = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
      } else {
        let m = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < outputs; k++) m = Math.max(m, z[k] as number);
        let s = 0;
        for (let k = 0; k < outputs; k++) s += Math.exp((z[k] as number) - m);
        objective += m + Math.log(s) - (z[label] as number);
        for (let k = 0; k < outputs; k++) prob[k] = Math.exp((z[k] as number) - m) / s;
      }
      if (!withDerivatives || !hess) continue;
      for (let k = 0; k < outputs; k++) {
        const r = (prob[k] as number) - (multiclass ? (k === label ? 1 : 0) : label);
        for (let j = 0; j < p1; j++) grad[k * p1 + j] = (grad[k * p1 + j] as number) + r * (xt[j] as number);
      }
      // Lower triangle of Σ x̃ x̃ᵀ ⊗ (diag(p) − p pᵀ), the softmax (or sigmoid) curvature.
      for (let k = 0; k < outputs; k++) {
        const pk = prob[k] as number;
        for (let l = 0; l <= k; l++) {
          const c = multiclass ? pk * ((k === l ? 1 : 0) - (prob[l] as number)) : pk * (1 - pk);
          if (c === 0) continue;
          for (let a = 0; a < p1; a++) {
            const ca = c * (xt[a] as number);
            const row = (k * p1 + a) * d + l * p1;
            const last = k === l ? a : p1 - 1;
            for (let b = 0; b <= last; b++)
              hess[row + b] = (hess[row + b] as number) + ca * (xt[b] as number);
          }
        }
      }
    }
    const loss = objective;
    for (let k = 0; k < outputs; k++) {
      for (let j = 0; j < features; j++) {
        const w = th[k * p1 + j] as number;
        objective += 0.5 * l2 * w * w;
        if (withDerivatives) {
          grad[k * p1 + j] = (grad[k * p1 + j] as number) + l2 * w;
          if (hess)
            hess[(k * p1 + j) * d + k * p1 + j] = (hess[(k * p1 + j) * d + k * p1 + j] as number) + l2;
        }
      }
    }
    if (hess && multiclass) {
      // Shifting every intercept by the same amount changes nothing, so the Hessian is
      // singular along that direction; adding it back (the gradient is orthogonal to it)
      // gives the minimum-norm Newton step.
      for (let k = 0; k < outputs; k++) {
        for (let l = 0; l <= k; l++) {
          const at = (k * p1 + features) * d + l * p1 + features;
          hess[at] = (hess[at] as number) + 1;
        }
      }
    }
    return { objective, loss, grad, hess };
  };

  const maxIterations = params.maxIterations ?? 100;
  let iterations = 0;
  let current = evaluate(theta, true);
  params.onIteration?.(0, current.loss / rows);
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const step = choleskySolve(current.hess as Float64Array, current.grad, d);
    if (!step) throw new Error('the fit has no unique solution (collinear or constant features); raise l2');
    let slope = 0;
    let stepMax = 0;
    let thetaMax = 0;
    for (let j = 0; j < d; j++) {
      slope += (current.grad[j] as number) * (step[j] as number);
      stepMax = Math.max(stepMax, Math.abs(step[j] as number));
      thetaMax = Math.max(thetaMax, Math.abs(theta[j] as number));
    }
    const small = (t: number) =>
      t * stepMax <= 1e-10 * (1 + thetaMax) || slope <= 1e-20 * (1 + Math.abs(current.objective));
    let t = 1;
    const trial = new Float64Array(d);
    let tried = current;
    if (small(1) && !params.onIteration) {
      // The step is below the stopping tolerance: the line search could only shorten it by
      // less than that tolerance, and nobody reads the loss, so skip its pass over the rows.
      for (let j = 0; j < d; j++) theta[j] = (theta[j] as number) - (step[j] as number);
      converged = true;
      break;
    }
    for (let half = 0; half < 40; half++) {
      for (let j = 0; j < d; j++) trial[j] = (theta[j] as number) - t * (step[j] as number);
      // The full step is nearly always taken, so its pass also builds the next Newton
      // system unless it will be the last; shortened steps (rare) are only scored.
      tried = evaluate(trial, half === 0 && !small(1));
      if (tried.objective <= current.objective - 1e-4 * t * slope) break;
      t /= 2;
    }
    theta.set(trial);
    params.onIteration?.(iterations, tried.loss / rows);
    if (small(t)) {
      converged = true;
      break;
    }
    current = tried.hess ? tried : evaluate(theta, true);
  }
  if (!converged) {
    throw new Error(
      `logistic regression did not converge in ${maxIterations} iterations (are the classes perfectly separable? raise l2)`,
    );
  }
  const coefficients: number[][] = [];
  const intercept: number[] = [];
  for (let k = 0; k < outputs; k++) {
    coefficients.push(Array.from(theta.subarray(k * p1, k * p1 + features)));
    intercept.push(theta[k * p1 + features] as number);
  }
  if (multiclass) {
    const mean = intercept.reduce((s, v) => s + v, 0) / outputs;
    for (let k = 0; k < outputs; k++) intercept[k] = (intercept[k] as number) - mean;
  }
  return {
    family: 'linear',
    version: 1,
    task: params.task,
    outputs,
    coefficients,
    intercept,
    l2,
    iterations,
  };
}

/**
 * One pass of binary logistic regression over the rows, a block at a time: the summed log
 * loss, and optionally its gradient and the lower triangle of the Hessian XᵀWX (intercept
 * last), built by blocked column products instead of a rank-one update per row. Buffers are
 * allocated once per fit.
 */
class BinaryPass {
  private readonly cols: Float64Array;
  private readonly weighted: Float64Array;
  private readonly z = new Float64Array(BLOCK_ROWS);
  private readonly residual = new Float64Array(BLOCK_ROWS);

  constructor(
    private readonly x: Float32Array,
    private readonly y: Float32Array,
    private readonly rows: number,
    private readonly features: number,
  ) {
    this.cols = new Float64Array(features * BLOCK_ROWS);
    // The last column holds the rows' curvature weights p(1 − p).
    this.weighted = new Float64Array((features + 1) * BLOCK_ROWS);
  }

  /** Returns the summed log loss at `th`; adds the gradient (and Hessian when given) into theirs. */
  run(th: Float64Array, grad: Float64Array, hess: Float64Array | null): number {
    const { x, y, rows, features: p, cols, weighted, z, residual } = this;
    const p1 = p + 1;
    const bias = th[p] as number;
    let loss = 0;
    for (let start = 0; start < rows; start += BLOCK_ROWS) {
      const n = Math.min(BLOCK_ROWS, rows - start);
      loadScoredBlock(x, p, start, n, cols, BLOCK_ROWS, th, bias, z);
      const wo = p * BLOCK_ROWS;
      for (let i = 0; i < n; i++) {
        const zi = z[i] as number;
        const label = y[start + i] as number;
        const e = Math.exp(-Math.abs(zi));
        loss += Math.max(zi, 0) + Math.log1p(e) - label * zi;
        const prob = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
        residual[i] = prob - label;
        weighted[wo + i] = prob * (1 - prob);
      }
      if (!hess) continue;
      // The intercept's row of the Hessian (its column of ones) is the column sums of the
      // weighted features, taken in the same loop.
      const ip = p * p1;
      let g = 0;
      let h = 0;
      for (let i = 0; i < n; i++) {
        g += residual[i] as number;
        h += weighted[wo + i] as number;
      }
      grad[p] = (grad[p] as number) + g;
      hess[ip + p] = (hess[ip + p] as number) + h;
      for (let f = 0; f < p; f++) {
        const o = f * BLOCK_ROWS;
        let gf = 0;
        let hf = 0;
        for (let i = 0; i < n; i++) {
          const v = cols[o + i] as number;
          const wv = (weighted[wo + i] as number) * v;
          gf += (residual[i] as number) * v;
          hf += wv;
          weighted[o + i] = wv;
        }
        grad[f] = (grad[f] as number) + gf;
        hess[ip + f] = (hess[ip + f] as number) + hf;
      }
      addBlockGram(weighted, cols, BLOCK_ROWS, n, p, hess, p1);
    }
    return loss;
  }
}
