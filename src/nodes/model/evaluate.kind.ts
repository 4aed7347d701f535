import type { ClassLabel, ModelMeta } from '../../shared/models';
import type { TableHandle } from '../../shared/values';
import { defineNodeKind, type RunContext } from '../define-node-kind';
import { doubleLiteral } from '../features/feature-util';
import { param } from '../params';
import { quoteIdent, requireColumns } from '../sql-util';
import { binaryCurves } from './curves';
import { evaluateImportance } from './evaluate-importance';
import { evaluateReport } from './model-reports';
import { appendPredictions, labelList, labelLiteral, probabilityColumns } from './model-util';

/** Points of the predicted-vs-actual scatter sent to the inspector. */
const SCATTER_POINTS = 2000;

/** Most classes that get a one-vs-rest ROC curve (the first ones, in the model's order). */
const OVR_CLASSES = 10;

/** The decision threshold `appendPredictions` applies to binary models (p >= 0.5). */
const DEFAULT_THRESHOLD = 0.5;

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** A finite number, or undefined (an empty or degenerate aggregate gives NULL). */
function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Keep only the finite metrics: MetricsValue holds plain numbers the UI can show. */
function definedMetrics(values: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return out;
}

/** MAE, RMSE, R² of the model and of the mean predictor, plus a scatter sample, in SQL. */
async function regressionMetrics(query: Query, meta: ModelMeta, rows: number) {
  const y = `CAST(${quoteIdent(meta.target)} AS DOUBLE)`;
  const p = 'CAST(prediction AS DOUBLE)';
  // The trivial baseline predicts the training mean (what it would have learned).
  const m = meta.targetMean === null ? 'NULL' : doubleLiteral(meta.targetMean);
  const [s = {}] = await query(`SELECT
      avg(abs(${y} - ${p})) AS mae,
      sqrt(avg(pow(${y} - ${p}, 2))) AS rmse,
      1 - sum(pow(${y} - ${p}, 2)) / nullif(var_pop(${y}) * count(*), 0) AS r2,
      avg(abs(${y} - ${m})) AS b_mae,
      sqrt(avg(pow(${y} - ${m}, 2))) AS b_rmse,
      1 - sum(pow(${y} - ${m}, 2)) / nullif(var_pop(${y}) * count(*), 0) AS b_r2
    FROM input WHERE ${y} IS NOT NULL`);
  const step = Math.max(1, Math.ceil(rows / SCATTER_POINTS));
  const sample = await query(`SELECT a, p FROM (
      SELECT ${y} AS a, ${p} AS p, row_number() OVER () AS rn FROM input WHERE ${y} IS NOT NULL
    ) WHERE (rn - 1) % ${step} = 0 ORDER BY rn LIMIT ${SCATTER_POINTS}`);
  const values = definedMetrics({
    mae: finite(s.mae),
    rmse: finite(s.rmse),
    r2: finite(s.r2),
    baseline_mae: finite(s.b_mae),
    baseline_rmse: finite(s.b_rmse),
    baseline_r2: finite(s.b_r2),
  });
  return {
    values,
    report: {
      baseline: { predictor: 'mean', value: meta.targetMean },
      scatter: { actual: sample.map((r) => Number(r.a)), predicted: sample.map((r) => Number(r.p)) },
    },
  };
}

