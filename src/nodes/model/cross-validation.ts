import type { ModelMeta, ModelSpec } from '../../shared/models';
import type { TableHandle } from '../../shared/values';
import type { RunContext } from '../define-node-kind';
import { quoteIdent, requireColumns } from '../sql-util';
import { assignFolds, foldRows } from './folds';
import { floatColumns, formatDuration, labelList, requireComplete, requireModelFeatures } from './model-util';
import { type ScoreSpec, scoreOutputs, summarizeFolds } from './scores';

/** A table read for refitting: the model's features (row-major) and its target as it trains on it. */
export interface LabelledMatrix {
  x: Float32Array;
  /** The target value (regression) or class index. */
  y: Float32Array;
  rows: number;
  features: number;
}

/**
 * Read `table` the way `meta`'s model was trained: its feature columns in order and its
 * target (as the class index of the model's labels for classification). Missing features
 * (except for trees), missing targets and labels the model does not know are refused
 * with the column and the fix.
 */
export async function readLabelled(
  ctx: RunContext,
  meta: ModelMeta,
  table: TableHandle,
  input: string,
): Promise<LabelledMatrix> {
  requireModelFeatures(table, meta, input);
  requireColumns(table, [meta.target], 'target', input);
  if (meta.family !== 'gbdt')
    await requireComplete(
      ctx,
      table,
      meta.features,
      `Input "${input}" has feature columns`,
      'Add a Clean › Impute node upstream (or Drop nulls).',
    );
  await requireComplete(
    ctx,
    table,
    [meta.target],
    `Input "${input}": the target column`,
    'Drop those rows (Clean › Drop nulls on the target) first.',
  );
  const t = quoteIdent(meta.target);
  let yExpr = `CAST(${t} AS DOUBLE)`;
  if (meta.task !== 'regression') {
    yExpr = `list_position(${labelList(meta)}, ${t}) - 1`;
    const [u = {}] = await ctx.sql.query(
      `SELECT count(*) AS n, any_value(CAST(${t} AS VARCHAR)) AS example FROM input WHERE ${yExpr} IS NULL`,
      { input: table },
    );
    if (Number(u.n ?? 0) > 0)
      throw new Error(
        `Input "${input}": ${Number(u.n)} rows have a target value the model was not trained on (e.g. "${String(u.example)}"); the model knows ${meta.classes.map((c) => `"${String(c)}"`).join(', ')}.`,
      );
  }
  const x = await ctx.sql.readMatrix(`SELECT ${floatColumns(meta.features)} FROM input`, { input: table });
  const y = await ctx.sql.readMatrix(`SELECT ${yExpr} AS y FROM input`, { input: table });
  return { x: x.data, y: y.data, rows: x.rows, features: meta.features.length };
}

/** Rows `rows` of `m`, copied (training transfers its buffers). */
export function subset(m: LabelledMatrix, rows: Uint32Array): LabelledMatrix {
  const f = m.features;
  const x = new Float32Array(rows.length * f);
  const y = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    x.set(m.x.subarray(r * f, r * f + f), i * f);
    y[i] = m.y[r] as number;
  });
  return { x, y, rows: rows.length, features: f };
}

/** What the trivial baseline of a fold learns from its training rows. */
export function scoreSpec(meta: ModelMeta, y: Float32Array): ScoreSpec {
  const classCount = meta.task === 'regression' ? 1 : meta.classes.length;
  let sum = 0;
  const counts = new Array<number>(Math.max(classCount, 1)).fill(0);
  for (const v of y) {
    sum += v;
    if (meta.task !== 'regression') counts[v] = (counts[v] ?? 0) + 1;
  }
  let majority = 0;
  counts.forEach((c, i) => {
    if (c > (counts[majority] as number)) majority = i;
  });
  return { task: meta.task, classCount, trainMean: y.length ? sum / y.length : 0, trainMajority: majority };
}

