import type { TableHandle } from '../../shared/values';
import { defineNodeKind } from '../define-node-kind';
import { doubleLiteral } from '../features/feature-util';
import { valuesSelect } from '../model/results-table';
import { param } from '../params';
import { columnType, isNumericType, quoteIdent, quoteLiteral } from '../sql-util';
import { type DriftColumn, driftReport } from './drift-report';
import { chiSquareTest, ksPValue, psi } from './drift-stats';

/** Reference quantiles that bound the numeric bins (deciles). */
const QUANTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** Categories kept by name (the reference's most frequent); the rest share "other". */
const TOP_CATEGORIES = 20;
const MISSING = '(missing)';
const OTHER = '(other)';

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(v ?? 0));

/** Counts per bucket of `expr` (a bucket index or label) in the reference and the current table. */
async function bucketCounts(query: Query, expr: string): Promise<Map<string, [number, number]>> {
  const rows = await query(`SELECT b, sum(r)::DOUBLE AS r, sum(c)::DOUBLE AS c FROM (
      SELECT ${expr} AS b, 1 AS r, 0 AS c FROM ref UNION ALL SELECT ${expr} AS b, 0, 1 FROM cur
    ) GROUP BY b`);
  const out = new Map<string, [number, number]>();
  for (const row of rows) out.set(String(row.b), [num(row.r), num(row.c)]);
  return out;
}

async function numericColumn(
  query: Query,
  column: string,
  type: string,
  threshold: number,
): Promise<DriftColumn> {
  const x = `CAST(${quoteIdent(column)} AS DOUBLE)`;
  const stats = async (table: 'ref' | 'cur') => {
    const [s = {}] = await query(
      `SELECT count(*)::DOUBLE AS n, count(${x})::DOUBLE AS nn, min(${x}) AS lo, max(${x}) AS hi FROM ${table}`,
    );
    return s;
  };
  const r = await stats('ref');
  const c = await stats('cur');
  // Lists come back as Arrow vectors: read the quantiles as rows instead.
  const quantiles = await query(
    `SELECT unnest(quantile_cont(${x}, [${QUANTILES.join(', ')}])) AS q FROM ref`,
  );
  const edges = [...new Set(quantiles.map((q) => num(q.q)).filter(Number.isFinite))].sort((a, b) => a - b);
  const cases = edges.map((e, i) => `WHEN ${x} <= ${doubleLiteral(e)} THEN '${i}'`).join(' ');
  const counts = await bucketCounts(
    query,
    `CASE WHEN ${x} IS NULL THEN 'm' ${cases} ELSE '${edges.length}' END`,
  );
  const labels: string[] = [];
  const refCounts: number[] = [];
  const curCounts: number[] = [];
  const fmt = (v: number) => String(Number(v.toPrecision(3)));
  for (let i = 0; i <= edges.length; i++) {
    // Bins are (previous edge, edge]: named by their upper edge, the last by the one below it.
    const label =
      i < edges.length
        ? `≤ ${fmt(edges[i] as number)}`
        : i > 0
          ? `> ${fmt(edges[i - 1] as number)}`
          : 'values';
    labels.push(label);
    const [rc, cc] = counts.get(String(i)) ?? [0, 0];
    refCounts.push(rc);
    curCounts.push(cc);
  }
  const missing = counts.get('m');
  if (missing) {
    labels.push(MISSING);
    refCounts.push(missing[0]);
    curCounts.push(missing[1]);
  }
  // Two-sample Kolmogorov–Smirnov statistic over the non-missing values, exact in SQL.
  const nr = num(r.nn);
  const nc = num(c.nn);
  let statistic = 0;
  if (nr && nc) {
    const [k = {}] = await query(`WITH v AS (
        SELECT ${x} AS x, 1 AS r FROM ref WHERE ${x} IS NOT NULL
        UNION ALL SELECT ${x}, 0 FROM cur WHERE ${x} IS NOT NULL
      ), g AS (SELECT x, sum(r) AS nr, sum(1 - r) AS nc FROM v GROUP BY x)
      SELECT max(abs(fr - fc)) AS d FROM (
        SELECT sum(nr) OVER w / ${nr} AS fr, sum(nc) OVER w / ${nc} AS fc FROM g WINDOW w AS (ORDER BY x)
      )`);
    statistic = num(k.d);
  }
  let outOfRange = 0;
  if (nc && r.lo !== null && r.hi !== null) {
    const [o = {}] = await query(
      `SELECT count(*) FILTER (WHERE ${x} < ${doubleLiteral(num(r.lo))} OR ${x} > ${doubleLiteral(num(r.hi))})::DOUBLE AS o FROM cur`,
    );
    outOfRange = num(o.o) / nc;
  }
  const value = psi(refCounts, curCounts);
  return {
    column,
    type,
    psi: value,
    test: 'ks',
    statistic,
    pValue: ksPValue(statistic, nr, nc),
    drifted: value >= threshold,
    refMissing: num(r.n) ? 1 - nr / num(r.n) : 0,
    curMissing: num(c.n) ? 1 - nc / num(c.n) : 0,
    outOfRange,
    newCategories: 0,
    range: {
      reference: [r.lo === null ? null : num(r.lo), r.hi === null ? null : num(r.hi)],
      current: [c.lo === null ? null : num(c.lo), c.hi === null ? null : num(c.hi)],
    },
    bins: { labels, reference: refCounts, current: curCounts },
  };
}

