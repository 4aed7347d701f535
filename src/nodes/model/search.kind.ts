import type { ModelFamily, ModelMeta, ModelSpec } from '../../shared/models';
import { defineNodeKind } from '../define-node-kind';
import { type ParamSpec, param } from '../params';
import { type CrossValidation, crossValidate, readLabelled, UPSTREAM_FIT_NOTE } from './cross-validation';
import gbdtKind from './gbdt.kind';
import linearKind from './linear.kind';
import { type Cell, valuesSelect } from './results-table';
import { headlineMetric, lowerIsBetter, taskMetrics } from './scores';
import {
  gridSettings,
  parseSearchSpace,
  randomSettings,
  type Setting,
  type SettingRule,
} from './search-space';
import trainKind from './train.kind';
import { fitFacts } from './training-data';
import { searchReport } from './validation-reports';

/** Grids larger than this are refused: each setting costs `folds` fits. */
const MAX_SETTINGS = 200;
const METRICS = ['auto', 'auc', 'accuracy', 'f1', 'precision', 'recall', 'r2', 'rmse', 'mae'] as const;

/** Settings of each family a search may vary: the model kind's params that are also its spec's fields. */
const SEARCHABLE: Record<ModelFamily, { params: Record<string, ParamSpec>; names: string[]; space: string }> =
  {
    gbdt: {
      params: gbdtKind.params,
      names: [
        'rounds',
        'learningRate',
        'maxDepth',
        'maxLeaves',
        'minSamplesLeaf',
        'l2',
        'subsample',
        'colsample',
        'bins',
      ],
      space: 'learningRate: 0.05, 0.1, 0.2; maxDepth: 3, 6',
    },
    linear: { params: linearKind.params, names: ['l2'], space: 'l2: 0.01, 0.1, 1, 10, 100' },
    neural: {
      params: trainKind.params,
      names: ['learningRate', 'epochs', 'batchSize'],
      space: 'learningRate: 0.001, 0.003, 0.01',
    },
  };

/** How each searchable setting of `family` may be set, from its kind's param declarations. */
function rulesFor(family: ModelFamily): Record<string, SettingRule> {
  const { params, names } = SEARCHABLE[family];
  const rules: Record<string, SettingRule> = {};
  for (const name of names) {
    const spec = params[name];
    if (!spec) continue;
    rules[name] = {
      int: spec.int ?? false,
      check: (v) => {
        if (spec.min !== undefined && v < spec.min) return `must be at least ${spec.min}.`;
        if (spec.max !== undefined && v > spec.max) return `must be at most ${spec.max}.`;
        if (spec.int && !Number.isInteger(v)) return 'takes whole numbers only.';
        return undefined;
      },
    };
  }
  return rules;
}

