import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { type KindRun, ODD, q, runKind, type TestEngine } from '../kind-test-helpers';
import type { ChartData } from './chart-report';
import { LIMITS } from './chart-sql';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const GROUP = ODD.space;
const VALUE = ODD.quote;
/** Group a: 1..9 (and a NULL); group b: 10, 20, 30, 40; x 0..13 and a timestamp per row. */
const IN = `SELECT * FROM (VALUES
  ('a', 1.0::DOUBLE, 0, TIMESTAMP '2024-01-01'), ('a', 2, 1, TIMESTAMP '2024-01-02'), ('a', 3, 2, TIMESTAMP '2024-01-03'),
  ('a', 4, 3, TIMESTAMP '2024-01-04'), ('a', 5, 4, TIMESTAMP '2024-01-05'), ('a', 6, 5, TIMESTAMP '2024-01-06'),
  ('a', 7, 6, TIMESTAMP '2024-01-07'), ('a', 8, 7, TIMESTAMP '2024-01-08'), ('a', 9, 8, TIMESTAMP '2024-01-09'),
  ('a', NULL, 9, TIMESTAMP '2024-01-10'),
  ('b', 10, 10, TIMESTAMP '2024-01-11'), ('b', 20, 11, TIMESTAMP '2024-01-12'), ('b', 30, 12, TIMESTAMP '2024-01-13'),
  ('b', 40, 13, TIMESTAMP '2024-01-14')
) t(${q(GROUP)}, ${q(VALUE)}, x, ts)`;

const chartOf = (k: KindRun): ChartData => {
  expect(k.message).toBeUndefined();
  return (k.report as { chart: ChartData }).chart;
};

