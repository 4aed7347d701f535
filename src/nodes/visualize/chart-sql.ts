import type { ColumnInfo } from '../../shared/values';
import { doubleLiteral } from '../features/feature-util';
import { isNumericType, quoteIdent, quoteLiteral, requireColumns } from '../sql-util';
import type { Aggregate, BoxSummary, ChartData, ChartPanel, Mark } from './chart-report';

/** Caps that keep a chart's data small whatever the table's size. */
export const LIMITS = {
  /** Scatter points, sampled over all panels and colours. */
  points: 5000,
  /** Vertices per line; more distinct x values are binned. */
  linePoints: 1000,
  /** Bars per panel and boxes per panel: the most frequent categories. */
  categories: 50,
  colors: 8,
  facets: 6,
} as const;

const MISSING = '(missing)';
const OTHER = '(other)';

/** Runs a query over the chart's input table, bound as `input`. */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export interface ChartParams {
  mark: Mark;
  x: string;
  y: string;
  color: string;
  facet: string;
  bins: number;
  aggregate: Aggregate;
}

const SQL_AGG: Record<Aggregate, (y: string) => string> = {
  count: () => 'count(*)',
  sum: (y) => `sum(${y})`,
  mean: (y) => `avg(${y})`,
  median: (y) => `median(${y})`,
  min: (y) => `min(${y})`,
  max: (y) => `max(${y})`,
};

const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : Number(v ?? Number.NaN));
const isTemporal = (type: string) => /^(DATE|TIMESTAMP)/.test(type);

/** A column's values as DOUBLE: numbers as they are, dates and times as epoch seconds. */
function numericExpr(column: string, type: string, param: string): string {
  const c = quoteIdent(column);
  if (isNumericType(type)) return `CAST(${c} AS DOUBLE)`;
  if (isTemporal(type)) return `CAST(epoch(CAST(${c} AS TIMESTAMP)) AS DOUBLE)`;
  throw new Error(
    `Param "${param}": column "${column}" is ${type}; this mark needs numbers, dates or times.`,
  );
}

/**
 * A column's values as group labels, the `keep` most frequent by name and the rest as
 * "(other)", so a colour or facet with thousands of values still draws a readable chart.
 */
async function labelExpr(
  query: Query,
  column: string,
  keep: number,
): Promise<{ expr: string; dropped: number }> {
  if (!column) return { expr: 'NULL::VARCHAR', dropped: 0 };
  const c = `CAST(${quoteIdent(column)} AS VARCHAR)`;
  const top = await query(
    `SELECT coalesce(${c}, ${quoteLiteral(MISSING)}) AS v, count(*) AS n FROM input GROUP BY 1 ORDER BY n DESC, v LIMIT ${keep + 1}`,
  );
  const named = top.slice(0, keep).map((r) => quoteLiteral(String(r.v)));
  const label = `coalesce(${c}, ${quoteLiteral(MISSING)})`;
  if (top.length <= keep) return { expr: label, dropped: 0 };
  return {
    expr: `CASE WHEN ${label} IN (${named.join(', ')}) THEN ${label} ELSE ${quoteLiteral(OTHER)} END`,
    dropped: 1,
  };
}

/** Rows grouped into panels (facet) and series (colour), in first-seen order. */
function group<T>(rows: Record<string, unknown>[], each: (row: Record<string, unknown>) => T) {
  const panels = new Map<string | null, Map<string | null, T[]>>();
  for (const row of rows) {
    const f = row.f === null || row.f === undefined ? null : String(row.f);
    const c = row.c === null || row.c === undefined ? null : String(row.c);
    const series = panels.get(f) ?? new Map<string | null, T[]>();
    panels.set(f, series);
    const list = series.get(c) ?? [];
    series.set(c, list);
    list.push(each(row));
  }
  return panels;
}

function xySeries(rows: Record<string, unknown>[]): ChartPanel[] {
  return [...group(rows, (r) => [num(r.x), num(r.y)] as const)].map(([facet, series]) => ({
    facet,
    boxes: [],
    series: [...series].map(([name, pts]) => ({ name, x: pts.map((p) => p[0]), y: pts.map((p) => p[1]) })),
  }));
}

const sortPanels = (panels: ChartPanel[]) =>
  panels.sort((a, b) => String(a.facet).localeCompare(String(b.facet)));

/**
 * The data a chart of `params.mark` draws, computed by DuckDB over the whole table and
 * reduced there: scatter points sampled (reservoir, fixed seed), lines aggregated per x
 * (binned past the cap), bars aggregated per category, histograms counted per bin and
 * boxes summarised by quantile_cont.
 */
