import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { Table as WasmTable, writeParquet } from 'parquet-wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../src/nodes/sql-util';
import { exportExpr, isNestedType, previewExpr } from './column-sql';
import { createTestEngine, edge, node } from './testing/test-engine';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

/** A node whose table has LIST, STRUCT, MAP, INTERVAL and time-zone columns. */
async function nestedNode(): Promise<string> {
  const seed = node('ingest.sample', { rows: 1 });
  const q = node('transform.sql', {
    sql: `SELECT i AS id, [i, i * 10]::BIGINT[] AS tags, {'x': i, 'label': 'p' || i} AS info,
      MAP {'k' || i: i} AS attrs, to_days(i::INTEGER) AS span,
      '2024-01-01 10:00:00+00'::TIMESTAMPTZ AS ts
      FROM range(1, 4) r(i)`,
  });
  const r = await t.run({ nodes: [seed, q], edges: [edge(seed.id, q.id)] });
  expect(r.message[q.id]).toBeUndefined();
  return q.id;
}

describe('nested and unusual column types', () => {
  it('knows nested types by their DuckDB names', () => {
    for (const type of [
      'BIGINT[]',
      'INTEGER[3]',
      'STRUCT(x INTEGER)',
      'MAP(VARCHAR, INTEGER)',
      'UNION(a INTEGER)',
    ])
      expect(isNestedType(type), type).toBe(true);
    for (const type of ['BIGINT', 'VARCHAR', 'DECIMAL(18,3)', 'TIMESTAMP WITH TIME ZONE'])
      expect(isNestedType(type), type).toBe(false);
  });
  it('previews LIST/STRUCT/MAP columns as text instead of failing to cast BIGINT[] to DOUBLE', async () => {
    const id = await nestedNode();
    const preview = tableFromIPC((await t.engine.preview(id, 'out', 10)).ipc);
    expect(preview.get(0)?.toJSON()).toMatchObject({
      id: '1',
      tags: '[1, 10]',
      info: "{'x': 1, 'label': p1}",
      attrs: '{k1=1}',
    });
    expect(previewExpr({ name: 'n', type: 'BIGINT' })).toBe('"n"::VARCHAR AS "n"');
  });
  it('previews big integers and decimals with every digit', async () => {
    const seed = node('ingest.sample', { rows: 1 });
    const q = node('transform.sql', {
      sql: `SELECT 9007199254740993::BIGINT AS b, 18446744073709551615::UBIGINT AS u,
        -170141183460469231731687303715884105727::HUGEINT AS h, 12345678901234567.8901::DECIMAL(38,4) AS d
        FROM input`,
    });
    const r = await t.run({ nodes: [seed, q], edges: [edge(seed.id, q.id)] });
    expect(r.message[q.id]).toBeUndefined();
    const preview = tableFromIPC((await t.engine.preview(q.id, 'out', 10)).ipc);
    expect(preview.get(0)?.toJSON()).toEqual({
      b: '9007199254740993',
      u: '18446744073709551615',
      h: '-170141183460469231731687303715884105727',
      d: '12345678901234567.8901',
    });
  });
  it('profiles nested columns as text with top values, never as numbers', async () => {
    const id = await nestedNode();
    const profiles = await t.engine.profile(id, 'out');
    const tags = profiles.find((p) => p.name === 'tags');
    expect(tags).toMatchObject({ rows: 3, nulls: 0, mean: null, min: '[1, 10]', max: '[3, 30]' });
    expect(tags?.histogram).toBeUndefined();
    expect(tags?.top).toHaveLength(3);
    expect(profiles.find((p) => p.name === 'attrs')?.top?.[0]).toEqual({ value: '{k1=1}', count: 1 });
  });
  it('writes INTERVAL columns to Parquet as text, which parquet-wasm cannot write as intervals', async () => {
    const id = await nestedNode();
    const handle = t.engine.cache.get(id)?.outputs.out;
    if (handle?.type !== 'table') throw new Error('no table');
    const parquet = (select: string) => async () =>
      writeParquet(WasmTable.fromIPCStream(tableToIPC(await t.duck.query(select), 'stream')));
    const from = `FROM ${quoteIdent(handle.table)}`;
    await expect(parquet(`SELECT span ${from}`)()).rejects.toThrow(/interval/i);
    const cols = handle.columns.map((c) => exportExpr(c, 'parquet')).join(', ');
    expect((await parquet(`SELECT ${cols} ${from}`)()).length).toBeGreaterThan(0);
    expect(exportExpr({ name: 'span', type: 'INTERVAL' }, 'parquet')).toBe('"span"::VARCHAR AS "span"');
    expect(exportExpr({ name: 'span', type: 'INTERVAL' }, 'csv')).toBe('"span"');
  });
});
