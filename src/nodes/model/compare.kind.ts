import type { ModelHandle } from '../../shared/values';
import { defineNodeKind, type RunContext } from '../define-node-kind';
import { param } from '../params';
import { crossValidate, readLabelled, UPSTREAM_FIT_NOTE } from './cross-validation';
import { bestRows, type Cell, describeModel, valuesSelect } from './results-table';
import { headlineMetric, lowerIsBetter, type ScoreSpec, scoreOutputs, taskMetrics } from './scores';
import { compareReport } from './validation-reports';

const SLOTS = ['a', 'b', 'c', 'd'] as const;
type Slot = (typeof SLOTS)[number];
const METRICS = ['auto', 'auc', 'accuracy', 'f1', 'precision', 'recall', 'r2', 'rmse', 'mae'] as const;

/** Every connected model must predict the same thing, or their numbers cannot be compared. */
function requireComparable(models: [Slot, ModelHandle][]): void {
  const [first, ...rest] = models;
  if (!first) throw new Error('Connect at least two models (inputs "a" and "b").');
  const m0 = first[1].meta;
  for (const [slot, { meta }] of rest) {
    const differs =
      meta.target !== m0.target
        ? `predicts "${meta.target}", model "${first[0]}" predicts "${m0.target}"`
        : meta.task !== m0.task
          ? `is ${meta.task}, model "${first[0]}" is ${m0.task}`
          : JSON.stringify(meta.classes) !== JSON.stringify(m0.classes)
            ? 'was trained on other class labels'
            : '';
    if (differs) throw new Error(`Model "${slot}" ${differs}: models compared must predict the same target.`);
  }
}

/** A model's metrics on `data` as it is: no refitting. */
async function holdoutScores(
  ctx: RunContext,
  model: ModelHandle,
  data: Parameters<typeof readLabelled>[2],
  slot: Slot,
) {
  const m = await readLabelled(ctx, model.meta, data, 'data');
  const meta = model.meta;
  let majority = 0;
  meta.classCounts.forEach((n, i) => {
    if (n > (meta.classCounts[majority] ?? 0)) majority = i;
  });
  const spec: ScoreSpec = {
    task: meta.task,
    classCount: meta.task === 'regression' ? 1 : meta.classes.length,
    trainMean: meta.targetMean ?? 0,
    trainMajority: majority,
  };
  ctx.progress(0, `scoring model ${slot}`);
  const out = await ctx.models.predict(model.id, m.x, m.rows);
  return { values: scoreOutputs(spec, out, m.y), rows: m.rows };
}