export async function chartData(
  query: Query,
  columns: readonly ColumnInfo[],
  params: ChartParams,
): Promise<ChartData> {
  const { mark } = params;
  const table = { columns: [...columns] };
  const typeOf = (name: string) => columns.find((c) => c.name === name)?.type ?? '';
  const needsX = mark !== 'box';
  const needsY =
    mark === 'scatter' ||
    mark === 'line' ||
    mark === 'box' ||
    (mark === 'bar' && params.aggregate !== 'count');
  if (needsX && !params.x) throw new Error(`Param "x": choose the column to plot along x.`);
  if (needsY && !params.y)
    throw new Error(
      mark === 'bar'
        ? `Param "y": choose the column to ${params.aggregate} per bar, or aggregate "count".`
        : `Param "y": choose the column to plot along y.`,
    );
  for (const p of ['x', 'y', 'color', 'facet'] as const) if (params[p]) requireColumns(table, [params[p]], p);

  const facet = await labelExpr(query, params.facet, LIMITS.facets);
  const color = await labelExpr(query, params.color, LIMITS.colors);
  const notes: string[] = [];
  if (facet.dropped) notes.push(`facets past the ${LIMITS.facets} most frequent are drawn as "${OTHER}"`);
  if (color.dropped) notes.push(`colours past the ${LIMITS.colors} most frequent are drawn as "${OTHER}"`);
  const [{ n: total } = { n: 0 }] = await query('SELECT count(*)::DOUBLE AS n FROM input');
  const base: Omit<ChartData, 'used' | 'marks' | 'panels' | 'categories' | 'binWidth' | 'sampled' | 'note'> =
    {
      mark,
      x: params.x,
      y: params.y,
      color: params.color,
      facet: params.facet,
      aggregate: params.aggregate,
      xTime: needsX && mark !== 'bar' && isTemporal(typeOf(params.x)),
      rows: num(total),
    };
  const finish = (
    used: number,
    panels: ChartPanel[],
    extra: Partial<Pick<ChartData, 'categories' | 'binWidth' | 'sampled'>> = {},
  ): ChartData => {
    sortPanels(panels);
    const marks = panels.reduce(
      (sum, p) => sum + p.boxes.length + p.series.reduce((s, x) => s + x.x.length, 0),
      0,
    );
    return {
      ...base,
      categories: [],
      binWidth: null,
      sampled: false,
      ...extra,
      used,
      marks,
      panels,
      note: notes.length ? `${notes.join('; ')}.` : null,
    };
  };
  const fc = `${facet.expr} AS f, ${color.expr} AS c`;

  if (mark === 'scatter' || mark === 'histogram' || mark === 'line') {
    const x = numericExpr(params.x, typeOf(params.x), 'x');
    const y = mark === 'histogram' ? 'NULL::DOUBLE' : numericExpr(params.y, typeOf(params.y), 'y');
    const keep =
      mark === 'histogram'
        ? 'isfinite(x)'
        : mark === 'line'
          ? 'isfinite(x) AND y IS NOT NULL'
          : 'isfinite(x) AND isfinite(y)';
    const valid = `(SELECT * FROM (SELECT ${fc}, ${x} AS x, ${y} AS y FROM input) WHERE ${keep})`;
    const [stats = {}] = await query(
      `SELECT count(*)::DOUBLE AS n, min(x) AS lo, max(x) AS hi, count(DISTINCT x)::DOUBLE AS distinct_x FROM ${valid}`,
    );
    const used = num(stats.n);
    if (!used) return finish(0, []);
    const lo = num(stats.lo);
    const hi = num(stats.hi);

    if (mark === 'scatter') {
      // The sample is drawn from every valid row, so each colour keeps its share.
      const rows = await query(
        `SELECT f, c, x, y FROM ${valid} USING SAMPLE reservoir(${LIMITS.points} ROWS) REPEATABLE (42) ORDER BY f, c, x, y`,
      );
      return finish(used, xySeries(rows), { sampled: used > LIMITS.points });
    }

    if (mark === 'line') {
      const binned = num(stats.distinct_x) > LIMITS.linePoints && hi > lo;
      const width = (hi - lo) / LIMITS.linePoints;
      const xk = binned
        ? `${doubleLiteral(lo)} + (least(floor((x - ${doubleLiteral(lo)}) / ${doubleLiteral(width)}), ${LIMITS.linePoints - 1}) + 0.5) * ${doubleLiteral(width)}`
        : 'x';
      if (binned) notes.push(`x is binned into ${LIMITS.linePoints} steps`);
      const rows = await query(
        `SELECT f, c, ${xk} AS x, CAST(${SQL_AGG[params.aggregate]('y')} AS DOUBLE) AS y FROM ${valid} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
      return finish(used, xySeries(rows));
    }

    // Histogram: equal-width bins over the whole range, shared by every panel and colour.
    const bins = hi > lo ? params.bins : 1;
    const width = hi > lo ? (hi - lo) / bins : 1;
    const rows = await query(
      `SELECT f, c, least(floor((x - ${doubleLiteral(lo)}) / ${doubleLiteral(width)}), ${bins - 1})::INTEGER AS b, count(*)::DOUBLE AS n
       FROM ${valid} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    const panels = [...group(rows, (r) => [num(r.b), num(r.n)] as const)].map(([f, series]) => ({
      facet: f,
      boxes: [],
      series: [...series].map(([name, counts]) => {
        const y = new Array<number>(bins).fill(0);
        for (const [b, n] of counts) y[b] = n;
        return { name, x: y.map((_, i) => lo + i * width), y };
      }),
    }));
    return finish(used, panels, { binWidth: width });
  }

  // Bar and box: x is a category (any type, as text); the most frequent ones are kept.
  const xLabel = params.x
    ? `coalesce(CAST(${quoteIdent(params.x)} AS VARCHAR), ${quoteLiteral(MISSING)})`
    : `'all'`;
  const y = needsY ? numericExpr(params.y, typeOf(params.y), 'y') : 'NULL::DOUBLE';
  const order = params.x ? quoteIdent(params.x) : 'NULL';
  const keep = needsY ? 'WHERE y IS NOT NULL AND isfinite(y)' : '';
  const valid = `(SELECT * FROM (SELECT ${fc}, ${xLabel} AS g, ${order} AS o, ${y} AS y FROM input) ${keep})`;
  const cats = await query(
    `SELECT g FROM (SELECT g, count(*) AS n, min(o) AS o FROM ${valid} GROUP BY g ORDER BY n DESC, g LIMIT ${LIMITS.categories + 1}) ORDER BY o NULLS LAST, g`,
  );
  const [{ n: usedRows } = { n: 0 }] = await query(`SELECT count(*)::DOUBLE AS n FROM ${valid}`);
  const categories = cats.map((r) => String(r.g)).slice(0, LIMITS.categories);
  if (cats.length > LIMITS.categories)
    notes.push(`only the ${LIMITS.categories} most frequent values of "${params.x}" are drawn`);
  const index = new Map(categories.map((c, i) => [c, i]));
  const kept = `${valid} WHERE g IN (${categories.map(quoteLiteral).join(', ') || 'NULL'})`;

  if (mark === 'bar') {
    const rows = await query(
      `SELECT f, c, g, CAST(${SQL_AGG[params.aggregate]('y')} AS DOUBLE) AS y FROM ${kept} GROUP BY 1, 2, 3 ORDER BY 1, 2`,
    );
    const panels = [...group(rows, (r) => [index.get(String(r.g)) ?? 0, num(r.y)] as const)].map(
      ([f, series]) => ({
        facet: f,
        boxes: [],
        series: [...series].map(([name, bars]) => {
          bars.sort((a, b) => a[0] - b[0]);
          return { name, x: bars.map((b) => b[0]), y: bars.map((b) => b[1]) };
        }),
      }),
    );
    return finish(num(usedRows), panels, { categories });
  }

  // Box: one five-number summary per category (colour is not split within a box).
  const rows = await query(
    `SELECT f, g, q[1] AS min, q[2] AS q1, q[3] AS median, q[4] AS q3, q[5] AS max, n FROM (
       SELECT f, g, quantile_cont(y, [0, 0.25, 0.5, 0.75, 1]) AS q, count(*)::DOUBLE AS n FROM ${kept} GROUP BY 1, 2
     ) ORDER BY 1`,
  );
  const panels = [
    ...group(
      rows.map((r) => ({ ...r, c: null })),
      (r): BoxSummary => ({
        group: String(r.g),
        min: num(r.min),
        q1: num(r.q1),
        median: num(r.median),
        q3: num(r.q3),
        max: num(r.max),
        n: num(r.n),
      }),
    ),
  ].map(([f, series]) => ({
    facet: f,
    series: [],
    boxes: [...series.values()].flat().sort((a, b) => (index.get(a.group) ?? 0) - (index.get(b.group) ?? 0)),
  }));
  return finish(num(usedRows), panels, { categories });
}
