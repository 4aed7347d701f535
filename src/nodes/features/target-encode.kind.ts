import type { TableHandle } from '../../shared/values';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { targetEncodeReport } from '../reports';
import { columnType, isNumericType, quoteIdent, requireColumns } from '../sql-util';
import { assertNewColumns, doubleLiteral, freshName, numberOrNull } from './feature-util';

/** Name of the encoded column: `<column>_te`. */
export function targetEncodedName(column: string): string {
  return `${column}_te`;
}

/** Default of `minCount`: every encoding is a mean over at least this many rows. */
export const MIN_COUNT = 10;

/** How the encodings are computed, stated in the fitted report (and the exported model). */
export const TARGET_ENCODE_RULE =
  'encoding = (sum of target + smoothing * globalMean) / (count + smoothing) over the rows of a category with count >= minCount (rows with a NULL target do not count); all other categories (rarer, or unseen in training) share the "other" bucket, encoded the same way over their pooled rows, or with globalMean when those are fewer than minCount; globalMean is NULL when the table has fewer than minCount counted rows. Training rows get the same encodings.';

interface Fit {
  column: string;
  target: string;
  smoothing: number;
  minCount: number;
  globalMean: number | null;
}

const targetSql = (f: Fit) => `CAST(${quoteIdent(f.target)} AS DOUBLE)`;
const globalSql = (f: Fit) => (f.globalMean === null ? 'CAST(NULL AS DOUBLE)' : doubleLiteral(f.globalMean));

/** Per category of `fit` (the `in` table): `cats(k, n, s)`, its counted rows and target sum. */
function categoriesSql(f: Fit): string {
  return `SELECT CAST(${quoteIdent(f.column)} AS VARCHAR) AS k, count(${targetSql(f)}) AS n,
    coalesce(sum(${targetSql(f)}), 0) AS s
  FROM fit GROUP BY k`;
}

/** The smoothed mean of `n` rows summing to `s`: pulls small groups toward the global mean. */
function smoothedSql(f: Fit, n: string, s: string): string {
  const m = doubleLiteral(f.smoothing);
  return `(${s} + ${m} * ${globalSql(f)}) / (${n} + ${m})`;
}

/**
 * Encodings of the categories frequent enough to keep, as the CTE body `enc(k, n, te)`.
 * Rare ones are left out so that no encoding is the target of a handful of rows: a
 * category seen once would otherwise carry that row's target into the model and its export.
 */
function encodingsSql(f: Fit): string {
  return `SELECT k, n, ${smoothedSql(f, 'n', 's')} AS te
  FROM (${categoriesSql(f)}) WHERE n >= ${f.minCount}`;
}

/**
 * `SELECT` adding `<column>_te` to `data`. NULL is a category of its own (missingness can
 * carry signal), matched with IS NOT DISTINCT FROM; categories not kept get `other`. The
 * join scrambles row order, so the input order is numbered first and restored at the end.
 */
function applySql(f: Fit, data: TableHandle, other: number | null): string {
  const rn = quoteIdent(freshName(data, '__pw_row'));
  const otherSql = other === null ? 'CAST(NULL AS DOUBLE)' : doubleLiteral(other);
  return `WITH enc AS (SELECT *, TRUE AS hit FROM (${encodingsSql(f)})),
numbered AS (SELECT *, row_number() OVER () AS ${rn} FROM data)
SELECT * EXCLUDE (${rn}) FROM (
  SELECT numbered.*, CASE WHEN enc.hit THEN enc.te ELSE ${otherSql} END AS ${quoteIdent(targetEncodedName(f.column))}
  FROM numbered LEFT JOIN enc ON CAST(numbered.${quoteIdent(f.column)} AS VARCHAR) IS NOT DISTINCT FROM enc.k
) ORDER BY ${rn}`;
}

