import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { ODD, q, runKind, type TestEngine } from '../kind-test-helpers';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const SENSOR = ODD.space;
const COST = ODD.dollar;
const TEMP = ODD.unicode;
const IN = `SELECT * FROM (VALUES
  (TIMESTAMP '2024-01-01 10:05:00', 'a', 1,    1.0::DOUBLE),
  (TIMESTAMP '2024-01-01 10:55:00', 'a', 2,    NULL),
  (TIMESTAMP '2024-01-01 11:10:00', 'a', 3,    3.0),
  (TIMESTAMP '2024-01-01 10:20:00', 'b', NULL, 4.0),
  (TIMESTAMP '2024-02-10 08:00:00', 'b', 5,    6.0),
  (NULL,                            'b', 6,    8.0)
) t(ts, ${q(SENSOR)}, ${q(COST)}, ${q(TEMP)})`;
const at = (s: string) => Date.parse(`${s}Z`);

describe('transform.aggregate', () => {
  it('computes every function per group, with default and custom names', async () => {
    const k = await runKind(
      t,
      'transform.aggregate',
      {
        groupBy: [SENSOR],
        aggregations: [
          { column: TEMP, fn: 'mean' },
          { column: COST, fn: 'sum' },
          { column: COST, fn: 'count' },
          { column: COST, fn: 'min' },
          { column: TEMP, fn: 'max', as: 'peak ✓' },
          { column: TEMP, fn: 'std' },
          { column: COST, fn: 'median' },
        ],
      },
      { in: IN },
    );
    expect(k.status).toBe('done');
    expect(k.columns().map((c) => `${c.name}:${c.type}`)).toEqual([
      `${SENSOR}:VARCHAR`,
      `mean_${TEMP}:DOUBLE`,
      `sum_${COST}:BIGINT`,
      `count_${COST}:BIGINT`,
      `min_${COST}:INTEGER`,
      'peak ✓:DOUBLE',
      `std_${TEMP}:DOUBLE`,
      `median_${COST}:DOUBLE`,
    ]);
    const rows = await k.rows();
    // a: temps 1, –, 3; costs 1, 2, 3.  b: temps 4, 6, 8; costs –, 5, 6.
    expect(rows.map((r) => Object.values(r))).toEqual([
      ['a', 2, 6, 3, 1, 3, Math.SQRT2, 2],
      ['b', 6, 11, 2, 5, 8, 2, 5.5],
    ]);
  });

  it('buckets time by hour within groups, as TIMESTAMP named after the column', async () => {
    const k = await runKind(
      t,
      'transform.aggregate',
      {
        groupBy: [SENSOR],
        timeBucket: { column: 'ts', unit: 'hour' },
        aggregations: [{ column: COST, fn: 'count', as: 'n' }],
      },
      { in: IN },
    );
    expect(k.columns().map((c) => `${c.name}:${c.type}`)).toEqual([
      'ts:TIMESTAMP',
      `${SENSOR}:VARCHAR`,
      'n:BIGINT',
    ]);
    expect(await k.rows()).toEqual([
      { ts: at('2024-01-01T10:00:00'), [SENSOR]: 'a', n: 2 },
      { ts: at('2024-01-01T10:00:00'), [SENSOR]: 'b', n: 0 },
      { ts: at('2024-01-01T11:00:00'), [SENSOR]: 'a', n: 1 },
      { ts: at('2024-02-10T08:00:00'), [SENSOR]: 'b', n: 1 },
      { ts: null, [SENSOR]: 'b', n: 1 },
    ]);
  });

  it('buckets by month and by (Monday-start) week, counting rows when no aggregation is given', async () => {
    const month = await runKind(
      t,
      'transform.aggregate',
      { timeBucket: { column: 'ts', unit: 'month' } },
      { in: IN },
    );
    expect(month.columns().map((c) => c.type)).toEqual(['TIMESTAMP', 'BIGINT']);
    expect(await month.rows()).toEqual([
      { ts: at('2024-01-01T00:00:00'), count: 4 },
      { ts: at('2024-02-01T00:00:00'), count: 1 },
      { ts: null, count: 1 },
    ]);
    const week = await runKind(
      t,
      'transform.aggregate',
      { timeBucket: { column: 'ts', unit: 'week' }, aggregations: [{ column: 'ts', fn: 'max' }] },
      { in: IN },
    );
    // 2024-02-10 is a Saturday; its week starts on Monday 2024-02-05. max(ts) sees the raw times.
    expect(await week.rows()).toEqual([
      { ts: at('2024-01-01T00:00:00'), max_ts: at('2024-01-01T11:10:00') },
      { ts: at('2024-02-05T00:00:00'), max_ts: at('2024-02-10T08:00:00') },
      { ts: null, max_ts: null },
    ]);
  });

  it('keeps a NULL time as a NULL bucket (DuckDB 1.4.3 date_trunc never-NULL bug)', async () => {
    const k = await runKind(
      t,
      'transform.aggregate',
      { timeBucket: { column: 'ts', unit: 'day' } },
      { in: "SELECT * FROM (VALUES (NULL), (TIMESTAMP '2024-01-01 10:00:00'), (NULL)) t(ts)" },
    );
    expect(await k.rows()).toEqual([
      { ts: at('2024-01-01T00:00:00'), count: 1 },
      { ts: null, count: 2 },
    ]);
  });

  it('handles an empty table: no groups, or one all-NULL row without groups', async () => {
    const grouped = await runKind(
      t,
      'transform.aggregate',
      { groupBy: [SENSOR] },
      { in: `${IN} WHERE false` },
    );
    expect(await grouped.rows()).toEqual([]);
    const whole = await runKind(
      t,
      'transform.aggregate',
      {
        aggregations: [
          { column: COST, fn: 'sum' },
          { column: COST, fn: 'count' },
        ],
      },
      { in: `${IN} WHERE false` },
    );
    expect(await whole.rows()).toEqual([{ [`sum_${COST}`]: null, [`count_${COST}`]: 0 }]);
  });

  it('names unknown columns, clashing names and surfaces DuckDB errors', async () => {
    const g = await runKind(t, 'transform.aggregate', { groupBy: ['nope'] }, { in: IN });
    expect(g.message).toBe('Param "groupBy": column "nope" is not in input "in".');
    const a = await runKind(
      t,
      'transform.aggregate',
      { aggregations: [{ column: 'x', fn: 'sum' }] },
      { in: IN },
    );
    expect(a.message).toBe('Param "aggregations[0].column": column "x" is not in input "in".');
    const b = await runKind(
      t,
      'transform.aggregate',
      { timeBucket: { column: 'when', unit: 'day' } },
      { in: IN },
    );
    expect(b.message).toBe('Param "timeBucket.column": column "when" is not in input "in".');
    const clash = await runKind(
      t,
      'transform.aggregate',
      { groupBy: [SENSOR], aggregations: [{ column: COST, fn: 'sum', as: SENSOR.toUpperCase() }] },
      { in: IN },
    );
    expect(clash.message).toMatch(/two output columns would be named "WITH SPACE"/);
    const duck = await runKind(
      t,
      'transform.aggregate',
      { aggregations: [{ column: SENSOR, fn: 'mean' }] },
      { in: IN },
    );
    expect(duck.status).toBe('error');
    expect(duck.message).toMatch(/avg/);
  });
});
