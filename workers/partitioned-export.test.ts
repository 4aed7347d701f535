import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from './testing/test-engine';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

describe('partitioned export in the browser engine', () => {
  it('zips one file per partition in the folder layout DuckDB writes, without the partition columns', async () => {
    const seed = node('ingest.sample', { rows: 1 });
    const s = node('transform.sql', {
      sql: `SELECT * FROM (VALUES (1, 'north', 0), (2, 'south', 1), (3, 'north', 0), (4, 'a/b', 1), (5, NULL, 1), (6, 'x=y%', 0)) AS v(temp, site, shift)`,
    });
    const r = await t.run({ nodes: [seed, s], edges: [edge(seed.id, s.id)] });
    expect(r.message).toEqual({});
    const zip = await t.engine.exportTable(s.id, 'out', 'csv', { partitionBy: ['site', 'shift'] });
    const files = unzipSync(zip);
    const text = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextDecoder().decode(v)]));
    expect(text).toEqual({
      'site=a%2Fb/shift=1/data_0.csv': 'temp\n4\n',
      'site=x%3Dy%25/shift=0/data_0.csv': 'temp\n6\n',
      'site=north/shift=0/data_0.csv': 'temp\n1\n3\n',
      'site=south/shift=1/data_0.csv': 'temp\n2\n',
      'site=__HIVE_DEFAULT_PARTITION__/shift=1/data_0.csv': 'temp\n5\n',
    });
  });
});
