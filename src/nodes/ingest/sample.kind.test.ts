import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputTableName } from '../../../workers/internal-names';
import { createTestEngine, node } from '../../../workers/testing/test-engine';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

describe('ingest.sample sensors', () => {
  it('has the documented columns and row count', async () => {
    const n = node('ingest.sample', { rows: 5000, seed: 7 });
    const r = await t.run({ nodes: [n], edges: [] });
    expect(r.status[n.id]).toBe('done');
    const handle = t.engine.cache.get(n.id)?.outputs.out;
    expect(handle?.type === 'table' && handle.rowCount).toBe(5000);
    expect(handle?.type === 'table' && handle.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'timestamp:TIMESTAMP',
      'sensor_id:VARCHAR',
      'temperature:DOUBLE',
      'vibration:DOUBLE',
      'pressure:DOUBLE',
      'status:VARCHAR',
      'failure_24h:INTEGER',
    ]);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = node('ingest.sample', { rows: 2000, seed: 1 });
    const b = node('ingest.sample', { rows: 2000, seed: 1 });
    const c = node('ingest.sample', { rows: 2000, seed: 2 });
    await t.run({ nodes: [a, b, c], edges: [] });
    const [ra, rb, rc] = await Promise.all([t.rows(a.id), t.rows(b.id), t.rows(c.id)]);
    expect(ra).toEqual(rb);
    expect(ra).not.toEqual(rc);
  });

  it('has missing values, outliers, both labels and 20 interleaved sensors', async () => {
    const n = node('ingest.sample', { rows: 100000 });
    await t.run({ nodes: [n], edges: [] });
    const table = outputTableName(n.id, 'out');
    const stats = (
      await t.duck.query(`SELECT
        count(*) FILTER (WHERE temperature IS NULL) AS temp_nulls,
        count(*) FILTER (WHERE temperature > 150 OR temperature < -50) AS outliers,
        avg(failure_24h) AS positive_rate,
        count(DISTINCT sensor_id) AS sensors,
        avg(temperature) FILTER (WHERE failure_24h = 1 AND temperature BETWEEN -50 AND 150)
          - avg(temperature) FILTER (WHERE failure_24h = 0 AND temperature BETWEEN -50 AND 150) AS temp_gap
      FROM "${table}"`)
    )
      .get(0)
      ?.toJSON();
    expect(stats?.temp_nulls).toBeGreaterThan(1000);
    expect(stats?.outliers).toBeGreaterThan(100);
    expect(stats?.positive_rate).toBeGreaterThan(0.1);
    expect(stats?.positive_rate).toBeLessThan(0.5);
    expect(stats?.sensors).toBe(20);
    // The label is learnable: failing machines run hotter.
    expect(stats?.temp_gap).toBeGreaterThan(5);
  });
});
