import {
  type ClassLabel,
  MODEL_TASKS,
  type ModelFamily,
  type ModelMeta,
  type ModelSpec,
  type ModelTask,
  type TrainData,
  type TrainResult,
} from '../../shared/models';
import type { TableHandle } from '../../shared/values';
import type { RunContext } from '../define-node-kind';
import { param } from '../params';
import { columnType, isNumericType, quoteIdent, requireColumns } from '../sql-util';
import { resolveFeatureSet, skippedTimeWarning } from './feature-set';
import { floatColumns, labelList, requireComplete } from './model-util';

/** More classes than this is almost surely an id column picked as the target by mistake. */
const MAX_CLASSES = 1000;

/** The task a target gives, and for classification its sorted labels with their row counts. */
export interface TargetInfo {
  task: ModelTask;
  classes: ClassLabel[];
  classCounts: number[];
  mean: number | null;
}

/** Decide the task and, for classification, the sorted labels with their row counts. */
export async function targetInfo(
  run: (sql: string) => Promise<Record<string, unknown>[]>,
  target: string,
  targetType: string,
  wanted: 'auto' | ModelTask,
): Promise<TargetInfo> {
  const t = quoteIdent(target);
  const numeric = isNumericType(targetType);
  const [stats = {}] = await run(
    `SELECT count(DISTINCT ${t}) AS d${numeric ? `, avg(CAST(${t} AS DOUBLE)) AS m` : ''} FROM input`,
  );
  const distinct = Number(stats.d ?? 0);
  const mean = typeof stats.m === 'number' ? stats.m : null;
  if (distinct < 2)
    throw new Error(
      `Target "${target}" has ${distinct === 0 ? 'no values' : 'a single value'}: nothing to learn.`,
    );
  let task: ModelTask;
  if (wanted !== 'auto') task = wanted;
  else if (distinct === 2) task = 'binary';
  else if (numeric) task = 'regression';
  else task = 'multiclass';

  if (task === 'regression') {
    if (!numeric)
      throw new Error(`Param "task": regression needs a numeric target; "${target}" is ${targetType}.`);
    return { task, classes: [], classCounts: [], mean };
  }
  if (!numeric && targetType !== 'VARCHAR' && targetType !== 'BOOLEAN')
    throw new Error(
      `Target "${target}" is ${targetType}: classification takes text, boolean or integer labels; cast it first.`,
    );
  if (task === 'binary' && distinct !== 2)
    throw new Error(
      `Param "task": binary needs exactly 2 distinct target values; "${target}" has ${distinct}.`,
    );
  if (distinct > MAX_CLASSES)
    throw new Error(
      `Target "${target}" has ${distinct} distinct values, too many classes (at most ${MAX_CLASSES}); for a numeric target choose task "regression".`,
    );
  const rows = await run(
    `SELECT ${t} AS v, count(*) AS n FROM input WHERE ${t} IS NOT NULL GROUP BY ALL ORDER BY v`,
  );
  return {
    task,
    classes: rows.map((r) => r.v as ClassLabel),
    classCounts: rows.map((r) => Number(r.n)),
    mean,
  };
}

/** A model node's training table, read and checked: features, target, task and the matrices. */
export interface TrainingTable {
  target: string;
  targetType: string;
  features: string[];
  /** Columns the default feature set left out because their type cannot be one. */
  notFeatures: string[];
  info: TargetInfo;
  /** The feature matrix and target, ready for `ctx.models.train` (buffers are transferred). */
  data: TrainData;
}

/**
 * Everything every model family does before fitting: resolve the target and feature
 * columns (the default feature set), check for missing values, decide the task and read
 * the features and the target (class index for classification) as float matrices.
 * `missingFeatures`: the family handles NULL features itself (trees); they are read as NaN.
 */