async function categoricalColumn(
  query: Query,
  column: string,
  type: string,
  threshold: number,
): Promise<DriftColumn> {
  const v = `CAST(${quoteIdent(column)} AS VARCHAR)`;
  const top = await query(
    `SELECT ${v} AS v FROM ref WHERE ${v} IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, v LIMIT ${TOP_CATEGORIES}`,
  );
  const kept = top.map((t) => String(t.v));
  const list = kept.length ? `[${kept.map(quoteLiteral).join(', ')}]` : 'CAST([] AS VARCHAR[])';
  const counts = await bucketCounts(
    query,
    `CASE WHEN ${v} IS NULL THEN ${quoteLiteral(MISSING)} WHEN list_contains(${list}, ${v}) THEN ${v} ELSE ${quoteLiteral(OTHER)} END`,
  );
  const labels = [...kept, OTHER, MISSING].filter((l) => counts.has(l));
  const refCounts = labels.map((l) => counts.get(l)?.[0] ?? 0);
  const curCounts = labels.map((l) => counts.get(l)?.[1] ?? 0);
  const [n = {}] = await query(`SELECT
      (SELECT count(*) FROM ref)::DOUBLE AS rn, (SELECT count(*) FILTER (WHERE ${v} IS NULL) FROM ref)::DOUBLE AS rm,
      (SELECT count(*) FROM cur)::DOUBLE AS cn, (SELECT count(*) FILTER (WHERE ${v} IS NULL) FROM cur)::DOUBLE AS cm,
      (SELECT count(DISTINCT ${v}) FROM cur WHERE ${v} NOT IN (SELECT ${v} FROM ref WHERE ${v} IS NOT NULL))::DOUBLE AS fresh`);
  const test = chiSquareTest(refCounts, curCounts);
  const value = psi(refCounts, curCounts);
  return {
    column,
    type,
    psi: value,
    test: 'chi2',
    statistic: test.statistic,
    pValue: test.pValue,
    drifted: value >= threshold,
    refMissing: num(n.rn) ? num(n.rm) / num(n.rn) : 0,
    curMissing: num(n.cn) ? num(n.cm) / num(n.cn) : 0,
    outOfRange: 0,
    newCategories: num(n.fresh),
    range: null,
    bins: { labels, reference: refCounts, current: curCounts },
  };
}

/** Columns both tables have (by the reference's names), and those only one side has. */
function sharedColumns(reference: TableHandle, current: TableHandle, wanted: readonly string[]) {
  const cur = new Set(current.columns.map((c) => c.name));
  const names = wanted.length ? [...wanted] : reference.columns.map((c) => c.name);
  const missing = names.filter((n) => !cur.has(n) || columnType(reference, n) === undefined);
  if (wanted.length && missing.length)
    throw new Error(`Param "columns": ${missing.map((m) => `"${m}"`).join(', ')} not in both tables.`);
  return { shared: names.filter((n) => !missing.includes(n)), onlyOneSide: missing };
}