export default defineNodeKind({
  kind: 'features.target_encode',
  version: 1,
  title: 'Target encode',
  category: 'Features',
  role: 'fitted',
  description:
    'Adds <column>_te: the mean of the target per category of the column, fitted on `in` only (optionally smoothed toward the global mean). Categories with fewer than minCount rows in `in`, and categories unseen there, share one "other" encoding. `apply` gets the same encodings.',
  inputs: { in: { type: 'table', label: 'fit on' }, apply: { type: 'table', optional: true } },
  outputs: { out: { type: 'table' }, applied: { type: 'table', optional: true } },
  params: {
    column: param.column('Column', { help: 'The categorical column to encode.' }),
    target: param.column('Target', {
      help: 'A numeric or boolean column, e.g. failure_24h. Empty = the target of the model downstream.',
    }),
    smoothing: param.number('Smoothing', 0, {
      min: 0,
      help: 'm in (sum + m * global mean) / (count + m): pulls rare categories toward the global mean. 0 = plain mean.',
    }),
    minCount: param.number('Min rows per category', MIN_COUNT, {
      min: 1,
      int: true,
      help: `Categories with fewer rows (with a known target) than this share one "other" encoding, in training too, so no encoding reveals a few rows' targets; the other bucket gets the global mean when it is itself that small. 1 = keep every category. Default ${MIN_COUNT}.`,
    }),
  },
  report: targetEncodeReport,
  run: async ({ inputs, params: given, ctx }) => {
    // The target is set once, on the model: an empty "target" here takes the model's.
    const params = { ...given, target: given.target || (ctx.targets[0] ?? '') };
    if (!params.column) throw new Error('Param "column": choose the column to encode.');
    if (!params.target)
      throw new Error('Param "target": choose the target column (or connect this to a model that has one).');
    requireColumns(inputs.in, [params.column], 'column');
    requireColumns(inputs.in, [params.target], 'target');
    const targetType = columnType(inputs.in, params.target) ?? '';
    if (!isNumericType(targetType) && targetType !== 'BOOLEAN')
      throw new Error(
        `Param "target": column "${params.target}" is ${targetType}; the target must be numeric or boolean.`,
      );
    if (params.target === params.column)
      throw new Error('Param "target": the target must differ from the encoded column.');
    if (inputs.apply) requireColumns(inputs.apply, [params.column], 'column', 'apply');
    assertNewColumns(inputs.in, [targetEncodedName(params.column)]);
    if (inputs.apply) assertNewColumns(inputs.apply, [targetEncodedName(params.column)]);

    const t = `CAST(${quoteIdent(params.target)} AS DOUBLE)`;
    const [global = {}] = await ctx.sql.query(`SELECT count(${t}) AS n, avg(${t}) AS g FROM input`, {
      input: inputs.in,
    });
    const fit: Fit = {
      column: params.column,
      target: params.target,
      smoothing: params.smoothing,
      minCount: params.minCount,
      // A mean over fewer rows than minCount would reveal them too.
      globalMean: (numberOrNull(global.n) ?? 0) >= params.minCount ? numberOrNull(global.g) : null,
    };
    const [pool = {}] = await ctx.sql.query(
      `WITH cats AS (${categoriesSql(fit)}),
rare AS (SELECT count(*) AS c, CAST(coalesce(sum(n), 0) AS BIGINT) AS n, coalesce(sum(s), 0) AS s FROM cats WHERE n < ${fit.minCount})
SELECT (SELECT count(*) FROM cats) AS total, c, n,
  CASE WHEN n >= ${fit.minCount} THEN ${smoothedSql(fit, 'n', 's')} ELSE ${globalSql(fit)} END AS te
FROM rare`,
      { fit: inputs.in },
    );
    const other = numberOrNull(pool.te);
    // Every kept category, however many: the export must reproduce the encoding exactly.
    const kept = await ctx.sql.query(
      `SELECT k, n, te FROM (${encodingsSql(fit)}) ORDER BY n DESC, k NULLS LAST`,
      { fit: inputs.in },
    );
    ctx.report({
      fitted: {
        kind: 'target_encode',
        column: fit.column,
        target: fit.target,
        smoothing: fit.smoothing,
        minCount: fit.minCount,
        globalMean: fit.globalMean,
        categoryCount: numberOrNull(pool.total) ?? 0,
        categories: kept.map((r) => ({
          value: r.k === null ? null : String(r.k),
          count: numberOrNull(r.n) ?? 0,
          encoding: numberOrNull(r.te),
        })),
        other: {
          categories: numberOrNull(pool.c) ?? 0,
          count: numberOrNull(pool.n) ?? 0,
          encoding: other,
        },
        rule: TARGET_ENCODE_RULE,
      },
    });
    return {
      out: await ctx.sql.createTable(applySql(fit, inputs.in, other), { fit: inputs.in, data: inputs.in }),
      applied: inputs.apply
        ? await ctx.sql.createTable(
            applySql(fit, inputs.apply, other),
            { fit: inputs.in, data: inputs.apply },
            'applied',
          )
        : undefined,
    };
  },
});
