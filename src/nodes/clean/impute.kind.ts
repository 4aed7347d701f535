import type { TableHandle } from '../../shared/values';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { imputeReport } from '../reports';
import { columnType, isNumericType, quoteIdent, quoteLiteral, requireColumns } from '../sql-util';

type Method = 'median' | 'mean' | 'mode' | 'constant';

/** One column to fill: how its statistic is computed and the type the fill value takes. */
interface FillPlan {
  column: string;
  type: string;
  numeric: boolean;
  method: Method;
}

/**
 * Decide which columns get filled and how. Numeric columns follow `strategy`, text columns
 * `categorical`; other types (dates, booleans, …) are skipped unless named explicitly,
 * which is an error because there is no sensible statistic for them here.
 */
function planFills(
  input: TableHandle,
  columns: readonly string[],
  strategy: 'median' | 'mean' | 'constant',
  categorical: 'mode' | 'constant' | 'none',
): FillPlan[] {
  const explicit = columns.length > 0;
  const names = explicit ? columns : input.columns.map((c) => c.name);
  const plans: FillPlan[] = [];
  for (const column of new Set(names)) {
    const type = columnType(input, column) ?? '';
    if (isNumericType(type)) plans.push({ column, type, numeric: true, method: strategy });
    else if (type === 'VARCHAR') {
      if (categorical !== 'none') plans.push({ column, type, numeric: false, method: categorical });
    } else if (explicit)
      throw new Error(
        `Param "columns": column "${column}" has type ${type}; impute fills numeric and text columns only.`,
      );
  }
  return plans;
}

/**
 * The SQL for one fitted value, as text in the column's own type so that what is reported
 * is exactly what gets filled in (an INTEGER column gets its median rounded, not 2.5).
 */
function statisticSql(plan: FillPlan, fillValue: string): string {
  const col = quoteIdent(plan.column);
  const asType = (expr: string) => `CAST(CAST(${expr} AS ${plan.type}) AS VARCHAR)`;
  switch (plan.method) {
    case 'median':
      return `(SELECT ${asType(`median(${col})`)} FROM input)`;
    case 'mean':
      return `(SELECT ${asType(`avg(${col})`)} FROM input)`;
    case 'mode':
      // Ties go to the smallest value so the fit is deterministic (DuckDB's mode() is not).
      return `(SELECT ${col} FROM input WHERE ${col} IS NOT NULL GROUP BY ${col} ORDER BY count(*) DESC, ${col} LIMIT 1)`;
    case 'constant':
      return plan.numeric
        ? `CAST(TRY_CAST(${quoteLiteral(fillValue)} AS ${plan.type}) AS VARCHAR)`
        : quoteLiteral(fillValue);
  }
}

/** `SELECT` over `input` with each NULL in a fitted column replaced by its value. */
function applySql(plans: readonly FillPlan[], values: ReadonlyMap<string, string>): string {
  const replaced = plans
    .filter((p) => values.has(p.column))
    .map((p) => {
      const col = quoteIdent(p.column);
      return `COALESCE(${col}, CAST(${quoteLiteral(values.get(p.column) as string)} AS ${p.type})) AS ${col}`;
    });
  return replaced.length ? `SELECT * REPLACE (${replaced.join(', ')}) FROM input` : 'SELECT * FROM input';
}

export default defineNodeKind({
  kind: 'clean.impute',
  version: 1,
  title: 'Impute missing values',
  category: 'Clean',
  role: 'fitted',
  description:
    'Fills NULLs: numeric columns with the median, mean or a constant, text columns with the most ' +
    'frequent value (ties: smallest) or a constant. Statistics are fitted on `in` only and the same ' +
    'values fill `apply`, so test data never leaks into training. Fill values take the column type ' +
    '(an INTEGER column gets a rounded median).',
  inputs: {
    in: { type: 'table', label: 'fit on' },
    apply: { type: 'table', optional: true, label: 'apply to' },
  },
  outputs: {
    out: { type: 'table' },
    applied: { type: 'table', optional: true, label: 'applied (when apply is connected)' },
  },
  params: {
    strategy: param.select('Numeric columns', ['median', 'mean', 'constant'], 'median'),
    categorical: param.select('Text columns', ['mode', 'constant', 'none'], 'mode'),
    columns: param.columns('Columns', {
      help: 'Empty: every numeric and text column but the target of a model downstream.',
    }),
    fillValue: param.text('Fill value', '', { help: 'For the constant strategies.' }),
  },
  report: imputeReport,
  run: async ({ inputs, params, ctx }) => {
    requireColumns(inputs.in, params.columns, 'columns');
    // A model's target is never filled by default: a made-up label trains the model on it
    // and a filled test target makes the score lie. Named explicitly, it is, with a warning.
    const present = ctx.targets.filter((t) => columnType(inputs.in, t) !== undefined);
    const planned = planFills(inputs.in, params.columns, params.strategy, params.categorical);
    const plans = params.columns.length ? planned : planned.filter((p) => !present.includes(p.column));
    for (const p of plans)
      if (present.includes(p.column))
        ctx.warn(
          `Column "${p.column}" is the target of a model downstream and is filled because "columns" names it; drop rows without a target instead (Clean › Drop nulls) unless that is what you want.`,
        );
    const leftAlone = params.columns.length ? [] : planned.filter((p) => present.includes(p.column));
    if (inputs.apply)
      requireColumns(
        inputs.apply,
        plans.map((p) => p.column),
        'columns',
        'apply',
      );

    // One query per column: a median holds all of its column's values in memory, outside
    // DuckDB's memory limit, so one query for all columns held every column's at once (over
    // 5 GB at 80M rows). A positional alias keeps odd names out of SQL.
    const values = new Map<string, string>();
    for (const p of plans) {
      const [row] = await ctx.sql.query(`SELECT ${statisticSql(p, params.fillValue)} AS s`, {
        input: inputs.in,
      });
      const v = row?.s;
      if (typeof v === 'string') values.set(p.column, v);
      else if (p.method === 'constant')
        throw new Error(
          `Param "fillValue": ${JSON.stringify(params.fillValue)} is not a valid ${p.type} for column "${p.column}".`,
        );
    }

    // fromEntries, not assignment: a column called "__proto__" must become a key.
    const fitted = Object.fromEntries(
      plans.map((p) => {
        const v = values.get(p.column);
        return [p.column, v === undefined ? null : p.numeric ? Number(v) : v];
      }),
    );
    const methods = Object.fromEntries(plans.map((p) => [p.column, p.method]));
    ctx.report({
      fitted: {
        kind: 'impute',
        values: fitted,
        methods,
        ...(leftAlone.length ? { targetsLeftAlone: leftAlone.map((p) => p.column) } : {}),
      },
    });

    const select = applySql(plans, values);
    const out = await ctx.sql.createTable(select, { input: inputs.in }, 'out');
    const applied = inputs.apply
      ? await ctx.sql.createTable(select, { input: inputs.apply }, 'applied')
      : undefined;
    return { out, applied };
  },
});
