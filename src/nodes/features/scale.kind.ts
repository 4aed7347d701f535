import type { TableHandle } from '../../shared/values';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { scaleReport } from '../reports';
import { columnType, isNumericType, quoteIdent, requireColumns } from '../sql-util';
import { doubleLiteral, numberOrNull, numericColumns, requireNumeric } from './feature-util';

const METHODS = ['standard', 'minmax'] as const;

/** What `features.scale` learned about one column from `in`. */
export interface ScaleStats {
  column: string;
  /** Subtracted first: the mean (standard) or the minimum (minmax). */
  center: number | null;
  /** Divided by next: the sample standard deviation (standard) or max - min (minmax). */
  spread: number | null;
  /** The statistics as the inspector shows them: {mean, std} or {min, max}. */
  shown: Record<string, number | null>;
}

/**
 * The scaled expression for one column. A column with no spread in `in` (a constant,
 * one row, or no values at all) scales to 0 rather than dividing by zero — also in
 * `apply`, whatever its values: a model only ever saw 0 there during training, so
 * passing anything else through would feed it weights that training never adjusted.
 */
export function scaleExpr(s: ScaleStats): string {
  const q = quoteIdent(s.column);
  if (s.center === null || s.spread === null || s.spread === 0)
    return `CAST(CASE WHEN ${q} IS NULL THEN NULL ELSE 0 END AS DOUBLE)`;
  return `(CAST(${q} AS DOUBLE) - ${doubleLiteral(s.center)}) / ${doubleLiteral(s.spread)}`;
}

/** `SELECT` over `input` that replaces each fitted column in place (same name, same position). */
function applySql(stats: readonly ScaleStats[]): string {
  if (!stats.length) return 'SELECT * FROM input';
  return `SELECT * REPLACE (${stats.map((s) => `${scaleExpr(s)} AS ${quoteIdent(s.column)}`).join(', ')}) FROM input`;
}

/** Check `table` (the `in` or `apply` input) has the columns to scale, all numeric. */
function checkTable(table: TableHandle, columns: readonly string[], input: string): void {
  requireColumns(table, columns, 'columns', input);
  requireNumeric(table, columns, 'columns');
}

export default defineNodeKind({
  kind: 'features.scale',
  version: 1,
  title: 'Scale',
  category: 'Features',
  role: 'fitted',
  description:
    'Standardises ((x - mean) / std) or min-max scales ((x - min) / (max - min)) numeric columns in place, with statistics fitted on `in` only; `apply` (e.g. the test split) is scaled with the same statistics. A column without spread becomes 0.',
  inputs: { in: { type: 'table', label: 'fit on' }, apply: { type: 'table', optional: true } },
  outputs: { out: { type: 'table' }, applied: { type: 'table', optional: true } },
  params: {
    method: param.select('Method', METHODS, 'standard', {
      help: 'standard: mean 0, sample std 1. minmax: 0 to 1 over the range seen in `in`.',
    }),
    columns: param.columns('Columns', {
      help: 'Empty = every numeric column but the target of a model downstream.',
    }),
    exclude: param.columns('Exclude', {
      help: 'Numeric columns to leave as they are. The target of a model downstream is left alone already.',
    }),
  },
  report: scaleReport,
  run: async ({ inputs, params, ctx }) => {
    requireColumns(inputs.in, params.columns, 'columns');
    requireColumns(inputs.in, params.exclude, 'exclude');
    const excluded = new Set(params.exclude);
    // A model's target is never scaled by default: a 0/1 class would become two odd numbers
    // the model can no longer read as classes. Named explicitly, it is scaled, with a warning.
    const targets = ctx.targets.filter((t) => !excluded.has(t) && columnType(inputs.in, t) !== undefined);
    const columns = (
      params.columns.length ? [...new Set(params.columns)] : numericColumns(inputs.in, ctx.targets)
    ).filter((c) => !excluded.has(c));
    for (const t of targets)
      if (columns.includes(t))
        ctx.warn(
          `Column "${t}" is the target of a model downstream and is scaled because "columns" names it; remove it there (or add it to "exclude") unless that is what you want.`,
        );
    const leftAlone = params.columns.length
      ? []
      : targets.filter((t) => isNumericType(columnType(inputs.in, t) ?? ''));
    checkTable(inputs.in, columns, 'in');
    if (inputs.apply) checkTable(inputs.apply, columns, 'apply');

    // One pass over `in` for every column's statistics; aliases by position, so user
    // column names never have to survive as result keys.
    let stats: ScaleStats[] = [];
    if (columns.length) {
      const standard = params.method === 'standard';
      const aggs = columns.map((c, i) => {
        const x = `CAST(${quoteIdent(c)} AS DOUBLE)`;
        return standard
          ? `avg(${x}) AS c${i}, stddev_samp(${x}) AS s${i}`
          : `min(${x}) AS c${i}, max(${x}) AS s${i}`;
      });
      const [row = {}] = await ctx.sql.query(`SELECT ${aggs.join(', ')} FROM input`, { input: inputs.in });
      stats = columns.map((column, i) => {
        const center = numberOrNull(row[`c${i}`]);
        const second = numberOrNull(row[`s${i}`]);
        // minmax fetched the max; its spread is the same subtraction DuckDB would do.
        const spread = standard || center === null || second === null ? second : second - center;
        const shown: ScaleStats['shown'] = standard
          ? { mean: center, std: second }
          : { min: center, max: second };
        return { column, center, spread, shown };
      });
    }
    for (const s of stats)
      if (
        (s.center !== null && !Number.isFinite(s.center)) ||
        (s.spread !== null && !Number.isFinite(s.spread))
      )
        ctx.warn(`Column "${s.column}" holds NaN or infinite values, so its scaled values are NaN.`);

    ctx.report({
      fitted: {
        kind: 'scale',
        method: params.method,
        columns: stats.map((s) => ({ column: s.column, ...s.shown })),
        ...(leftAlone.length ? { targetsLeftAlone: leftAlone } : {}),
      },
    });
    const sql = applySql(stats);
    return {
      out: await ctx.sql.createTable(sql, { input: inputs.in }),
      applied: inputs.apply ? await ctx.sql.createTable(sql, { input: inputs.apply }, 'applied') : undefined,
    };
  },
});
