import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { ODD, q, runKind, type TestEngine } from '../kind-test-helpers';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const TS = ODD.unicode;
// 2024-03-02 is a Saturday, 2024-03-04 a Monday, 2024-12-31 a Tuesday (day 366: leap year).
const IN = `SELECT * FROM (VALUES
  (TIMESTAMP '2024-03-02 23:15:00', 1),
  (TIMESTAMP '2024-03-04 00:00:00', 2),
  (TIMESTAMP '2024-12-31 07:30:00', 3),
  (NULL, 4)
) t(${q(TS)}, id)`;

describe('transform.time_features', () => {
  it('adds every feature by default as INTEGER columns named <column>_<feature>', async () => {
    const k = await runKind(t, 'transform.time_features', { column: TS }, { in: IN });
    expect(k.status).toBe('done');
    expect(k.columns().map((c) => `${c.name}:${c.type}`)).toEqual([
      `${TS}:TIMESTAMP`,
      'id:INTEGER',
      `${TS}_hour:INTEGER`,
      `${TS}_day_of_week:INTEGER`,
      `${TS}_is_weekend:INTEGER`,
      `${TS}_month:INTEGER`,
      `${TS}_day_of_year:INTEGER`,
    ]);
    const rows = await k.rows();
    expect(rows.map((r) => Object.values(r).slice(1))).toEqual([
      [1, 23, 6, 1, 3, 62],
      [2, 0, 1, 0, 3, 64],
      [3, 7, 2, 0, 12, 366],
      [4, null, null, null, null, null],
    ]);
  });

  it('adds only the chosen features, and works on DATE columns', async () => {
    const k = await runKind(
      t,
      'transform.time_features',
      { column: 'day', features: ['is_weekend', 'day_of_week'] },
      { in: "SELECT * FROM (VALUES (DATE '2024-03-03'), (DATE '2024-03-05')) t(day)" },
    );
    expect(await k.rows()).toEqual([
      { day: Date.UTC(2024, 2, 3), day_is_weekend: 1, day_day_of_week: 7 },
      { day: Date.UTC(2024, 2, 5), day_is_weekend: 0, day_day_of_week: 2 },
    ]);
  });

  it('handles an empty table', async () => {
    const k = await runKind(
      t,
      'transform.time_features',
      { column: TS, features: ['month'] },
      { in: `${IN} WHERE false` },
    );
    expect(await k.rows()).toEqual([]);
    expect(k.columns().map((c) => c.name)).toEqual([TS, 'id', `${TS}_month`]);
  });

  it('names an unknown column, a non-time column and a clashing output name', async () => {
    const none = await runKind(t, 'transform.time_features', {}, { in: IN });
    expect(none.message).toBe('Param "column": choose a timestamp column.');
    const unknown = await runKind(t, 'transform.time_features', { column: 'nope' }, { in: IN });
    expect(unknown.message).toBe('Param "column": column "nope" is not in input "in".');
    const num = await runKind(t, 'transform.time_features', { column: 'id' }, { in: IN });
    expect(num.message).toBe('Param "column": column "id" has type INTEGER, not a timestamp or date.');
    const clash = await runKind(
      t,
      'transform.time_features',
      { column: 't', features: ['hour'] },
      { in: "SELECT TIMESTAMP '2024-01-01' AS t, 5 AS T_HOUR" },
    );
    expect(clash.message).toBe('Param "features": the input already has a column "t_hour".');
    const bad = await runKind(t, 'transform.time_features', { column: TS, features: ['minute'] }, { in: IN });
    expect(bad.message).toMatch(/^Param "features.0"/);
  });
});