export async function readTrainingTable(
  ctx: RunContext,
  table: TableHandle,
  params: {
    target: string;
    features: readonly string[];
    exclude: readonly string[];
    task: 'auto' | ModelTask;
  },
  options: { missingFeatures?: boolean } = {},
): Promise<TrainingTable> {
  const target = params.target.trim();
  if (!target) throw new Error('Param "target": choose the column to predict.');
  requireColumns(table, [target], 'target', 'train');
  const targetType = columnType(table, target) ?? '';
  const { features, skippedTime, skippedOther } = resolveFeatureSet(
    table,
    target,
    params.features,
    params.exclude,
  );
  if (skippedTime.length) ctx.warn(skippedTimeWarning(skippedTime));
  if (table.rowCount < 2) throw new Error(`Input "train" has ${table.rowCount} rows: too few to train on.`);

  if (!options.missingFeatures)
    await requireComplete(
      ctx,
      table,
      features,
      'Feature columns',
      'Add a Clean › Impute node before training (and feed the test data through its "apply" input), or Drop nulls.',
    );
  await requireComplete(
    ctx,
    table,
    [target],
    'The target column',
    'Drop those rows (Clean › Drop nulls on the target) before training.',
  );

  const info = await targetInfo(
    (sql) => ctx.sql.query(sql, { input: table }),
    target,
    targetType,
    params.task,
  );
  const yExpr =
    info.task === 'regression'
      ? quoteIdent(target)
      : `list_position(${labelList({ classes: info.classes, targetType })}, ${quoteIdent(target)}) - 1`;
  ctx.progress(0, 'reading features');
  const x = await ctx.sql.readMatrix(`SELECT ${floatColumns(features)} FROM input`, { input: table });
  const y = await ctx.sql.readMatrix(`SELECT ${yExpr} AS y FROM input`, { input: table });
  return {
    target,
    targetType,
    features,
    notFeatures: [...skippedTime, ...skippedOther],
    info,
    data: { x: x.data, y: y.data, rows: x.rows, features: features.length },
  };
}

/** What travels with the model port: the training table's facts plus the run's outcome. */
export function modelMeta(
  family: ModelFamily,
  spec: ModelSpec,
  t: TrainingTable,
  result: TrainResult,
  params: Record<string, unknown>,
): ModelMeta {
  return {
    family,
    spec,
    features: t.features,
    target: t.target,
    targetType: t.targetType,
    task: t.info.task,
    classes: t.info.classes,
    classCounts: t.info.classCounts,
    targetMean: t.info.mean,
    ...fitFacts(result),
    params: { ...params, features: t.features },
  };
}

/** What a model's meta says about the fit itself (a refit with other settings replaces just these). */
export function fitFacts(result: TrainResult) {
  return {
    backend: result.backend,
    backendNote: result.backendNote,
    history: result.history,
    epochs: result.epochsRun,
    bestEpoch: result.bestEpoch,
    trainRows: result.trainRows,
    valRows: result.valRows,
    parameters: result.parameters,
  };
}

/** The params every model family takes to say what to learn from which columns. */
export function trainingParams() {
  return {
    target: param.column('Target', {
      help: 'The column to predict. Fitted stages upstream (impute, scale, one-hot) leave it alone.',
    }),
    features: {
      ...param.columns('Features', {
        help: 'Empty = every usable column (numbers, booleans as 0/1) but the target and "Exclude".',
      }),
      allExcept: 'exclude',
    },
    exclude: param.columns('Exclude', { help: 'Columns the default feature set leaves out.' }),
    task: param.select('Task', ['auto', ...MODEL_TASKS] as const, 'auto', {
      help: 'auto: 2 distinct values → binary; text with more → multiclass; numbers with more → regression.',
    }),
  };
}

/** A model's one-line subtitle: what it predicts. */
export function predictsSubtitle(family: string, target: string): string {
  return target.trim() ? `${family} → ${target.trim()}` : family;
}

/** Per-feature numbers as the report's small table, largest magnitude first. */
export function featureTable(
  title: string,
  features: readonly string[],
  columns: readonly string[],
  values: readonly (readonly number[])[],
): { title: string; columns: string[]; rows: (string | number)[][] } {
  const rows = features.map((f, i) => [f, ...values.map((v) => v[i] as number)]);
  const size = (r: (string | number)[]) => Math.max(...r.slice(1).map((v) => Math.abs(v as number)));
  rows.sort((a, b) => size(b) - size(a));
  return { title, columns: ['feature', ...columns], rows };
}