/** ROC AUC by the rank-sum (Mann–Whitney) statistic, ties given their average rank. */
async function binaryAuc(query: Query, meta: ModelMeta): Promise<number | undefined> {
  const score = quoteIdent(probabilityColumns(meta.classes)[1] as string);
  const positive = labelLiteral(meta.classes[1] as ClassLabel, meta.targetType);
  const t = quoteIdent(meta.target);
  const [r = {}] = await query(`WITH s AS (
      SELECT CAST(${t} = ${positive} AS INTEGER) AS pos, ${score} AS score FROM input
      WHERE list_position(${labelList(meta)}, ${t}) IS NOT NULL
    ), ranked AS (
      SELECT pos, rank() OVER (ORDER BY score) + (count(*) OVER (PARTITION BY score) - 1) / 2.0 AS r FROM s
    )
    SELECT sum(pos)::DOUBLE AS n1, (count(*) - sum(pos))::DOUBLE AS n0, sum(CASE WHEN pos = 1 THEN r ELSE 0 END)::DOUBLE AS rs
    FROM ranked`);
  const n1 = Number(r.n1 ?? 0);
  const n0 = Number(r.n0 ?? 0);
  if (!n1 || !n0) return undefined;
  return (Number(r.rs) - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

/** Confusion matrix (in SQL), accuracy, precision/recall/F1 (binary; macro for multiclass), AUC. */
async function classificationMetrics(query: Query, meta: ModelMeta, ctx: RunContext) {
  const t = quoteIdent(meta.target);
  const labels = labelList(meta);
  const k = meta.classes.length;
  const cells = await query(`SELECT
      coalesce(list_position(${labels}, ${t}), 0) - 1 AS a,
      coalesce(list_position(${labels}, prediction), 0) - 1 AS p,
      count(*)::DOUBLE AS n
    FROM input WHERE ${t} IS NOT NULL GROUP BY ALL`);
  const confusion = meta.classes.map(() => new Array<number>(k).fill(0));
  let total = 0;
  let unseen = 0;
  for (const c of cells) {
    const a = Number(c.a);
    const p = Number(c.p);
    const n = Number(c.n);
    total += n;
    if (a < 0 || p < 0) unseen += n;
    else (confusion[a] as number[])[p] = ((confusion[a] as number[])[p] as number) + n;
  }
  if (unseen)
    ctx.warn(`${unseen} rows have a target value the model never saw in training; they count as errors.`);
  const tp = (i: number) => (confusion[i] as number[])[i] as number;
  const predictedAs = (i: number) => confusion.reduce((s, row) => s + (row[i] as number), 0);
  const actually = (i: number) => (confusion[i] as number[]).reduce((s, v) => s + v, 0);
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  const scores = (i: number) => {
    const precision = ratio(tp(i), predictedAs(i));
    const recall = ratio(tp(i), actually(i));
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
  };
  let precision: number;
  let recall: number;
  let f1: number;
  if (meta.task === 'binary') ({ precision, recall, f1 } = scores(1));
  else {
    // Macro average over the classes that occur (as actual or predicted), like scikit-learn.
    const present = meta.classes.map((_, i) => i).filter((i) => actually(i) + predictedAs(i) > 0);
    const all = present.map(scores);
    const mean = (key: 'precision' | 'recall' | 'f1') =>
      ratio(
        all.reduce((s, x) => s + x[key], 0),
        all.length,
      );
    precision = mean('precision');
    recall = mean('recall');
    f1 = mean('f1');
  }
  const correct = meta.classes.reduce<number>((s, _, i) => s + tp(i), 0);
  // The trivial baseline always predicts the training majority class.
  let majority = 0;
  meta.classCounts.forEach((n, i) => {
    if (n > (meta.classCounts[majority] ?? 0)) majority = i;
  });
  const majorityLabel = meta.classes[majority];
  const [b = {}] =
    majorityLabel === undefined
      ? [{}]
      : await query(
          `SELECT avg(CAST(${t} = ${labelLiteral(majorityLabel, meta.targetType)} AS DOUBLE)) AS acc FROM input WHERE ${t} IS NOT NULL`,
        );
  const binary = meta.task === 'binary';
  const auc = binary ? await binaryAuc(query, meta) : undefined;
  const curves = binary ? await binaryCurves(query, meta) : undefined;
  const oneVsRest: { label: string; auc: number | null; fpr: number[]; tpr: number[] }[] = [];
  if (!binary)
    for (let c = 0; c < Math.min(k, OVR_CLASSES); c++) {
      const one = await binaryCurves(query, meta, { positiveIndex: c, calibration: false });
      oneVsRest.push({ label: String(meta.classes[c]), auc: one.auc ?? null, ...one.roc });
    }
  // A classifier that ranks at random has an average precision of the positive rate.
  const positives = binary ? (confusion[1] ?? []).reduce((s, v) => s + v, 0) : 0;
  const labelled = binary ? positives + (confusion[0] ?? []).reduce((s, v) => s + v, 0) : 0;
  const values = definedMetrics({
    accuracy: total ? correct / total : undefined,
    precision,
    recall,
    f1,
    auc,
    ap: curves?.ap,
    baseline_accuracy: finite(b.acc),
    baseline_auc: binary ? 0.5 : undefined,
    baseline_ap: curves?.ap !== undefined && labelled ? positives / labelled : undefined,
  });
  return {
    values,
    report: {
      baseline: { predictor: 'majority class', value: majorityLabel ?? null },
      labels: meta.classes.map(String),
      positiveClass: meta.task === 'binary' ? String(meta.classes[1]) : null,
      confusion,
      unseenLabelRows: unseen,
      ...(curves ? { roc: curves.roc, pr: curves.pr, calibration: curves.calibration } : {}),
      ...(oneVsRest.length ? { rocByClass: oneVsRest } : {}),
    },
  };
}

export default defineNodeKind({
  kind: 'model.evaluate',
  version: 1,
  title: 'Evaluate model',
  category: 'Model',
  description:
    'Scores a model on a table holding its features and the target (e.g. the test split): MAE, RMSE, R² for regression; accuracy, precision, recall, F1, ROC AUC and average precision (binary) and a confusion matrix for classification — beside the trivial baseline (mean / majority class). Plots ROC, precision–recall and calibration curves (binary) or predicted-against-actual and residuals (regression), and ranks features by permutation importance (the drop in AUC, accuracy or R² when a feature’s values are shuffled; up to 5,000 sampled rows and 30 features, seeded). A binary model predicts the positive class where its probability reaches `threshold`. Also outputs the rows with their predictions.',
  inputs: { model: { type: 'model' }, data: { type: 'table' } },
  outputs: { metrics: { type: 'metrics' }, predictions: { type: 'table' } },
  params: {
    threshold: param.number('Threshold', DEFAULT_THRESHOLD, {
      min: 0,
      max: 1,
      help: 'Decision threshold: a row is predicted as the positive class when its probability of it is at least this (binary classification only; default 0.5).',
    }),
  },
  report: evaluateReport,
  run: async ({ inputs, params, ctx }) => {
    const { model, data } = inputs;
    const meta = model.meta;
    const { threshold } = params;
    requireColumns(data, [meta.target], 'target', 'data');
    const binary = meta.task === 'binary';
    if (!binary && threshold !== DEFAULT_THRESHOLD)
      ctx.warn(
        `Param "threshold" applies to binary classification only; it is ignored for this ${meta.task} model.`,
      );
    const predictions: TableHandle = await appendPredictions(
      ctx,
      model,
      data,
      'predictions',
      'data',
      binary ? threshold : DEFAULT_THRESHOLD,
    );
    const query: Query = (sql) => ctx.sql.query(sql, { input: predictions });
    const [counts = {}] = await query(
      `SELECT count(*) FILTER (WHERE ${quoteIdent(meta.target)} IS NULL)::DOUBLE AS nulls FROM input`,
    );
    const nulls = Number(counts.nulls ?? 0);
    if (nulls) ctx.warn(`${nulls} rows have no target value; they are left out of the metrics.`);
    const rows = predictions.rowCount - nulls;
    if (rows === 0) throw new Error(`Input "data" has no rows with a target value to evaluate on.`);
    const scored =
      meta.task === 'regression'
        ? await regressionMetrics(query, meta, rows)
        : await classificationMetrics(query, meta, ctx);
    ctx.progress(0.5, 'permutation importance');
    const importance = await evaluateImportance(ctx, model, data, rows, (f) =>
      ctx.progress(0.5 + 0.5 * f, 'permutation importance'),
    );
    ctx.report({
      modelId: model.id,
      task: meta.task,
      target: meta.target,
      rows,
      metrics: scored.values,
      ...(binary ? { threshold } : {}),
      ...scored.report,
      ...(importance ? { importance } : {}),
    });
    return { metrics: { type: 'metrics', values: scored.values }, predictions };
  },
});
