import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { crossValidate, rareClassWarning, readLabelled, UPSTREAM_FIT_NOTE } from './cross-validation';
import { taskMetrics } from './scores';
import { crossValidateReport } from './validation-reports';

export default defineNodeKind({
  kind: 'model.cross_validate',
  version: 1,
  title: 'Cross-validate',
  category: 'Model',
  description:
    'k-fold cross-validation: refits the connected model’s own settings (any family) on k−1 folds of `data` and scores it on the fold left out, k times. Folds are seeded and, for classification, stratified by class. Shows each metric as the mean ± standard deviation over folds, beside the trivial baseline, and every fold’s numbers. Fitted stages upstream were fitted once on the whole table it receives: cross-validate the train split for a leak-free estimate.',
  inputs: { model: { type: 'model' }, data: { type: 'table' } },
  outputs: { metrics: { type: 'metrics' } },
  params: {
    folds: param.number('Folds', 5, { min: 2, max: 20, int: true, help: 'Number of folds (k).' }),
    seed: param.number('Seed', 42, { int: true, help: 'Seeds the fold assignment.' }),
  },
  subtitle: (p) => `${p.folds}-fold`,
  report: crossValidateReport,
  run: async ({ inputs, params, ctx }) => {
    const { model, data } = inputs;
    const meta = model.meta;
    const m = await readLabelled(ctx, meta, data, 'data');
    const rare = rareClassWarning(meta, m.y, params.folds);
    if (rare) ctx.warn(rare);
    const cv = await crossValidate(ctx, meta.spec, meta, m, params.folds, params.seed);
    const names = taskMetrics(meta.task).filter((k) => cv.mean[k] !== undefined);
    const rows = cv.perFold.map((f, i) => [
      `fold ${i + 1}`,
      cv.foldSizes[i] ?? 0,
      ...names.map((k) => f[k] ?? null),
    ]);
    rows.push(['mean', m.rows, ...names.map((k) => cv.mean[k] ?? null)]);
    rows.push(['sd', null, ...names.map((k) => cv.sd[k] ?? null)]);
    ctx.report({
      modelId: model.id,
      task: meta.task,
      target: meta.target,
      family: meta.family,
      folds: params.folds,
      stratified: cv.stratified,
      rows: m.rows,
      metrics: cv.mean,
      sd: cv.sd,
      resultsTable: {
        title: `${params.folds}-fold cross-validation${cv.stratified ? ' (stratified)' : ''}`,
        columns: ['fold', 'rows', ...names],
        rows,
      },
      note: UPSTREAM_FIT_NOTE,
    });
    return { metrics: { type: 'metrics', values: cv.mean, sd: cv.sd } };
  },
});