/** The column's drift, or undefined for a type drift is not measured on (dates, lists …). */
async function checkColumn(query: Query, table: TableHandle, column: string, threshold: number) {
  const type = columnType(table, column) ?? '';
  if (isNumericType(type)) return numericColumn(query, column, type, threshold);
  if (type === 'VARCHAR' || type === 'BOOLEAN') return categoricalColumn(query, column, type, threshold);
  return undefined;
}

export default defineNodeKind({
  kind: 'monitor.drift',
  version: 1,
  title: 'Drift check',
  category: 'Monitor',
  description:
    'Compares a `current` table (new data) with a `reference` (e.g. the training data), column by column: the population stability index over the reference’s decile bins (numbers) or its most frequent categories (text, booleans), a Kolmogorov–Smirnov (numbers, asymptotic p-value) or chi-square test (categories), and the change in missing values and range. A column drifts when its PSI reaches `psiThreshold` (0.1 small, 0.2 large by the usual rule); any drift turns the node to warning. Outputs one row per column.',
  inputs: { reference: { type: 'table' }, current: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    psiThreshold: param.number('PSI threshold', 0.2, {
      min: 0,
      max: 10,
      help: 'A column drifts when its PSI is at least this (0.2 = a large shift by the usual rule of thumb).',
    }),
    columns: param.columns('Columns', { help: 'Empty = every column both tables have.' }),
  },
  subtitle: (p) => `PSI ≥ ${p.psiThreshold}`,
  report: driftReport,
  run: async ({ inputs, params, ctx }) => {
    const { reference, current } = inputs;
    if (reference.rowCount === 0) throw new Error('Input "reference" has no rows to compare with.');
    if (current.rowCount === 0) throw new Error('Input "current" has no rows to check.');
    const { shared, onlyOneSide } = sharedColumns(reference, current, params.columns);
    if (onlyOneSide.length)
      ctx.warn(`Not in the current table, so not checked: ${onlyOneSide.map((c) => `"${c}"`).join(', ')}.`);
    const query: Query = (sql) => ctx.sql.query(sql, { ref: reference, cur: current });
    const results: DriftColumn[] = [];
    const notChecked: string[] = [];
    for (const [i, column] of shared.entries()) {
      ctx.progress(i / shared.length, `column ${i + 1}/${shared.length}: ${column}`);
      const r = await checkColumn(query, reference, column, params.psiThreshold);
      if (r) results.push(r);
      else notChecked.push(column);
    }
    // Time columns move by nature: left out of "all columns" quietly, named when asked for.
    if (params.columns.length && notChecked.length)
      ctx.warn(
        `Not checked (drift is measured on numbers, text and booleans): ${notChecked.map((c) => `"${c}" (${columnType(reference, c)})`).join(', ')}.`,
      );
    const drifted = results.filter((r) => r.drifted);
    if (drifted.length)
      ctx.warn(
        `Drift in ${drifted.length} of ${results.length} columns: ${drifted
          .map((d) => `"${d.column}" (PSI ${d.psi.toFixed(2)})`)
          .join(', ')}.`,
      );
    const out = await ctx.sql.createTable(
      valuesSelect(
        [
          { name: 'column', type: 'VARCHAR' },
          { name: 'type', type: 'VARCHAR' },
          { name: 'psi', type: 'DOUBLE' },
          { name: 'test', type: 'VARCHAR' },
          { name: 'statistic', type: 'DOUBLE' },
          { name: 'p_value', type: 'DOUBLE' },
          { name: 'ref_missing', type: 'DOUBLE' },
          { name: 'cur_missing', type: 'DOUBLE' },
          { name: 'out_of_range', type: 'DOUBLE' },
          { name: 'new_categories', type: 'DOUBLE' },
          { name: 'drifted', type: 'BOOLEAN' },
        ],
        results.map((r) => [
          r.column,
          r.type,
          r.psi,
          r.test,
          r.statistic,
          r.pValue,
          r.refMissing,
          r.curMissing,
          r.outOfRange,
          r.newCategories,
          r.drifted,
        ]),
      ),
      {},
      'out',
    );
    ctx.report({
      psiThreshold: params.psiThreshold,
      referenceRows: reference.rowCount,
      currentRows: current.rowCount,
      notChecked,
      drift: results,
    });
    return { out };
  },
});
