import { z } from 'zod';
import type { TableHandle } from '../../shared/values';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { columnType, identList, quoteIdent, quoteLiteral, requireColumns } from '../sql-util';
import { assertNewColumns, freshName, numericColumns, requireNumeric } from './feature-util';

const STATS = ['mean', 'std', 'min', 'max'] as const;
type Stat = (typeof STATS)[number];

/** A positive whole number and a unit; the unit may be plural and any case. */
const RANGE_RE = /^\s*([1-9]\d*)\s*(second|minute|hour|day)s?\s*$/i;
const UNIT_LABEL = { second: 's', minute: 'min', hour: 'h', day: 'd' } as const;
type Unit = keyof typeof UNIT_LABEL;

const windowSchema = z
  .union([
    z.strictObject({ rows: z.number().int().min(1).max(100_000) }),
    z.strictObject({
      range: z
        .string()
        .regex(RANGE_RE, 'must be a duration like "5 minutes" (units: second, minute, hour, day)'),
    }),
  ])
  .default({ rows: 5 });
export type RollingWindow = z.output<typeof windowSchema>;

/** A window resolved to its SQL frame and the label used in new column names. */
export interface ResolvedWindow {
  /** `5rows`, or the range as number + unit abbreviation: `30s`, `5min`, `2h`, `1d`. */
  label: string;
  /** The frame clause, after the window's ORDER BY. */
  frame: string;
  isRange: boolean;
}

/**
 * Resolve the `window` param. Throws naming the param when a range string is malformed
 * (the schema checks this on import too, but run must not trust a hand-built param).
 */
export function resolveWindow(spec: RollingWindow): ResolvedWindow {
  if ('rows' in spec)
    return {
      label: `${spec.rows}rows`,
      frame: `ROWS BETWEEN ${spec.rows - 1} PRECEDING AND CURRENT ROW`,
      isRange: false,
    };
  const m = RANGE_RE.exec(spec.range);
  if (!m?.[1] || !m[2])
    throw new Error(
      `Param "window.range": "${spec.range}" is not a duration like "5 minutes" (units: second, minute, hour, day).`,
    );
  const n = Number(m[1]);
  const unit = m[2].toLowerCase() as Unit;
  return {
    label: `${n}${UNIT_LABEL[unit]}`,
    frame: `RANGE BETWEEN INTERVAL ${quoteLiteral(`${n} ${unit}s`)} PRECEDING AND CURRENT ROW`,
    isRange: true,
  };
}

/** The new column for one source column and statistic: `<column>_<stat>_<window label>`. */
export function rollingColumnName(column: string, stat: Stat, label: string): string {
  return `${column}_${stat}_${label}`;
}

function statExpr(column: string, stat: Stat): string {
  const q = quoteIdent(column);
  // min/max keep the column's type; mean/std are DOUBLE whatever the input type.
  if (stat === 'mean') return `avg(CAST(${q} AS DOUBLE))`;
  if (stat === 'std') return `stddev_samp(CAST(${q} AS DOUBLE))`;
  return `${stat}(${q})`;
}

function checkOrderBy(table: TableHandle, orderBy: string, isRange: boolean): void {
  if (orderBy) requireColumns(table, [orderBy], 'orderBy');
  if (!isRange) return;
  if (!orderBy) throw new Error('Param "orderBy": a time-range window needs a timestamp column to order by.');
  const type = columnType(table, orderBy) ?? '';
  if (!/^(TIMESTAMP|DATE)/.test(type))
    throw new Error(
      `Param "orderBy": a time-range window needs a TIMESTAMP or DATE column; "${orderBy}" is ${type}.`,
    );
}

export default defineNodeKind({
  kind: 'features.rolling',
  version: 1,
  title: 'Rolling window',
  category: 'Features',
  description:
    'Rolling mean/std/min/max over the last N rows or a time range (e.g. "5 minutes"), per partition (e.g. per sensor), as new columns named <column>_<stat>_<window>: temperature_mean_5rows, temperature_mean_5min. Rows keep their order.',
  inputs: { in: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    partitionBy: param.columns('Partition by', { help: 'Windows never cross these groups, e.g. sensor_id.' }),
    orderBy: param.column('Order by', {
      help: 'Column that orders rows in a window. Empty = input order (row windows only).',
    }),
    window: param.json('Window', windowSchema, {
      help: '{"rows": 5}: this row and the 4 before it. {"range": "5 minutes"}: rows up to 5 minutes before this one (needs a timestamp orderBy).',
    }),
    columns: param.columns('Columns', {
      help: 'Empty = every numeric column but partition and order columns.',
    }),
    stats: param.json(
      'Statistics',
      z
        .array(z.enum(STATS))
        .min(1)
        .default([...STATS]),
      {
        help: 'Any of "mean", "std" (sample), "min", "max".',
      },
    ),
  },
  run: async ({ inputs, params, ctx }) => {
    const input = inputs.in;
    const win = resolveWindow(params.window);
    requireColumns(input, params.partitionBy, 'partitionBy');
    checkOrderBy(input, params.orderBy, win.isRange);
    requireColumns(input, params.columns, 'columns');
    const columns = params.columns.length
      ? [...new Set(params.columns)]
      : numericColumns(input, [...params.partitionBy, params.orderBy]);
    requireNumeric(input, columns, 'columns');
    const stats = [...new Set(params.stats)];

    const added: string[] = [];
    const exprs: string[] = [];
    for (const c of columns)
      for (const s of stats) {
        const name = rollingColumnName(c, s, win.label);
        added.push(name);
        exprs.push(`${statExpr(c, s)} OVER w AS ${quoteIdent(name)}`);
      }
    assertNewColumns(input, added);
    if (!exprs.length) return { out: await ctx.sql.createTable('SELECT * FROM input', { input }) };

    // The input order is numbered first: it breaks ties in row windows (so duplicate
    // timestamps still give a deterministic frame) and restores the order at the end,
    // which window evaluation does not keep.
    const rn = quoteIdent(freshName(input, '__pw_row'));
    const partition = params.partitionBy.length ? `PARTITION BY ${identList(params.partitionBy)} ` : '';
    // RANGE frames allow one ORDER BY key; rows with equal timestamps are peers there and
    // share a frame, as "up to 5 minutes before" implies.
    // A time-zone timestamp minus an interval needs the ICU extension (a download): the
    // frame is measured on the same instants as plain UTC timestamps instead.
    const rangeKey =
      columnType(input, params.orderBy) === 'TIMESTAMP WITH TIME ZONE'
        ? `CAST(${quoteIdent(params.orderBy)} AS TIMESTAMP)`
        : quoteIdent(params.orderBy);
    const order = win.isRange ? rangeKey : params.orderBy ? `${quoteIdent(params.orderBy)}, ${rn}` : rn;
    const sql = `WITH numbered AS (SELECT *, row_number() OVER () AS ${rn} FROM input)
SELECT * EXCLUDE (${rn}) FROM (
  SELECT *, ${exprs.join(',\n    ')}
  FROM numbered
  WINDOW w AS (${partition}ORDER BY ${order} ${win.frame})
) ORDER BY ${rn}`;
    return { out: await ctx.sql.createTable(sql, { input }) };
  },
});
