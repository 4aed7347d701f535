import type { TableHandle } from '../../shared/values';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { columnType, isNumericType, quoteIdent, requireColumns } from '../sql-util';
import { assertNewColumns, doubleLiteral, freshName, numberOrNull } from './feature-util';

/** How many categories the report lists (the most frequent); the SQL applies them all. */
const REPORTED = 100;

/** Name of the encoded column: `<column>_te`. */
export function targetEncodedName(column: string): string {
  return `${column}_te`;
}

interface Fit {
  column: string;
  target: string;
  smoothing: number;
  globalMean: number | null;
}

/**
 * Per-category encodings over `fit` (the `in` table), as the CTE body `enc(k, n, te)`.
 * With smoothing m the encoding is (sum + m * globalMean) / (count + m), pulling rare
 * categories toward the global mean; m = 0 is the plain mean. Rows whose target is NULL
 * do not count, and a category with no counted rows gets the global mean.
 */
function encodingsSql(f: Fit): string {
  const t = `CAST(${quoteIdent(f.target)} AS DOUBLE)`;
  const g = f.globalMean === null ? 'CAST(NULL AS DOUBLE)' : doubleLiteral(f.globalMean);
  const m = doubleLiteral(f.smoothing);
  return `SELECT CAST(${quoteIdent(f.column)} AS VARCHAR) AS k, count(${t}) AS n,
    CASE WHEN count(${t}) + ${m} = 0 THEN ${g}
         ELSE (coalesce(sum(${t}), 0) + ${m} * ${g}) / (count(${t}) + ${m}) END AS te
  FROM fit GROUP BY k`;
}

/**
 * `SELECT` adding `<column>_te` to `data`. NULL is a category of its own (missingness can
 * carry signal), matched with IS NOT DISTINCT FROM; categories unseen in `fit` get the
 * global mean of `in`. The join scrambles row order, so the input order is numbered
 * first and restored at the end.
 */
function applySql(f: Fit, data: TableHandle): string {
  const rn = quoteIdent(freshName(data, '__pw_row'));
  const g = f.globalMean === null ? 'CAST(NULL AS DOUBLE)' : doubleLiteral(f.globalMean);
  return `WITH enc AS (${encodingsSql(f)}),
numbered AS (SELECT *, row_number() OVER () AS ${rn} FROM data)
SELECT * EXCLUDE (${rn}) FROM (
  SELECT numbered.*, coalesce(enc.te, ${g}) AS ${quoteIdent(targetEncodedName(f.column))}
  FROM numbered LEFT JOIN enc ON CAST(numbered.${quoteIdent(f.column)} AS VARCHAR) IS NOT DISTINCT FROM enc.k
) ORDER BY ${rn}`;
}

export default defineNodeKind({
  kind: 'features.target_encode',
  version: 1,
  title: 'Target encode',
  category: 'Features',
  description:
    'Adds <column>_te: the mean of the target per category of the column, fitted on `in` only (optionally smoothed toward the global mean). `apply` gets the same encodings; categories unseen in `in` get its global mean.',
  inputs: { in: { type: 'table', label: 'fit on' }, apply: { type: 'table', optional: true } },
  outputs: { out: { type: 'table' }, applied: { type: 'table', optional: true } },
  params: {
    column: param.text('Column', '', { help: 'The categorical column to encode.' }),
    target: param.text('Target', '', { help: 'A numeric or boolean column, e.g. failure_24h.' }),
    smoothing: param.number('Smoothing', 0, {
      min: 0,
      help: 'm in (sum + m * global mean) / (count + m): pulls rare categories toward the global mean. 0 = plain mean.',
    }),
  },
  run: async ({ inputs, params, ctx }) => {
    if (!params.column) throw new Error('Param "column": choose the column to encode.');
    if (!params.target) throw new Error('Param "target": choose the target column.');
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
    const [global = {}] = await ctx.sql.query(`SELECT avg(${t}) AS g FROM input`, { input: inputs.in });
    const fit: Fit = {
      column: params.column,
      target: params.target,
      smoothing: params.smoothing,
      globalMean: numberOrNull(global.g),
    };
    const top = await ctx.sql.query(
      `WITH enc AS (${encodingsSql(fit)})
SELECT k, n, te, count(*) OVER () AS total FROM enc ORDER BY n DESC, k NULLS LAST LIMIT ${REPORTED}`,
      { fit: inputs.in },
    );
    ctx.report({
      fitted: {
        kind: 'target_encode',
        column: fit.column,
        target: fit.target,
        smoothing: fit.smoothing,
        globalMean: fit.globalMean,
        categoryCount: numberOrNull(top[0]?.total) ?? 0,
        categories: top.map((r) => ({
          value: r.k === null ? null : String(r.k),
          count: numberOrNull(r.n) ?? 0,
          encoding: numberOrNull(r.te),
        })),
      },
    });
    return {
      out: await ctx.sql.createTable(applySql(fit, inputs.in), { fit: inputs.in, data: inputs.in }),
      applied: inputs.apply
        ? await ctx.sql.createTable(
            applySql(fit, inputs.apply),
            { fit: inputs.in, data: inputs.apply },
            'applied',
          )
        : undefined,
    };
  },
});