describe('chart.plot', () => {
  it('counts a histogram per equal-width bin over the whole range, the maximum in the last bin', async () => {
    const chart = chartOf(
      await runKind(t, 'chart.plot', { mark: 'histogram', x: VALUE, bins: 4 }, { in: IN }),
    );
    // 1..40 in 4 bins of 9.75: [1, 10.75) holds 1..9 and 10, then 20, 30, and 40 with the max.
    expect(chart.binWidth).toBe(9.75);
    expect(chart.panels[0]?.series).toEqual([{ name: null, x: [1, 10.75, 20.5, 30.25], y: [10, 1, 1, 1] }]);
    expect(chart.used).toBe(13);
    expect(chart.rows).toBe(14);
  });

  it('splits histogram counts by colour over bins shared by every series', async () => {
    const chart = chartOf(
      await runKind(t, 'chart.plot', { mark: 'histogram', x: 'x', color: GROUP, bins: 2 }, { in: IN }),
    );
    expect(chart.panels[0]?.series.map((s) => [s.name, s.y])).toEqual([
      ['a', [7, 3]],
      ['b', [0, 4]],
    ]);
  });

  it('summarises a box per group with the five numbers of quantile_cont', async () => {
    const chart = chartOf(await runKind(t, 'chart.plot', { mark: 'box', x: GROUP, y: VALUE }, { in: IN }));
    expect(chart.categories).toEqual(['a', 'b']);
    expect(chart.panels[0]?.boxes).toEqual([
      { group: 'a', min: 1, q1: 3, median: 5, q3: 7, max: 9, n: 9 },
      { group: 'b', min: 10, q1: 17.5, median: 25, q3: 32.5, max: 40, n: 4 },
    ]);
  });

  it('aggregates bars per category with the chosen function, or counts rows', async () => {
    const mean = chartOf(
      await runKind(t, 'chart.plot', { mark: 'bar', x: GROUP, y: VALUE, aggregate: 'mean' }, { in: IN }),
    );
    expect(mean.categories).toEqual(['a', 'b']);
    expect(mean.panels[0]?.series).toEqual([{ name: null, x: [0, 1], y: [5, 25] }]);
    const count = chartOf(await runKind(t, 'chart.plot', { mark: 'bar', x: GROUP }, { in: IN }));
    expect(count.panels[0]?.series[0]?.y).toEqual([10, 4]);
  });

  it('draws one panel per facet value, and lines per x over dates as epoch seconds', async () => {
    const chart = chartOf(
      await runKind(
        t,
        'chart.plot',
        { mark: 'line', x: 'ts', y: VALUE, facet: GROUP, aggregate: 'sum' },
        { in: IN },
      ),
    );
    expect(chart.xTime).toBe(true);
    expect(chart.panels.map((p) => p.facet)).toEqual(['a', 'b']);
    expect(chart.panels[1]?.series[0]?.x[0]).toBe(Date.parse('2024-01-11T00:00:00Z') / 1000);
    expect(chart.panels[1]?.series[0]?.y).toEqual([10, 20, 30, 40]);
  });

  it('samples a scatter of a million rows down to the cap', async () => {
    const big = `SELECT (i % 1000)::DOUBLE AS a, (i % 777)::DOUBLE AS b, CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END AS parity FROM range(1000000) r(i)`;
    const started = performance.now();
    const chart = chartOf(
      await runKind(t, 'chart.plot', { mark: 'scatter', x: 'a', y: 'b', color: 'parity' }, { in: big }),
    );
    console.log(`scatter of 1M rows: ${Math.round(performance.now() - started)} ms`);
    expect(chart.used).toBe(1_000_000);
    expect(chart.sampled).toBe(true);
    expect(chart.marks).toBe(LIMITS.points);
    const sizes = chart.panels[0]?.series.map((s) => s.x.length) ?? [];
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(LIMITS.points);
    // A uniform sample keeps each colour's share (half each), give or take.
    for (const n of sizes) expect(Math.abs(n - LIMITS.points / 2)).toBeLessThan(250);
  });

  it('bins a line with more distinct x values than the cap, and names colours past the cap "(other)"', async () => {
    const many = `SELECT i::DOUBLE AS x, (i % 3)::DOUBLE AS y, 'c' || (i % 12) AS colour FROM range(5000) r(i)`;
    const chart = chartOf(
      await runKind(
        t,
        'chart.plot',
        { mark: 'line', x: 'x', y: 'y', color: 'colour', aggregate: 'count' },
        { in: many },
      ),
    );
    const series = chart.panels[0]?.series ?? [];
    expect(series.map((s) => s.name)).toContain('(other)');
    expect(series).toHaveLength(LIMITS.colors + 1);
    for (const s of series) expect(s.x.length).toBeLessThanOrEqual(LIMITS.linePoints);
    // Every row is counted once, whichever bin and colour it fell in.
    expect(series.flatMap((s) => s.y).reduce((a, b) => a + b, 0)).toBe(5000);
    expect(chart.note).toMatch(/colours past the 8 most frequent.*binned into 1000 steps/);
  });

  it('draws the most frequent bar categories only, and says so', async () => {
    const wide = `SELECT 'k' || lpad((i % 80)::VARCHAR, 2, '0') AS k FROM range(8000 + 80) r(i)`;
    const chart = chartOf(await runKind(t, 'chart.plot', { mark: 'bar', x: 'k' }, { in: wide }));
    expect(chart.categories).toHaveLength(LIMITS.categories);
    expect(chart.marks).toBe(LIMITS.categories);
    expect(chart.note).toMatch(/only the 50 most frequent values of "k"/);
  });

  it('keeps every point of a small scatter, unsampled', async () => {
    const chart = chartOf(await runKind(t, 'chart.plot', { mark: 'scatter', x: 'x', y: VALUE }, { in: IN }));
    expect(chart.sampled).toBe(false);
    expect(chart.marks).toBe(13);
  });

  it('fails with a message naming the param for a missing or non-numeric column', async () => {
    const none = await runKind(t, 'chart.plot', { mark: 'scatter', y: VALUE }, { in: IN });
    expect(none.message).toMatch(/Param "x": choose/);
    const text = await runKind(t, 'chart.plot', { mark: 'histogram', x: GROUP }, { in: IN });
    expect(text.message).toMatch(/Param "x": column "with space" is VARCHAR/);
  });
});
