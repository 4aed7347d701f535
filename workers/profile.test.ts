import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
