import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileTable } from './profile';
import { createTestEngine, node } from './testing/test-engine';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

describe('column profile', () => {
  it('profiles numbers and text, with nulls, histograms and top values', async () => {
    const s = node('transform.sql', {
      sql: `SELECT * FROM (VALUES (1.0, 'a'), (2.0, 'b'), (3.0, 'a'), (NULL, NULL), (11.0, 'a')) v("x ($)", "name ✓")`,
    });
    const src = node('ingest.sample', { rows: 1 });
    await t.run({
      nodes: [src, s],
      edges: [{ source: src.id, sourcePort: 'out', target: s.id, targetPort: 'in' }],
    });
    const [x, name] = await t.engine.profile(s.id, 'out');
    expect(x).toMatchObject({ name: 'x ($)', rows: 5, nulls: 1, min: 1, max: 11, mean: 4.25 });
    expect(x?.histogram?.counts).toHaveLength(20);
    expect(x?.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(4);
    // Bins are (11 - 1) / 20 = 0.5 wide: 1, 2, 3 and 11 land in bins 0, 2, 4 and 19.
    expect(x?.histogram?.counts.flatMap((n, i) => (n ? [i] : []))).toEqual([0, 2, 4, 19]);
    expect(name).toMatchObject({ name: 'name ✓', nulls: 1, min: 'a', max: 'b' });
    expect(name?.top).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 1 },
    ]);
  });
  it('gives the min and max of big integers with every digit; doubles for the others', async () => {
    const s = node('transform.sql', {
      sql: `SELECT 9007199254740993::BIGINT + i AS id, i::INTEGER AS small, i::BIGINT AS count,
        (12345678901234567.8901 + i)::DECIMAL(38,4) AS wide, (i + 0.5)::DECIMAL(4,2) AS half FROM range(3) r(i)`,
    });
    const src = node('ingest.sample', { rows: 1 });
    await t.run({
      nodes: [src, s],
      edges: [{ source: src.id, sourcePort: 'out', target: s.id, targetPort: 'in' }],
    });
    const [id, small, count, wide, half] = await t.engine.profile(s.id, 'out');
    expect(id).toMatchObject({ min: '9007199254740993', max: '9007199254740995', distinct: 3 });
    expect(id?.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(wide).toMatchObject({ min: '12345678901234567.8901', max: '12345678901234569.8901' });
    // Numbers where the double is the value exactly.
    expect(small).toMatchObject({ min: 0, max: 2, mean: 1 });
    expect(count).toMatchObject({ min: 0, max: 2 });
    expect(half).toMatchObject({ min: 0.5, max: 2.5 });
  });
  it('handles an empty table and a constant column', async () => {
    const src = node('ingest.sample', { rows: 0 });
    await t.run({ nodes: [src], edges: [] });
    const profile = await t.engine.profile(src.id, 'out');
    expect(profile[2]).toMatchObject({ name: 'temperature', rows: 0, nulls: 0, min: null });
    expect(profile[2]?.histogram).toBeUndefined();
    const k = node('transform.sql', { sql: 'SELECT 7 AS k FROM range(4)' });
    const src2 = node('ingest.sample', { rows: 1 });
    await t.run({
      nodes: [src2, k],
      edges: [{ source: src2.id, sourcePort: 'out', target: k.id, targetPort: 'in' }],
    });
    const [constant] = await t.engine.profile(k.id, 'out');
    expect(constant?.histogram).toEqual({ min: 7, max: 7, counts: [4] });
  });
  it('counts distinct values exactly: 20,000 distinct in 20,000 rows, not an estimate', async () => {
    // approx_count_distinct said 20,162 for this column (HyperLogLog's error).
    await t.duck.query(
      `CREATE OR REPLACE TABLE distinct_t AS
       SELECT range AS id, (range % 7)::VARCHAR AS g, CASE WHEN range % 10 = 0 THEN NULL ELSE range % 1000 END AS v
       FROM range(20000)`,
    );
    const [id, g, v] = await profileTable(t.duck, 'distinct_t');
    expect(id).toMatchObject({ rows: 20000, distinct: 20000 });
    expect(id?.distinctApproximate).toBeUndefined();
    expect(g).toMatchObject({ distinct: 7 });
    // Nulls are not a value: 1000 residues, of which the multiples of 10 are all null.
    expect(v).toMatchObject({ nulls: 2000, distinct: 900 });
  });
  it('marks the count approximate above the size limit, and never above the non-null rows', async () => {
    const [id] = await profileTable(t.duck, 'distinct_t', 10_000);
    expect(id?.distinctApproximate).toBe(true);
    expect(id?.distinct).toBeLessThanOrEqual(20000);
    expect(id?.distinct).toBeGreaterThan(15000);
  });
});
