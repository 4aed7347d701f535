import { z } from 'zod';
import {
  BACKEND_PREFERENCES,
  type ClassLabel,
  DEFAULT_LAYERS,
  layerSpecSchema,
  MODEL_TASKS,
  type ModelMeta,
  type ModelTask,
  OPTIMIZERS,
} from '../../shared/models';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { columnType, isNumericType, quoteIdent, requireColumns } from '../sql-util';
import { resolveFeatureSet, skippedTimeWarning } from './feature-set';
import { trainReport } from './model-reports';
import { floatColumns, formatDuration, labelList, requireComplete } from './model-util';

/** More classes than this is almost surely an id column picked as the target by mistake. */
const MAX_CLASSES = 1000;

/** Decide the task and, for classification, the sorted labels with their row counts. */
async function targetInfo(
  run: (sql: string) => Promise<Record<string, unknown>[]>,
  target: string,
  targetType: string,
  wanted: 'auto' | ModelTask,
): Promise<{ task: ModelTask; classes: ClassLabel[]; classCounts: number[]; mean: number | null }> {
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

export default defineNodeKind({
  kind: 'model.train',
  version: 1,
  title: 'Train model',
  category: 'Model',
  role: 'model',
  description:
    'Trains a neural network (TF.js, in its own worker) to predict `target` from numeric and boolean (0/1) feature columns: regression, binary or multiclass classification. Seeded: the same data, params and backend give the same model.',
  inputs: { train: { type: 'table' } },
  outputs: { model: { type: 'model' } },
  params: {
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
    layers: param.json(
      'Hidden layers',
      z
        .array(layerSpecSchema)
        .max(16)
        .default(() => DEFAULT_LAYERS.map((l) => ({ ...l }))),
      {
        help: 'Dense layers in order: [{"units": 128, "activation": "relu", "dropout": 0.2}, …]. The output layer is added for the task.',
      },
    ),
    optimizer: param.select('Optimizer', OPTIMIZERS, 'adam'),
    learningRate: param.number('Learning rate', 0.001, { min: 1e-7, max: 10 }),
    epochs: param.number('Epochs', 30, { min: 1, max: 10_000, int: true }),
    batchSize: param.number('Batch size', 256, { min: 1, max: 65_536, int: true }),
    validationSplit: param.number('Validation split', 0.1, {
      min: 0,
      max: 0.9,
      help: 'Fraction of rows held out (seeded) to report validation loss each epoch.',
    }),
    earlyStoppingPatience: param.number('Early stopping patience', 0, {
      min: 0,
      max: 10_000,
      int: true,
      help: 'Stop after this many epochs without a better validation loss and keep the best weights. 0 = off.',
    }),
    seed: param.number('Seed', 42, { int: true }),
    backend: param.select('Backend', BACKEND_PREFERENCES, 'auto', {
      help: 'auto picks the fastest that really works here (a software GPU is skipped).',
    }),
  },
  report: trainReport,
  run: async ({ inputs, params, ctx }) => {
    const table = inputs.train;
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

    const result = await ctx.models.train(
      {
        task: info.task,
        classCount: info.task === 'multiclass' ? info.classes.length : 1,
        layers: params.layers,
        optimizer: params.optimizer,
        learningRate: params.learningRate,
        epochs: params.epochs,
        batchSize: params.batchSize,
        validationSplit: params.validationSplit,
        earlyStoppingPatience: params.earlyStoppingPatience,
        seed: params.seed,
        backend: params.backend,
      },
      { x: x.data, y: y.data, rows: x.rows, features: features.length },
      {
        onProgress: (p) =>
          ctx.progress(
            p.fraction,
            `epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batches} · ETA ${formatDuration(p.etaMs)}`,
          ),
        onEpoch: (logs) => ctx.point(logs),
      },
    );

    const last = result.history[result.history.length - 1];
    const meta: ModelMeta = {
      features,
      target,
      targetType,
      task: info.task,
      classes: info.classes,
      classCounts: info.classCounts,
      targetMean: info.mean,
      backend: result.backend,
      backendNote: result.backendNote,
      history: result.history,
      epochs: result.epochsRun,
      bestEpoch: result.bestEpoch,
      trainRows: result.trainRows,
      valRows: result.valRows,
      parameters: result.parameters,
      params: { ...params, features },
    };
    ctx.report({
      task: info.task,
      target,
      features,
      ...(skippedTime.length || skippedOther.length
        ? { notFeatures: [...skippedTime, ...skippedOther] }
        : {}),
      classes: info.classes,
      backend: result.backend,
      backendNote: result.backendNote ?? null,
      epochs: result.epochsRun,
      epochsPlanned: params.epochs,
      bestEpoch: result.bestEpoch,
      stoppedEarly: result.stoppedEarly,
      finalLoss: last?.loss ?? null,
      finalValLoss: last?.val_loss ?? null,
      trainRows: result.trainRows,
      valRows: result.valRows,
      parameters: result.parameters,
      durationMs: Math.round(result.durationMs),
      history: result.history,
    });
    return { model: { type: 'model', id: result.modelId, meta } };
  },
});
