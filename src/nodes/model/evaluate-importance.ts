import type { ModelHandle, TableHandle } from '../../shared/values';
import type { RunContext } from '../define-node-kind';
import { quoteIdent } from '../sql-util';
import { floatColumns, labelList } from './model-util';
import {
  type FeatureImportance,
  IMPORTANCE_FEATURES,
  IMPORTANCE_REPEATS,
  IMPORTANCE_ROWS,
  permutationImportance,
} from './permutation-importance';
import { headlineMetric, scoreOutputs } from './scores';

/** What model.evaluate reports as permutation importance. */
export interface ImportanceReport {
  /** The score that falls: auc (binary), accuracy (multiclass) or r2 (regression). */
  metric: string;
  /** That score on the sampled rows with every column intact. */
  baseline: number;
  rows: number;
  repeats: number;
  /** Features beyond the cap, not permuted. */
  skipped: string[];
  features: FeatureImportance[];
}

/**
 * Permutation importance of `model` on an even sample of `data`'s rows with a known target
 * (IMPORTANCE_ROWS of them spread evenly in scan order, so it is deterministic), for the
 * first IMPORTANCE_FEATURES features, shuffled IMPORTANCE_REPEATS times each (seeded).
 * Undefined when the score cannot be computed on the sample (one class only).
 */
export async function evaluateImportance(
  ctx: RunContext,
  model: ModelHandle,
  data: TableHandle,
  rowsWithTarget: number,
  onProgress: (fraction: number) => void,
): Promise<ImportanceReport | undefined> {
  const meta = model.meta;
  const t = quoteIdent(meta.target);
  const y =
    meta.task === 'regression' ? `CAST(${t} AS DOUBLE)` : `list_position(${labelList(meta)}, ${t}) - 1`;
  const total = Math.max(1, rowsWithTarget);
  const m = await ctx.sql.readMatrix(
    `SELECT ${floatColumns(meta.features)}, CAST(${y} AS FLOAT) FROM input WHERE ${y} IS NOT NULL
      QUALIFY ((row_number() OVER () - 1) * ${IMPORTANCE_ROWS}) % ${total} < ${IMPORTANCE_ROWS}
      LIMIT ${IMPORTANCE_ROWS}`,
    { input: data },
  );
  const cols = meta.features.length;
  if (m.rows === 0) return undefined;
  const x = new Float32Array(m.rows * cols);
  const target = new Float32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    x.set(m.data.subarray(i * (cols + 1), i * (cols + 1) + cols), i * cols);
    target[i] = m.data[i * (cols + 1) + cols] as number;
  }
  const metric = headlineMetric(meta.task);
  const spec = {
    task: meta.task,
    classCount: meta.task === 'regression' ? 1 : meta.classes.length,
    trainMean: meta.targetMean ?? 0,
    trainMajority: 0,
  };
  const result = await permutationImportance({
    x,
    rows: m.rows,
    features: meta.features,
    permute: IMPORTANCE_FEATURES,
    repeats: IMPORTANCE_REPEATS,
    seed: 42,
    predict: (batch, rows) => ctx.models.predict(model.id, batch, rows),
    score: (out) => scoreOutputs(spec, out, target)[metric],
    onFeature: (done, total) => {
      ctx.signal.throwIfAborted();
      onProgress(done / total);
    },
  });
  if (!result) return undefined;
  return {
    metric,
    baseline: result.baseline,
    rows: m.rows,
    repeats: IMPORTANCE_REPEATS,
    skipped: meta.features.slice(IMPORTANCE_FEATURES),
    features: result.features,
  };
}