export default defineNodeKind({
  kind: 'model.compare',
  version: 1,
  title: 'Compare models',
  category: 'Model',
  description:
    'Scores up to four models (any family, same target) on the same rows and lists them side by side with the trivial baseline, the best value per metric marked — like Orange’s Test & Score. `holdout` scores each trained model on `data` (e.g. the test split); `cross-validation` refits each model’s settings on k folds of `data` (e.g. the train split) and shows mean ± sd. The picked model (`pick`: the best by `metric`, or one input) flows out of `model`, e.g. into Export model.',
  inputs: {
    a: { type: 'model' },
    b: { type: 'model' },
    c: { type: 'model', optional: true },
    d: { type: 'model', optional: true },
    data: { type: 'table' },
  },
  outputs: { model: { type: 'model' }, metrics: { type: 'metrics' }, results: { type: 'table' } },
  params: {
    method: param.select('Method', ['holdout', 'cross-validation'] as const, 'holdout', {
      help: 'holdout: score the trained models on `data` as they are. cross-validation: refit each model’s settings on folds of `data`.',
    }),
    folds: param.number('Folds', 5, { min: 2, max: 20, int: true, help: 'cross-validation only.' }),
    seed: param.number('Seed', 42, { int: true, help: 'Seeds the folds (cross-validation only).' }),
    metric: param.select('Rank by', METRICS, 'auto', {
      help: 'auto: AUC (binary), accuracy (multiclass), R² (regression).',
    }),
    pick: param.select('Pick', ['best', ...SLOTS] as const, 'best', {
      help: 'The model passed on: the best by "Rank by", or the one on that input.',
    }),
  },
  subtitle: (p) =>
    `${p.method}${p.method === 'cross-validation' ? ` · ${p.folds}-fold` : ''} · pick ${p.pick}`,
  report: compareReport,
  run: async ({ inputs, params, ctx }) => {
    const models = SLOTS.flatMap((s): [Slot, ModelHandle][] => {
      const m = inputs[s];
      return m ? [[s, m]] : [];
    });
    requireComparable(models);
    const meta0 = (models[0] as [Slot, ModelHandle])[1].meta;
    const task = meta0.task;
    const metric = params.metric === 'auto' ? headlineMetric(task) : params.metric;
    const names = taskMetrics(task);
    if (!names.includes(metric))
      throw new Error(
        `Param "metric": ${metric} does not apply to ${task} models; choose one of ${names.join(', ')}.`,
      );
    const cv = params.method === 'cross-validation';
    const scored: { slot: Slot; values: Record<string, number>; sd?: Record<string, number> }[] = [];
    let rows = 0;
    for (const [i, [slot, model]] of models.entries()) {
      if (cv) {
        const m = await readLabelled(ctx, model.meta, inputs.data, 'data');
        const r = await crossValidate(ctx, model.meta.spec, model.meta, m, params.folds, params.seed, {
          from: i / models.length,
          to: (i + 1) / models.length,
          label: `model ${slot}`,
        });
        scored.push({ slot, values: r.mean, sd: r.sd });
        rows = m.rows;
      } else {
        const r = await holdoutScores(ctx, model, inputs.data, slot);
        scored.push({ slot, values: r.values });
        rows = r.rows;
      }
    }
    // Best by the chosen metric; the first model wins a tie.
    let best = scored[0] as (typeof scored)[number];
    for (const s of scored) {
      const v = s.values[metric];
      const b = best.values[metric];
      if (v !== undefined && (b === undefined || (lowerIsBetter(metric) ? v < b : v > b))) best = s;
    }
    const pickedSlot = params.pick === 'best' ? best.slot : params.pick;
    const picked = scored.find((s) => s.slot === pickedSlot);
    const pickedModel = inputs[pickedSlot];
    if (!picked || !pickedModel)
      throw new Error(`Param "pick": input "${params.pick}" has no model connected.`);

    const shown = names.filter((k) => scored.some((s) => s.values[k] !== undefined));
    const modelOf = (slot: Slot) => (inputs[slot] as ModelHandle).meta;
    const tableRows: Cell[][] = scored.map((s) => [
      s.slot,
      modelOf(s.slot).family,
      describeModel(modelOf(s.slot)),
      ...shown.map((k) => s.values[k] ?? null),
      ...(cv ? shown.map((k) => s.sd?.[k] ?? null) : []),
      s.slot === pickedSlot,
    ]);
    const baselineName = task === 'regression' ? 'mean of training target' : 'majority class';
    const first = scored[0]?.values ?? {};
    tableRows.push([
      'baseline',
      'trivial',
      baselineName,
      ...shown.map((k) => first[`baseline_${k}`] ?? null),
      ...(cv ? shown.map(() => null) : []),
      false,
    ]);
    const columns = [
      'model',
      'family',
      'settings',
      ...shown,
      ...(cv ? shown.map((k) => `${k}_sd`) : []),
      'picked',
    ];
    const results = await ctx.sql.createTable(
      valuesSelect(
        columns.map((name, c) => ({
          name,
          type: c < 3 ? 'VARCHAR' : name === 'picked' ? 'BOOLEAN' : 'DOUBLE',
        })),
        tableRows,
      ),
      {},
      'results',
    );
    ctx.report({
      task,
      target: meta0.target,
      method: params.method,
      metric,
      rows,
      picked: pickedSlot,
      resultsTable: {
        title: `${scored.length} models on ${rows.toLocaleString('en-US')} rows (${cv ? `${params.folds}-fold cross-validation` : 'holdout'}), ranked by ${metric}`,
        columns: columns.filter((c) => c !== 'picked'),
        rows: tableRows.map((r) => r.slice(0, -1)),
        best: bestRows(columns, tableRows, shown, scored.length).slice(0, -1),
        rowKeys: scored.map((s) => s.slot),
        pickParam: 'pick',
        picked: pickedSlot,
      },
      ...(cv ? { note: UPSTREAM_FIT_NOTE } : {}),
    });
    return {
      model: pickedModel,
      metrics: { type: 'metrics', values: picked.values, ...(picked.sd ? { sd: picked.sd } : {}) },
      results,
    };
  },
});
