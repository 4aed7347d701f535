import { z } from 'zod';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { columnType, quoteIdent, quoteLiteral, requireColumns } from '../sql-util';

const FUNCTIONS = ['mean', 'sum', 'min', 'max', 'count', 'std', 'median'] as const;
type AggFn = (typeof FUNCTIONS)[number];

/** DuckDB's name for each function (std is the sample standard deviation, as pandas'). */
const SQL_FN: Record<AggFn, string> = {
  mean: 'avg',
  sum: 'sum',
  min: 'min',
  max: 'max',
  count: 'count',
  std: 'stddev_samp',
  median: 'median',
};

const aggregationSchema = z.object({
  column: z.string(),
  fn: z.enum(FUNCTIONS),
  as: z.string().min(1, 'must not be empty').optional(),
});

const timeBucketSchema = z
  .object({ column: z.string(), unit: z.enum(['minute', 'hour', 'day', 'week', 'month']) })
  .nullable()
  .default(null);

/** The aggregate expression; integer sums come back as BIGINT rather than DuckDB's HUGEINT. */
function aggregateSql(fn: AggFn, column: string, type: string): string {
  const expr = `${SQL_FN[fn]}(${quoteIdent(column)})`;
  return fn === 'sum' && /^U?(TINYINT|SMALLINT|INTEGER|BIGINT)$/.test(type)
    ? `CAST(${expr} AS BIGINT)`
    : expr;
}

export default defineNodeKind({
  kind: 'transform.aggregate',
  version: 1,
  title: 'Aggregate',
  category: 'Transform',
  description:
    'Groups rows by columns and optionally a time bucket, and computes aggregates (default name ' +
    '`<fn>_<column>`). The bucket replaces its column under the same name, as the TIMESTAMP the bucket ' +
    'starts at (weeks start on Monday). Without aggregations it counts rows per group into `count`. ' +
    'Rows come out ordered by bucket, then groups.',
  inputs: { in: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    groupBy: param.columns('Group by'),
    timeBucket: param.json('Time bucket', timeBucketSchema, {
      help: 'e.g. {"column": "timestamp", "unit": "hour"}; null for none.',
    }),
    aggregations: param.json('Aggregations', z.array(aggregationSchema).default([]), {
      help: 'e.g. [{"column": "temperature", "fn": "mean"}]; fn: mean|sum|min|max|count|std|median.',
    }),
  },
  run: async ({ inputs, params, ctx }) => {
    const input = inputs.in;
    requireColumns(input, params.groupBy, 'groupBy');
    const bucket = params.timeBucket;
    if (bucket) {
      requireColumns(input, [bucket.column], 'timeBucket.column');
      if (params.groupBy.includes(bucket.column))
        throw new Error(
          `Param "groupBy": column "${bucket.column}" is also the time bucket column; list it once.`,
        );
    }
    params.aggregations.forEach((a, i) => {
      requireColumns(input, [a.column], `aggregations[${i}].column`);
    });

    // Keys first (bucket, then groups), then aggregates; names must be distinct because
    // DuckDB would otherwise rename a clash silently.
    const keys: string[] = [];
    if (bucket) {
      const col = quoteIdent(bucket.column);
      // date_trunc gives a DATE for day/week/month; one type for every unit keeps joins simple.
      // The CASE is a workaround: DuckDB 1.4.3 marks date_trunc's result never-NULL, so a NULL
      // time became a garbage bucket once grouped and sorted.
      const trunc = `date_trunc(${quoteLiteral(bucket.unit)}, CAST(${col} AS TIMESTAMP))`;
      keys.push(`CAST(CASE WHEN ${col} IS NULL THEN NULL ELSE ${trunc} END AS TIMESTAMP) AS ${col}`);
    }
    keys.push(...params.groupBy.map(quoteIdent));
    const names = [...(bucket ? [bucket.column] : []), ...params.groupBy];
    const aggs = params.aggregations.length
      ? params.aggregations.map((a) => {
          const name = a.as ?? `${a.fn}_${a.column}`;
          names.push(name);
          return `${aggregateSql(a.fn, a.column, columnType(input, a.column) ?? '')} AS ${quoteIdent(name)}`;
        })
      : [`count(*) AS ${quoteIdent('count')}`];
    if (!params.aggregations.length) names.push('count');
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name.toLowerCase()))
        throw new Error(`Param "aggregations": two output columns would be named "${name}"; set "as".`);
      seen.add(name.toLowerCase());
    }

    const positions = keys.map((_, i) => i + 1).join(', ');
    const grouping = keys.length ? ` GROUP BY ${positions} ORDER BY ${positions}` : '';
    return {
      out: await ctx.sql.createTable(`SELECT ${[...keys, ...aggs].join(', ')} FROM input${grouping}`, {
        input,
      }),
    };
  },
});
