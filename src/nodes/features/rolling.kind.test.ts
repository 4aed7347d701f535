import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import { defaultParams } from '../define-node-kind';
import { getKind } from '../registry';
import { emptyOf, runKind, type Source, sqlTable, type TestEngine, valuesTable } from './feature-test-util';
import { resolveWindow } from './rolling.kind';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

// Two groups interleaved, and out of `ts` order, with a NULL reading in group b.
const grouped = valuesTable(
  ['g', 'ts', 'v'],
  [
    ["'a'", '1', '1e0'],
    ["'b'", '1', '10e0'],
    ["'a'", '3', '3e0'],
    ["'b'", '2', 'NULL'],
    ["'a'", '2', '2e0'],
    ["'b'", '3', '30e0'],
    ["'a'", '4', '4e0'],
  ],
);

/** The sensors sample with readings at minutes 3 and 4 of every 10 removed (gaps in time). */
function sensorsWithGaps(rows: number): Source {
  const s = node('ingest.sample', { rows });
  const f = node('clean.filter', { where: 'minute("timestamp") % 10 NOT IN (3, 4)' });
  return { id: f.id, port: 'out', nodes: [s, f], edges: [edge(s.id, f.id)] };
}

type Reading = { timestamp: number; sensor_id: string; temperature: number | null } & Record<string, unknown>;