function settingText(s: Setting): string {
  return Object.entries(s)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export default defineNodeKind({
  kind: 'model.search',
  version: 1,
  title: 'Hyperparameter search',
  category: 'Model',
  description:
    'Tries settings of the connected model’s family (grid: every combination; random: `trials` seeded draws) and scores each by k-fold cross-validation on `data` (e.g. the train split). Lists every setting sorted by `metric`, and outputs the model refitted on all of `data` with the best setting. `space`, settings separated by `;`: `learningRate: 0.05, 0.1, 0.2; maxDepth: 3, 6` (values) or `learningRate: 0.01..0.3 log` (a range, random search). Empty = a small default space for the family.',
  inputs: { model: { type: 'model' }, data: { type: 'table' } },
  outputs: { model: { type: 'model' }, metrics: { type: 'metrics' }, results: { type: 'table' } },
  params: {
    method: param.select('Method', ['grid', 'random'] as const, 'grid'),
    space: param.text('Space', '', {
      help: 'Settings separated by ";": "name: 1, 2, 3" (values) or "name: low..high [log]" (random search). Empty = a default for the family.',
    }),
    trials: param.number('Trials', 10, { min: 1, max: MAX_SETTINGS, int: true, help: 'Random search only.' }),
    folds: param.number('Folds', 3, { min: 2, max: 20, int: true }),
    metric: param.select('Rank by', METRICS, 'auto', {
      help: 'auto: AUC (binary), accuracy (multiclass), R² (regression).',
    }),
    seed: param.number('Seed', 42, { int: true, help: 'Seeds the folds and random draws.' }),
  },
  subtitle: (p) => `${p.method} · ${p.folds}-fold`,
  report: searchReport,
  run: async ({ inputs, params, ctx }) => {
    const { model, data } = inputs;
    const meta = model.meta;
    const family = meta.family;
    const rules = rulesFor(family);
    const spaceText = params.space.trim() || SEARCHABLE[family].space;
    const dims = parseSearchSpace(spaceText, rules);
    const settings =
      params.method === 'grid'
        ? gridSettings(dims, MAX_SETTINGS)
        : randomSettings(dims, params.trials, params.seed, rules);
    const metric = params.metric === 'auto' ? headlineMetric(meta.task) : params.metric;
    const names = taskMetrics(meta.task);
    if (!names.includes(metric))
      throw new Error(
        `Param "metric": ${metric} does not apply to ${meta.task} models; choose one of ${names.join(', ')}.`,
      );

    const m = await readLabelled(ctx, meta, data, 'data');
    const specOf = (s: Setting) => ({ ...meta.spec, ...s }) as ModelSpec;
    const tried: { setting: Setting; cv: CrossValidation }[] = [];
    // The refit on all rows takes about one fold's share of the bar.
    const span = 1 - 1 / (params.folds * settings.length + 1);
    for (const [i, setting] of settings.entries()) {
      const cv = await crossValidate(ctx, specOf(setting), meta, m, params.folds, params.seed, {
        from: (span * i) / settings.length,
        to: (span * (i + 1)) / settings.length,
        label: `setting ${i + 1}/${settings.length}`,
      });
      tried.push({ setting, cv });
    }
    const score = (t: (typeof tried)[number]) => t.cv.mean[metric];
    const sign = lowerIsBetter(metric) ? 1 : -1;
    tried.sort((a, b) => sign * ((score(a) ?? -sign * Infinity) - (score(b) ?? -sign * Infinity)));
    const best = tried[0];
    if (!best || score(best) === undefined) throw new Error(`No setting gave a ${metric}.`);

    ctx.progress(span, `refitting the best setting on all ${m.rows.toLocaleString('en-US')} rows`);
    const bestSpec = specOf(best.setting);
    const result = await ctx.models.train(bestSpec, { x: m.x, y: m.y, rows: m.rows, features: m.features });
    const bestMeta: ModelMeta = {
      ...meta,
      ...fitFacts(result),
      spec: bestSpec,
      params: { ...meta.params, ...best.setting },
    };

    const dimNames = dims.map((d) => d.name);
    const shown = names.filter((k) => best.cv.mean[k] !== undefined);
    const rows: Cell[][] = tried.map((t, i) => [
      i + 1,
      ...dimNames.map((d) => t.setting[d] ?? null),
      t.cv.mean[metric] ?? null,
      t.cv.sd[metric] ?? null,
      ...shown.filter((k) => k !== metric).map((k) => t.cv.mean[k] ?? null),
    ]);
    const columns = ['rank', ...dimNames, metric, `${metric}_sd`, ...shown.filter((k) => k !== metric)];
    const results = await ctx.sql.createTable(
      valuesSelect(
        columns.map((name) => ({ name, type: 'DOUBLE' as const })),
        rows,
      ),
      {},
      'results',
    );
    ctx.report({
      task: meta.task,
      target: meta.target,
      family,
      method: params.method,
      metric,
      folds: params.folds,
      rows: m.rows,
      trials: tried.length,
      best: best.setting,
      bestScore: score(best) as number,
      resultsTable: {
        title: `${tried.length} settings by ${params.folds}-fold cross-validation, best ${metric} first (best: ${settingText(best.setting)})`,
        columns,
        rows,
        best: columns.map((_, c) => (c === 1 + dimNames.length ? 0 : null)),
      },
      note: `The model out of this node is refitted on all ${m.rows.toLocaleString('en-US')} rows with the best setting. ${UPSTREAM_FIT_NOTE}`,
    });
    return {
      model: { type: 'model', id: result.modelId, meta: bestMeta },
      metrics: { type: 'metrics', values: best.cv.mean, sd: best.cv.sd },
      results,
    };
  },
});
