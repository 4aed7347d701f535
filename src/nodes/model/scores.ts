import type { ModelTask } from '../../shared/models';
import { rankAuc } from '../../shared/rank-auc';
import { isPositive } from './model-util';

/**
 * Metrics of raw model outputs against known targets, computed in the worker for the
 * rows a model never saw during one fold of cross-validation. Same names and definitions
 * as `model.evaluate` (which computes them in SQL over a predictions table), so a fold's
 * numbers and an evaluation's mean the same thing.
 */

/** The task and, for the trivial baseline, what the training rows looked like. */
export interface ScoreSpec {
  task: ModelTask;
  /** Number of classes (1 for regression). */
  classCount: number;
  /** Regression: the training rows' mean target (the mean predictor). */
  trainMean: number;
  /** Classification: the training rows' most frequent class index. */
  trainMajority: number;
}

/** The metric a task's models are ranked by when the user does not choose one. */
export function headlineMetric(task: ModelTask): string {
  return task === 'regression' ? 'r2' : task === 'binary' ? 'auc' : 'accuracy';
}

/** Whether a smaller value of `metric` is the better one. */
export function lowerIsBetter(metric: string): boolean {
  return metric === 'mae' || metric === 'rmse' || metric === 'log_loss';
}

/** The metrics a task reports, in the order tables show them. */
export function taskMetrics(task: ModelTask): string[] {
  if (task === 'regression') return ['r2', 'rmse', 'mae'];
  if (task === 'binary') return ['auc', 'accuracy', 'f1', 'precision', 'recall'];
  return ['accuracy', 'f1', 'precision', 'recall'];
}

function regression(out: ArrayLike<number>, y: ArrayLike<number>, mean: number) {
  const n = y.length;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i] as number;
  yMean /= n;
  let abs = 0;
  let sq = 0;
  let bAbs = 0;
  let bSq = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i] as number;
    const e = yi - (out[i] as number);
    abs += Math.abs(e);
    sq += e * e;
    bAbs += Math.abs(yi - mean);
    bSq += (yi - mean) ** 2;
    total += (yi - yMean) ** 2;
  }
  const r2 = (ss: number) => (total > 0 ? 1 - ss / total : undefined);
  return {
    r2: r2(sq),
    rmse: Math.sqrt(sq / n),
    mae: abs / n,
    baseline_r2: r2(bSq),
    baseline_rmse: Math.sqrt(bSq / n),
    baseline_mae: bAbs / n,
  };
}

function classification(out: ArrayLike<number>, y: ArrayLike<number>, spec: ScoreSpec) {
  const n = y.length;
  const binary = spec.task === 'binary';
  const k = binary ? 2 : spec.classCount;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < n; i++) {
    let p = 0;
    if (binary) p = isPositive(out[i] as number, 0.5) ? 1 : 0;
    else for (let c = 1; c < k; c++) if ((out[i * k + c] as number) > (out[i * k + p] as number)) p = c;
    const row = confusion[y[i] as number] as number[];
    row[p] = (row[p] as number) + 1;
  }
  const tp = (c: number) => (confusion[c] as number[])[c] as number;
  const predictedAs = (c: number) => confusion.reduce((s, row) => s + (row[c] as number), 0);
  const actually = (c: number) => (confusion[c] as number[]).reduce((s, v) => s + v, 0);
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  const scores = (c: number) => {
    const precision = ratio(tp(c), predictedAs(c));
    const recall = ratio(tp(c), actually(c));
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
  };
  let correct = 0;
  for (let c = 0; c < k; c++) correct += tp(c);
  let majority = 0;
  for (let i = 0; i < n; i++) if (y[i] === spec.trainMajority) majority++;
  const common = { accuracy: correct / n, baseline_accuracy: majority / n };
  if (binary) return { ...common, ...scores(1), auc: rankAuc(out, y), baseline_auc: 0.5 };
  // Macro average over the classes that occur (as actual or predicted), like scikit-learn.
  const present = confusion.map((_, c) => c).filter((c) => actually(c) + predictedAs(c) > 0);
  const all = present.map(scores);
  const mean = (key: 'precision' | 'recall' | 'f1') =>
    ratio(
      all.reduce((s, x) => s + x[key], 0),
      all.length,
    );
  return { ...common, precision: mean('precision'), recall: mean('recall'), f1: mean('f1') };
}

/**
 * The task's metrics and their trivial baselines for `rows` model outputs (one per row, or
 * `classCount` per row for multiclass, row-major) against `y` (the value, or class index).
 * Metrics a fold cannot define (AUC with one class present) are left out.
 */
export function scoreOutputs(
  spec: ScoreSpec,
  out: ArrayLike<number>,
  y: ArrayLike<number>,
): Record<string, number> {
  if (y.length === 0) throw new Error('No rows to score.');
  const all: Record<string, number | undefined> =
    spec.task === 'regression' ? regression(out, y, spec.trainMean) : classification(out, y, spec);
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(all)) if (v !== undefined && Number.isFinite(v)) values[k] = v;
  return values;
}

/** Mean and standard deviation of each metric over folds (baselines get a mean only). */
export function summarizeFolds(folds: readonly Record<string, number>[]): {
  mean: Record<string, number>;
  sd: Record<string, number>;
} {
  const mean: Record<string, number> = {};
  const sd: Record<string, number> = {};
  const names = new Set(folds.flatMap((f) => Object.keys(f)));
  for (const name of names) {
    const xs = folds.map((f) => f[name]).filter((v): v is number => v !== undefined);
    if (!xs.length) continue;
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    mean[name] = m;
    // Population sd over folds, as `cross_val_score(...).std()` in scikit-learn prints it.
    if (!name.startsWith('baseline_'))
      sd[name] = Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / xs.length);
  }
  return { mean, sd };
}