/** Mean of the non-NULL temperatures of `rows` (null when none). */
function mean(rows: readonly Reading[]): number | null {
  const xs = rows.map((r) => r.temperature).filter((x): x is number => x !== null);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

describe('features.rolling', () => {
  it('computes row windows per partition in orderBy order and keeps the input row order', async () => {
    const r = await runKind(
      t,
      'features.rolling',
      { partitionBy: ['g'], orderBy: 'ts', window: { rows: 2 }, columns: ['v'] },
      { in: grouped },
    );
    expect(r.status).toBe('done');
    expect(r.columns()).toEqual([
      'g',
      'ts',
      'v',
      'v_mean_2rows',
      'v_std_2rows',
      'v_min_2rows',
      'v_max_2rows',
    ]);
    const rows = await r.rows();
    expect(rows.map((x) => [x.g, x.ts])).toEqual([
      ['a', 1],
      ['b', 1],
      ['a', 3],
      ['b', 2],
      ['a', 2],
      ['b', 3],
      ['a', 4],
    ]);
    expect(rows.map((x) => [x.v_mean_2rows, x.v_min_2rows, x.v_max_2rows])).toEqual([
      [1, 1, 1],
      [10, 10, 10],
      [2.5, 2, 3],
      [10, 10, 10], // the NULL reading does not count
      [1.5, 1, 2],
      [30, 30, 30], // frame = b@2 (NULL) and b@3
      [3.5, 3, 4],
    ]);
    expect(rows[0]?.v_std_2rows).toBeNull(); // one value: no sample std
    expect(rows[2]?.v_std_2rows).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('with no orderBy, a row window follows the input order', async () => {
    const r = await runKind(
      t,
      'features.rolling',
      { window: { rows: 2 }, columns: ['ts'], stats: ['max', 'mean', 'max'] },
      { in: grouped },
    );
    expect(r.columns().slice(3)).toEqual(['ts_max_2rows', 'ts_mean_2rows']);
    expect((await r.rows()).map((x) => x.ts_max_2rows)).toEqual([1, 1, 3, 3, 2, 3, 4]);
  });

  it('keeps windows within each sensor; a 3-minute range differs from 4 rows across gaps', async () => {
    const input = sensorsWithGaps(20 * 40);
    const params = {
      partitionBy: ['sensor_id'],
      orderBy: 'timestamp',
      columns: ['temperature'],
      stats: ['mean'],
    };
    // Each run drops the results of nodes not in its graph: read one before the next.
    const byRange = await runKind(
      t,
      'features.rolling',
      { ...params, window: { range: '3 minutes' } },
      { in: input },
    );
    expect(byRange.message).toBeUndefined();
    const ranged = (await byRange.rows()) as Reading[];
    const byRows = await runKind(t, 'features.rolling', { ...params, window: { rows: 4 } }, { in: input });
    expect(byRows.message).toBeUndefined();
    const rowed = (await byRows.rows()) as Reading[];
    expect(ranged).toHaveLength(20 * 32);
    // Sensors interleave: consecutive rows belong to different sensors.
    expect(ranged[0]?.sensor_id).not.toBe(ranged[1]?.sensor_id);

    let differ = 0;
    ranged.forEach((row, i) => {
      const mine = ranged.filter((o) => o.sensor_id === row.sensor_id);
      const inRange = mine.filter(
        (o) => o.timestamp <= row.timestamp && o.timestamp >= row.timestamp - 3 * 60_000,
      );
      const lastFour = mine.filter((o) => o.timestamp <= row.timestamp).slice(-4);
      const expectRange = mean(inRange);
      const expectRows = mean(lastFour);
      const gotRange = row.temperature_mean_3min as number | null;
      const gotRows = rowed[i]?.temperature_mean_4rows as number | null;
      if (expectRange === null) expect(gotRange).toBeNull();
      else expect(gotRange).toBeCloseTo(expectRange, 9);
      if (expectRows === null) expect(gotRows).toBeNull();
      else expect(gotRows).toBeCloseTo(expectRows, 9);
      if (gotRange !== gotRows) differ++;
    });
    // At minutes 5 and 6 the range reaches back past the gap to fewer readings.
    expect(differ).toBeGreaterThan(20);
  });

  it('resolves window labels and frames', () => {
    expect(resolveWindow({ rows: 5 })).toMatchObject({ label: '5rows', isRange: false });
    expect(resolveWindow({ range: '5 minutes' })).toMatchObject({ label: '5min', isRange: true });
    expect(resolveWindow({ range: '30 Seconds' }).label).toBe('30s');
    expect(resolveWindow({ range: '2hour' }).frame).toBe(
      "RANGE BETWEEN INTERVAL '2 hours' PRECEDING AND CURRENT ROW",
    );
    expect(resolveWindow({ range: '1 day' }).label).toBe('1d');
    expect(() => resolveWindow({ range: '5 fortnights' })).toThrow(/Param "window.range": "5 fortnights"/);
  });

  it('rejects a malformed range on import and a range over a non-time column', async () => {
    const bad = await runKind(t, 'features.rolling', { window: { range: '5 mins ago' } }, { in: grouped });
    expect(bad.message).toMatch(/^Param "window.range": must be a duration like "5 minutes"/);
    const notTime = await runKind(
      t,
      'features.rolling',
      { orderBy: 'ts', window: { range: '1 hour' } },
      { in: grouped },
    );
    expect(notTime.message).toBe(
      'Param "orderBy": a time-range window needs a TIMESTAMP or DATE column; "ts" is INTEGER.',
    );
    const none = await runKind(t, 'features.rolling', { window: { range: '1 hour' } }, { in: grouped });
    expect(none.message).toMatch(/^Param "orderBy"/);
  });

  it('names the param and the column when a column is unknown', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ partitionBy: ['nope'] }, 'Param "partitionBy": column "nope" is not in input "in".'],
      [{ orderBy: 'when' }, 'Param "orderBy": column "when" is not in input "in".'],
      [{ columns: ['v', 'x y'] }, 'Param "columns": column "x y" is not in input "in".'],
      [{ columns: ['g'] }, 'Param "columns": column "g" is VARCHAR, not a numeric column.'],
    ];
    for (const [params, message] of cases)
      expect((await runKind(t, 'features.rolling', params, { in: grouped })).message).toBe(message);
  });

  it('refuses to add a column whose name is taken', async () => {
    const taken = valuesTable(['v', 'V_MEAN_5rows'], [['1', '2']]);
    const r = await runKind(t, 'features.rolling', { columns: ['v'] }, { in: taken });
    expect(r.message).toMatch(/New column "v_mean_5rows" clashes with column "V_MEAN_5rows"/);
  });

  it('handles unusual column names, including one named like its helper column', async () => {
    const weird = valuesTable(
      ['sensor "id" ($)', 'température ✓', '__pw_row', "it's (x)"],
      [
        ["'s1'", '1e0', '7', '1'],
        ["'s2'", '5e0', '8', '2'],
        ["'s1'", '3e0', '9', '3'],
      ],
    );
    const r = await runKind(
      t,
      'features.rolling',
      { partitionBy: ['sensor "id" ($)'], orderBy: "it's (x)", columns: ['température ✓'], stats: ['mean'] },
      { in: weird },
    );
    expect(r.message).toBeUndefined();
    expect(await r.rows()).toEqual([
      {
        'sensor "id" ($)': 's1',
        'température ✓': 1,
        __pw_row: 7,
        "it's (x)": 1,
        'température ✓_mean_5rows': 1,
      },
      {
        'sensor "id" ($)': 's2',
        'température ✓': 5,
        __pw_row: 8,
        "it's (x)": 2,
        'température ✓_mean_5rows': 5,
      },
      {
        'sensor "id" ($)': 's1',
        'température ✓': 3,
        __pw_row: 9,
        "it's (x)": 3,
        'température ✓_mean_5rows': 2,
      },
    ]);
  });

  it('works on an empty table and with defaults (every numeric column but order/partition)', async () => {
    const r = await runKind(t, 'features.rolling', { partitionBy: ['g'] }, { in: emptyOf(grouped) });
    expect(r.status).toBe('done');
    expect(await r.rows()).toEqual([]);
    expect(r.columns()).toContain('ts_mean_5rows');
    expect(r.columns()).toContain('v_max_5rows');
    expect(r.columns()).not.toContain('g_mean_5rows');
    const kind = getKind('features.rolling');
    expect(kind && defaultParams(kind)).toEqual({
      partitionBy: [],
      orderBy: '',
      window: { rows: 5 },
      columns: [],
      stats: ['mean', 'std', 'min', 'max'],
    });
  });
  it('runs a time-range window over a time-zone timestamp without the ICU extension (was a Binder Error)', async () => {
    const tz = sqlTable(
      `SELECT * FROM (VALUES ('2024-01-01 10:00:00+00'::TIMESTAMPTZ, 1e0), ('2024-01-01 10:02:00+00'::TIMESTAMPTZ, 3e0), ('2024-01-01 10:09:00+00'::TIMESTAMPTZ, 10e0)) t(ts, v)`,
    );
    const r = await runKind(
      t,
      'features.rolling',
      { orderBy: 'ts', window: { range: '5 minutes' }, columns: ['v'], stats: ['mean'] },
      { in: tz },
    );
    expect(r.message).toBeUndefined();
    expect((await r.rows()).map((row) => row.v_mean_5min)).toEqual([1, 2, 10]);
  });
});
