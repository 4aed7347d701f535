import { z } from 'zod';
import type { ColumnInfo, TableHandle } from '../../shared/values';
import { defineNodeKind, type RunContext } from '../define-node-kind';
import { param } from '../params';
import { rulesReport } from '../reports';
import { freshColumnName, identList, quoteIdent, quoteLiteral, requireColumns, sqlValue } from '../sql-util';

const bound = z.union([z.number(), z.string()]).nullish();
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** One data-quality rule; `type` picks its shape. */
const ruleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('between'), column: z.string(), min: bound, max: bound }),
  z.object({ type: z.literal('not_null'), column: z.string() }),
  z.object({ type: z.literal('unique'), columns: z.array(z.string()).min(1, 'name at least one column') }),
  z.object({ type: z.literal('in_set'), column: z.string(), values: z.array(scalar) }),
  z.object({ type: z.literal('regex'), column: z.string(), pattern: z.string() }),
  z.object({ type: z.literal('monotonic'), column: z.string(), by: z.array(z.string()).default([]) }),
  z.object({ type: z.literal('row_count'), min: z.number().nullish(), max: z.number().nullish() }),
]);
type Rule = z.output<typeof ruleSchema>;

/** The outcome of one rule, as the report lists it. */
export interface RuleResult {
  rule: string;
  type: Rule['type'];
  passed: boolean;
  failingRows: number;
  examples: Record<string, unknown>[];
  /** For `row_count`: the table's row count. */
  observed?: number;
}

/** Helper columns (row number, window results) that rules read but the data does not have. */
interface Helpers {
  row: string;
  ruleColumn(i: number): string;
}

/** The columns a rule refers to, with the param path to blame when one is missing. */
function columnsOf(rule: Rule): [string, string[]][] {
  switch (rule.type) {
    case 'unique':
      return [['columns', rule.columns]];
    case 'monotonic':
      return [
        ['column', [rule.column]],
        ['by', rule.by],
      ];
    case 'row_count':
      return [];
    default:
      return [['column', [rule.column]]];
  }
}

/** A one-line description of a rule for people. */
function describeRule(rule: Rule): string {
  const range = (min: unknown, max: unknown) =>
    min != null && max != null
      ? `between ${String(min)} and ${String(max)}`
      : min != null
        ? `≥ ${String(min)}`
        : max != null
          ? `≤ ${String(max)}`
          : 'unbounded';
  switch (rule.type) {
    case 'between':
      return `${quoteIdent(rule.column)} ${range(rule.min, rule.max)}`;
    case 'not_null':
      return `${quoteIdent(rule.column)} is not null`;
    case 'unique':
      return `${rule.columns.length > 1 ? `(${identList(rule.columns)})` : identList(rule.columns)} is unique`;
    case 'in_set':
      return `${quoteIdent(rule.column)} in {${rule.values.map((v) => JSON.stringify(v)).join(', ')}}`;
    case 'regex':
      return `${quoteIdent(rule.column)} matches /${rule.pattern}/`;
    case 'monotonic':
      return `${quoteIdent(rule.column)} is non-decreasing${rule.by.length ? ` within each ${identList(rule.by)}` : ''}`;
    case 'row_count':
      return `row count ${range(rule.min, rule.max)}`;
  }
}

/**
 * A SQL condition true for the rows that break `rule` (row_count has none). NULLs break
 * only not_null, so each rule checks one thing and NULLs are reported once.
 */
function failingCondition(rule: Rule, i: number, helpers: Helpers): string | undefined {
  switch (rule.type) {
    case 'between': {
      const col = quoteIdent(rule.column);
      const parts = [];
      if (rule.min != null) parts.push(`${col} < ${sqlValue(rule.min)}`);
      if (rule.max != null) parts.push(`${col} > ${sqlValue(rule.max)}`);
      return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
    }
    case 'not_null':
      return `${quoteIdent(rule.column)} IS NULL`;
    case 'unique':
      return `${quoteIdent(helpers.ruleColumn(i))} > 1`;
    case 'in_set': {
      const col = quoteIdent(rule.column);
      return rule.values.length
        ? `${col} NOT IN (${rule.values.map(sqlValue).join(', ')})`
        : `${col} IS NOT NULL`;
    }
    case 'regex':
      return `NOT regexp_matches(CAST(${quoteIdent(rule.column)} AS VARCHAR), ${quoteLiteral(rule.pattern)})`;
    case 'monotonic':
      return `${quoteIdent(rule.column)} < ${quoteIdent(helpers.ruleColumn(i))}`;
    case 'row_count':
      return undefined;
  }
}

/** A window column a rule needs (duplicate counts, previous value), or undefined. */
function windowColumn(rule: Rule, i: number, helpers: Helpers): string | undefined {
  const as = quoteIdent(helpers.ruleColumn(i));
  if (rule.type === 'unique') {
    // A key with a NULL is not a duplicate (SQL UNIQUE semantics); not_null covers NULLs.
    const anyNull = rule.columns.map((c) => `${quoteIdent(c)} IS NULL`).join(' OR ');
    return `CASE WHEN ${anyNull} THEN 0 ELSE count(*) OVER (PARTITION BY ${identList(rule.columns)}) END AS ${as}`;
  }
  if (rule.type === 'monotonic') {
    const partition = rule.by.length ? `PARTITION BY ${identList(rule.by)} ` : '';
    // IGNORE NULLS: a gap compares the next value with the last one seen, not with NULL.
    return `lag(${quoteIdent(rule.column)} IGNORE NULLS) OVER (${partition}ORDER BY ${quoteIdent(helpers.row)}) AS ${as}`;
  }
  return undefined;
}

