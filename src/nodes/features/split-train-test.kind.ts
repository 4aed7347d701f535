import type { TableHandle } from '../../shared/values';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { quoteIdent, requireColumns, sqlValue } from '../sql-util';
import { doubleLiteral, freshName } from './feature-util';

const METHODS = ['random', 'time'] as const;

interface SplitPlan {
  testSize: number;
  seed: number;
  method: (typeof METHODS)[number];
  orderBy: string;
  stratify: string;
}

/**
 * `SELECT` of one side of the split over `input`. Every row gets a rank within its
 * group and goes to test when rank <= round(testSize * group size) (DuckDB's round: half
 * away from zero), so the sizes are exact, not a coin flip per row.
 * - random: rank by hash(input row number, seed) — deterministic for a seed and the same
 *   on every run, unlike random()/setseed(); the group is the stratum, if any.
 * - time: rank by orderBy descending (later input rows first among equal values), so the
 *   latest rows are the test set; rows whose orderBy is NULL count as the oldest.
 * Both sides keep the input's row order.
 */
export function splitSql(table: TableHandle, plan: SplitPlan, side: 'train' | 'test'): string {
  const rn = quoteIdent(freshName(table, '__pw_row'));
  const rank = quoteIdent(freshName(table, '__pw_rank'));
  const size = quoteIdent(freshName(table, '__pw_size'));
  // Strata group the random method only: a time split has one cutoff for all rows.
  const partition =
    plan.method === 'random' && plan.stratify ? `PARTITION BY ${quoteIdent(plan.stratify)}` : '';
  const ranking =
    plan.method === 'time'
      ? `ORDER BY ${quoteIdent(plan.orderBy)} DESC NULLS LAST, ${rn} DESC`
      : `${partition} ORDER BY hash(${rn}, ${sqlValue(plan.seed)}), ${rn}`;
  const isTest = `${rank} <= round(${doubleLiteral(plan.testSize)} * ${size})`;
  return `WITH numbered AS (SELECT *, row_number() OVER () AS ${rn} FROM input),
ranked AS (
  SELECT *, row_number() OVER (${ranking}) AS ${rank}, count(*) OVER (${partition}) AS ${size} FROM numbered
)
SELECT * EXCLUDE (${rn}, ${rank}, ${size}) FROM ranked
WHERE ${side === 'test' ? isTest : `NOT (${isTest})`}
ORDER BY ${rn}`;
}

export default defineNodeKind({
  kind: 'split.train_test',
  version: 1,
  title: 'Train/test split',
  category: 'Features',
  role: 'split',
  description:
    'Splits rows into train and test: exactly round(testSize × rows) go to test, either chosen at random (deterministic for a seed, optionally per stratum) or the latest by a time column. Both keep the input order.',
  inputs: { in: { type: 'table' } },
  outputs: { train: { type: 'table' }, test: { type: 'table' } },
  params: {
    testSize: param.number('Test size', 0.2, { min: 0, max: 1, help: 'Fraction of rows for the test set.' }),
    seed: param.number('Seed', 42, { int: true }),
    method: param.select('Method', METHODS, 'random', {
      help: 'random: a seeded shuffle. time: the latest rows by "Order by" go to test.',
    }),
    orderBy: param.column('Order by', { help: 'Time column for the time method.' }),
    stratify: param.column('Stratify by', {
      help: 'Random method: keep this column’s class proportions in both sets. Empty = none.',
    }),
  },
  run: async ({ inputs, params, ctx }) => {
    if (params.method === 'time') {
      if (!params.orderBy) throw new Error('Param "orderBy": a time split needs a column to order by.');
      requireColumns(inputs.in, [params.orderBy], 'orderBy');
      if (params.stratify) ctx.log('Stratify applies to the random method only; the time split ignores it.');
    } else if (params.stratify) requireColumns(inputs.in, [params.stratify], 'stratify');
    return {
      train: await ctx.sql.createTable(splitSql(inputs.in, params, 'train'), { input: inputs.in }, 'train'),
      test: await ctx.sql.createTable(splitSql(inputs.in, params, 'test'), { input: inputs.in }, 'test'),
    };
  },
});