/** Fit `spec` on `train` and score it on `test`; the fitted model is freed again. */
export async function fitAndScore(
  ctx: RunContext,
  spec: ModelSpec,
  meta: ModelMeta,
  train: LabelledMatrix,
  test: LabelledMatrix,
  onFraction: (fraction: number, eta: string) => void,
): Promise<Record<string, number>> {
  const score = scoreSpec(meta, train.y);
  const result = await ctx.models.train(
    spec,
    { x: train.x, y: train.y, rows: train.rows, features: train.features },
    { onProgress: (p) => onFraction(p.fraction, formatDuration(p.etaMs)) },
  );
  try {
    const out = await ctx.models.predict(result.modelId, test.x.slice(), test.rows);
    return scoreOutputs(score, out, test.y);
  } finally {
    await ctx.models.dispose(result.modelId);
  }
}

/** Metrics per fold, their mean and spread, and how the folds were made. */
export interface CrossValidation {
  perFold: Record<string, number>[];
  foldSizes: number[];
  mean: Record<string, number>;
  sd: Record<string, number>;
  stratified: boolean;
}

/**
 * k-fold cross-validation of `spec` on `m`: seeded folds, stratified by class for
 * classification; each fold's model is fitted on the other folds and scored on it.
 * Progress is reported within [from, to] of the node's bar, prefixed by `label`.
 */
export async function crossValidate(
  ctx: RunContext,
  spec: ModelSpec,
  meta: ModelMeta,
  m: LabelledMatrix,
  folds: number,
  seed: number,
  progress: { from: number; to: number; label?: string } = { from: 0, to: 1 },
): Promise<CrossValidation> {
  if (m.rows < folds * 2)
    throw new Error(`Param "folds": ${folds} folds need at least ${folds * 2} rows; the data has ${m.rows}.`);
  const stratified = meta.task !== 'regression';
  const fold = assignFolds(m.y, folds, seed, stratified);
  const perFold: Record<string, number>[] = [];
  const foldSizes: number[] = [];
  for (let f = 0; f < folds; f++) {
    ctx.signal.throwIfAborted();
    const { train, test } = foldRows(fold, f);
    const at = (fraction: number) => progress.from + ((progress.to - progress.from) * (f + fraction)) / folds;
    const prefix = progress.label ? `${progress.label} · ` : '';
    ctx.progress(at(0), `${prefix}fold ${f + 1}/${folds}`);
    perFold.push(
      await fitAndScore(ctx, spec, meta, subset(m, train), subset(m, test), (fraction, eta) =>
        ctx.progress(at(fraction), `${prefix}fold ${f + 1}/${folds} · ETA ${eta}`),
      ),
    );
    foldSizes.push(test.length);
  }
  return { perFold, foldSizes, ...summarizeFolds(perFold), stratified };
}

/** Words for the report: fitted stages upstream saw every fold's rows. */
export const UPSTREAM_FIT_NOTE =
  'Each fold refits the model on the other folds, but fitted stages upstream (Impute, Scale, One-hot, Target encode) were fitted once on the whole table this node receives, so their statistics saw every fold’s test rows. For a leak-free estimate put Split before those stages and cross-validate on the train split; the test split stays for the final Evaluate.';

/** Warn when a class has fewer rows than there are folds (some folds then lack it). */
export function rareClassWarning(meta: ModelMeta, y: Float32Array, folds: number): string | undefined {
  if (meta.task === 'regression') return undefined;
  const counts = new Array<number>(meta.classes.length).fill(0);
  for (const v of y) counts[v] = (counts[v] ?? 0) + 1;
  const rare = meta.classes.filter((_, i) => (counts[i] as number) > 0 && (counts[i] as number) < folds);
  return rare.length
    ? `Class ${rare.map((c) => `"${String(c)}"`).join(', ')} has fewer rows than folds (${folds}); some folds have none of it, so their metrics vary more.`
    : undefined;
}
