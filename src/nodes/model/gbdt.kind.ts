import type { GbdtTrainSpec } from '../../shared/models';
import type { TableHandle } from '../../shared/values';
import { defineNodeKind, type RunContext } from '../define-node-kind';
import { param } from '../params';
import { quoteIdent } from '../sql-util';
import { gbdtReport } from './model-reports';
import { formatDuration } from './model-util';
import {
  featureTable,
  modelMeta,
  predictsSubtitle,
  readTrainingTable,
  trainingParams,
} from './training-data';

/** Throw unless every categorical column is a feature holding integer codes, at most `bins` of them. */
async function checkCategorical(
  ctx: RunContext,
  table: TableHandle,
  columns: readonly string[],
  features: readonly string[],
  bins: number,
): Promise<void> {
  for (const c of columns) {
    if (!features.includes(c))
      throw new Error(`Param "categorical": "${c}" is not one of the feature columns.`);
    const q = `CAST(${quoteIdent(c)} AS DOUBLE)`;
    const [r = {}] = await ctx.sql.query(
      `SELECT count(*) FILTER (WHERE ${q} <> round(${q})) AS frac, count(DISTINCT ${q}) AS d FROM input`,
      { input: table },
    );
    if (Number(r.frac ?? 0) > 0)
      throw new Error(
        `Param "categorical": "${c}" holds non-integer values; categories must be integer codes (encode text with Features › Target encode or a SQL CASE first).`,
      );
    if (Number(r.d ?? 0) > bins)
      throw new Error(
        `Param "categorical": "${c}" has ${Number(r.d)} categories, more than "bins" (${bins}); leave it numeric or group rare ones.`,
      );
  }
}

export default defineNodeKind({
  kind: 'model.gbdt',
  version: 1,
  title: 'Gradient-boosted trees',
  category: 'Model',
  role: 'model',
  description:
    'Trains gradient-boosted decision trees (histogram-based, like LightGBM or scikit-learn’s HistGradientBoosting) to predict `target` from numeric and boolean feature columns: regression, binary or multiclass. Missing feature values are allowed (each split learns where they go); integer-coded `categorical` columns split on sets of categories. Seeded and deterministic; reports gain importance per feature.',
  inputs: { train: { type: 'table' } },
  outputs: { model: { type: 'model' } },
  params: {
    ...trainingParams(),
    categorical: param.columns('Categorical', {
      help: 'Feature columns holding integer category codes: split on sets of codes instead of thresholds.',
    }),
    rounds: param.number('Rounds', 100, {
      min: 1,
      max: 100_000,
      int: true,
      help: 'Boosting rounds (trees per output).',
    }),
    learningRate: param.number('Learning rate', 0.1, { min: 1e-6, max: 1 }),
    maxDepth: param.number('Max depth', 6, {
      min: 0,
      max: 64,
      int: true,
      help: '0 = limited by max leaves only.',
    }),
    maxLeaves: param.number('Max leaves', 31, { min: 2, max: 65_536, int: true }),
    minSamplesLeaf: param.number('Min samples per leaf', 20, { min: 1, max: 1_000_000, int: true }),
    l2: param.number('L2', 0, { min: 0, max: 1e6, help: 'L2 penalty on leaf values.' }),
    subsample: param.number('Row subsample', 1, {
      min: 0.01,
      max: 1,
      help: 'Fraction of rows drawn (seeded) for each round.',
    }),
    colsample: param.number('Column subsample', 1, {
      min: 0.01,
      max: 1,
      help: 'Fraction of features drawn (seeded) for each tree.',
    }),
    bins: param.number('Bins', 255, { min: 2, max: 255, int: true, help: 'Quantile bins per feature.' }),
    earlyStoppingRounds: param.number('Early stopping rounds', 0, {
      min: 0,
      max: 100_000,
      int: true,
      help: 'Stop after this many rounds without a better validation loss and keep the best round. 0 = off.',
    }),
    validationFraction: param.number('Validation fraction', 0.1, {
      min: 0.01,
      max: 0.9,
      help: 'Rows held out (seeded) for early stopping; used only when it is on.',
    }),
    seed: param.number('Seed', 42, { int: true }),
  },
  subtitle: (p) => predictsSubtitle(`${p.rounds} trees`, p.target),
  report: gbdtReport,
  run: async ({ inputs, params, ctx }) => {
    const t = await readTrainingTable(ctx, inputs.train, params, { missingFeatures: true });
    await checkCategorical(ctx, inputs.train, params.categorical, t.features, params.bins);
    const { info } = t;
    const spec: GbdtTrainSpec = {
      family: 'gbdt',
      task: info.task,
      classCount: info.task === 'multiclass' ? info.classes.length : 1,
      rounds: params.rounds,
      learningRate: params.learningRate,
      maxDepth: params.maxDepth,
      maxLeaves: params.maxLeaves,
      minSamplesLeaf: params.minSamplesLeaf,
      l2: params.l2,
      subsample: params.subsample,
      colsample: params.colsample,
      bins: params.bins,
      earlyStoppingRounds: params.earlyStoppingRounds,
      validationFraction: params.validationFraction,
      seed: params.seed,
      categorical: t.features.map((f) => params.categorical.includes(f)),
    };
    const result = await ctx.models.train(spec, t.data, {
      onProgress: (p) =>
        ctx.progress(p.fraction, `round ${p.epoch}/${p.epochs} · ETA ${formatDuration(p.etaMs)}`),
      onEpoch: (logs) => ctx.point(logs),
    });
    const summary = result.summary;
    if (summary?.family !== 'gbdt') throw new Error('The training runtime returned no tree summary.');
    const last = result.history[result.history.length - 1];
    const bestLogs = result.history[result.bestEpoch - 1] ?? last;
    ctx.report({
      task: info.task,
      target: t.target,
      features: t.features,
      ...(t.notFeatures.length ? { notFeatures: t.notFeatures } : {}),
      classes: info.classes,
      backend: result.backend,
      rounds: result.bestEpoch,
      roundsPlanned: params.rounds,
      stoppedEarly: result.stoppedEarly,
      trees: summary.trees,
      leaves: summary.leaves,
      categorical: params.categorical,
      finalLoss: bestLogs?.loss ?? null,
      finalValLoss: bestLogs?.val_loss ?? null,
      trainRows: result.trainRows,
      valRows: result.valRows,
      parameters: result.parameters,
      durationMs: Math.round(result.durationMs),
      history: result.history,
      featureTable: featureTable(
        'Gain importance',
        t.features,
        ['gain', 'share'],
        [summary.importance, shares(summary.importance)],
      ),
    });
    return {
      model: { type: 'model', id: result.modelId, meta: modelMeta('gbdt', spec, t, result, params) },
    };
  },
});

/** Each value's fraction of the total (0 when all are 0). */
function shares(values: readonly number[]): number[] {
  const total = values.reduce((s, v) => s + v, 0);
  return values.map((v) => (total > 0 ? v / total : 0));
}