/**
 * Example rows as plain values the UI can show and the worker boundary can clone: types
 * without a faithful JS form (dates, decimals, lists) are shown as DuckDB prints them.
 */
function exampleColumn(c: ColumnInfo): string {
  const col = quoteIdent(c.name);
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE|BOOLEAN|VARCHAR)$/.test(
      c.type,
    )
  )
    return col;
  if (/^(DECIMAL\(\d+, ?\d+\)|HUGEINT|UHUGEINT|UBIGINT)$/.test(c.type))
    return `CAST(${col} AS DOUBLE) AS ${col}`;
  return `CAST(${col} AS VARCHAR) AS ${col}`;
}

/** Fail early with the rule's number when a regex does not compile, not DuckDB's bare message. */
async function checkPatterns(rules: readonly Rule[], ctx: RunContext): Promise<void> {
  for (const [i, rule] of rules.entries()) {
    if (rule.type !== 'regex') continue;
    try {
      await ctx.sql.query(`SELECT regexp_matches('', ${quoteLiteral(rule.pattern)}) AS ok`);
    } catch (err) {
      throw new Error(`Param "rules[${i}].pattern": ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Evaluate every rule on `input` in SQL: one query for the counts, one per failing rule for examples. */
async function evaluate(input: TableHandle, rules: readonly Rule[], ctx: RunContext): Promise<RuleResult[]> {
  const row = freshColumnName(input, '__pw_row');
  const windowNames = rules.map((_, i) => freshColumnName(input, `__pw_rule${i}`, [row]));
  const helpers: Helpers = { row, ruleColumn: (i) => windowNames[i] ?? '' };
  const windows = rules.flatMap((r, i) => windowColumn(r, i, helpers) ?? []);
  const conditions = rules.map((r, i) => failingCondition(r, i, helpers));
  const prelude = `WITH numbered AS (SELECT *, row_number() OVER () AS ${quoteIdent(row)} FROM input),
    checked AS (SELECT *${windows.map((w) => `, ${w}`).join('')} FROM numbered)`;

  const counts = conditions.flatMap((c, i) => (c ? [`count(*) FILTER (WHERE ${c}) AS f${i}`] : []));
  const [countRow] = counts.length
    ? await ctx.sql.query(`${prelude} SELECT ${counts.join(', ')} FROM checked`, { input })
    : [];

  const results: RuleResult[] = [];
  for (const [i, rule] of rules.entries()) {
    const base = { rule: describeRule(rule), type: rule.type };
    const condition = conditions[i];
    if (rule.type === 'row_count') {
      const n = input.rowCount;
      const passed = (rule.min == null || n >= rule.min) && (rule.max == null || n <= rule.max);
      results.push({ ...base, passed, failingRows: 0, examples: [], observed: n });
      continue;
    }
    if (!condition) throw new Error(`Rule ${i} has no row condition.`);
    const failingRows = Number(countRow?.[`f${i}`] ?? 0);
    const examples = failingRows
      ? await ctx.sql.query(
          `${prelude} SELECT ${input.columns.map(exampleColumn).join(', ')} FROM checked
           WHERE ${condition} ORDER BY ${quoteIdent(row)} LIMIT 5`,
          { input },
        )
      : [];
    results.push({ ...base, passed: failingRows === 0, failingRows, examples });
  }
  return results;
}

export default defineNodeKind({
  kind: 'validate.rules',
  version: 1,
  title: 'Validate rules',
  category: 'Validate',
  description:
    'Checks data-quality rules and passes the table through. The report lists each rule, pass/fail, ' +
    'the failing-row count and up to 5 example rows. In warn mode failures give the node a warning; ' +
    'in fail mode they stop the run. NULLs fail only not_null; regex matches anywhere (anchor with ^…$); ' +
    'monotonic means non-decreasing in table order within each `by` group.',
  inputs: { in: { type: 'table' } },
  outputs: { out: { type: 'table', label: 'out (pass-through)' } },
  params: {
    mode: param.select('On failure', ['warn', 'fail'], 'warn'),
    rules: {
      ...param.json('Rules', z.array(ruleSchema).default([]), {
        help: 'e.g. [{"type": "between", "column": "temperature", "min": -50, "max": 150}]',
      }),
      control: 'rules' as const,
    },
  },
  report: rulesReport,
  run: async ({ inputs, params, ctx }) => {
    for (const [i, rule] of params.rules.entries())
      for (const [field, names] of columnsOf(rule)) requireColumns(inputs.in, names, `rules[${i}].${field}`);
    await checkPatterns(params.rules, ctx);

    const results = await evaluate(inputs.in, params.rules, ctx);
    // Reported before failing so the report is there to explain the failure.
    ctx.report({ rules: results });
    const failing = results.filter((r) => !r.passed);
    const summary = (r: RuleResult) =>
      r.type === 'row_count' ? `${r.rule} (is ${r.observed})` : `${r.rule} (${r.failingRows} rows)`;
    if (failing.length && params.mode === 'fail')
      throw new Error(
        `${failing.length} of ${results.length} rules failed: ${failing.map(summary).join('; ')}.`,
      );
    for (const r of failing) ctx.warn(`Rule failed: ${summary(r)}.`);
    return { out: await ctx.sql.createTable('SELECT * FROM input', { input: inputs.in }) };
  },
});
