import type { ClassLabel, ModelMeta } from '../../shared/models';
import { quoteIdent } from '../sql-util';
import { labelList, labelLiteral, probabilityColumns } from './model-util';

/** Most points a ROC or precision–recall curve sends to the inspector (plus its start). */
export const CURVE_POINTS = 200;

/** Equal-width probability bins of the calibration curve (scikit-learn's `uniform`). */
export const CALIBRATION_BINS = 10;

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** ROC and precision–recall points at descending thresholds, with the curve summaries. */
export interface BinaryCurves {
  /** False-positive rate against true-positive rate, from (0, 0) to (1, 1). */
  roc: { fpr: number[]; tpr: number[] };
  /** Recall against precision, from recall 0 (precision 1, as scikit-learn starts it). */
  pr: { recall: number[]; precision: number[] };
  /** Average precision (area under the PR step curve, scikit-learn's definition); undefined with one class. */
  ap: number | undefined;
  /** ROC AUC over every threshold (tied scores count half), as the rank statistic gives it. */
  auc: number | undefined;
  /** Per non-empty bin: mean predicted probability, observed positive rate, rows (none when not asked for). */
  calibration: { predicted: number[]; observed: number[]; count: number[] };
}

/**
 * ROC, precision–recall and calibration curves of a binary model over a predictions table
 * bound as `input` (the target plus `prob_<positive>`), or of one class against the rest
 * (`positive`: its index in `meta.classes`), all in SQL: rows are grouped by
 * distinct score, cumulated from the highest score down, and thinned to at most
 * `CURVE_POINTS` thresholds by an even stride (the last threshold is always kept, so each
 * curve ends where it must). Average precision is computed over every threshold, not the
 * thinned ones. Rows whose target is not one of the model's classes are left out.
 */
export async function binaryCurves(
  query: Query,
  meta: Pick<ModelMeta, 'classes' | 'targetType' | 'target'>,
  options: { maxPoints?: number; positiveIndex?: number; calibration?: boolean } = {},
): Promise<BinaryCurves> {
  const { maxPoints = CURVE_POINTS, positiveIndex = 1 } = options;
  const score = quoteIdent(probabilityColumns(meta.classes)[positiveIndex] as string);
  const positive = labelLiteral(meta.classes[positiveIndex] as ClassLabel, meta.targetType);
  const t = quoteIdent(meta.target);
  const scored = `SELECT CAST(${t} = ${positive} AS INTEGER) AS y, CAST(${score} AS DOUBLE) AS score FROM input
      WHERE list_position(${labelList(meta)}, ${t}) IS NOT NULL AND isfinite(CAST(${score} AS DOUBLE))`;
  const points = await query(`WITH s AS (${scored}),
    g AS (SELECT score, sum(y)::DOUBLE AS tp_d, (count(*) - sum(y))::DOUBLE AS fp_d FROM s GROUP BY score),
    c AS (
      SELECT score, tp_d, fp_d,
        sum(tp_d) OVER w AS tp, sum(fp_d) OVER w AS fp,
        row_number() OVER (ORDER BY score DESC) AS rn,
        count(*) OVER () AS n, sum(tp_d) OVER () AS pos, sum(fp_d) OVER () AS neg
      FROM g WINDOW w AS (ORDER BY score DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ),
    d AS (
      SELECT *, sum(tp_d * tp / (tp + fp)) OVER () / nullif(pos, 0) AS ap,
        sum(fp_d * (tp - tp_d / 2)) OVER () / nullif(pos * neg, 0) AS auc
      FROM c
    )
    SELECT tp, fp, pos, neg, ap, auc FROM d
    WHERE rn % CAST(ceil(n / CAST(${maxPoints} AS DOUBLE)) AS BIGINT) = 0 OR rn = n
    ORDER BY rn`);
  const bins =
    options.calibration === false
      ? []
      : await query(`WITH s AS (${scored})
    SELECT least(floor(score * ${CALIBRATION_BINS}), ${CALIBRATION_BINS - 1}) AS bin,
      avg(score) AS predicted, avg(y) AS observed, count(*)::DOUBLE AS n
    FROM s GROUP BY bin ORDER BY bin`);
  const first = points[0] ?? {};
  const pos = Number(first.pos ?? 0);
  const neg = Number(first.neg ?? 0);
  const roc = { fpr: [0], tpr: [0] };
  const pr = { recall: [0], precision: [1] };
  for (const p of points) {
    const tp = Number(p.tp);
    const fp = Number(p.fp);
    roc.fpr.push(neg > 0 ? fp / neg : 0);
    roc.tpr.push(pos > 0 ? tp / pos : 0);
    pr.recall.push(pos > 0 ? tp / pos : 0);
    pr.precision.push(tp + fp > 0 ? tp / (tp + fp) : 1);
  }
  const ap = typeof first.ap === 'number' && Number.isFinite(first.ap) && neg > 0 ? first.ap : undefined;
  const auc = typeof first.auc === 'number' && Number.isFinite(first.auc) ? first.auc : undefined;
  return {
    roc,
    pr,
    ap,
    auc,
    calibration: {
      predicted: bins.map((b) => Number(b.predicted)),
      observed: bins.map((b) => Number(b.observed)),
      count: bins.map((b) => Number(b.n)),
    },
  };
}
