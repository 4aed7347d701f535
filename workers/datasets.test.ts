import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowRows } from './arrow-rows';
import { DatasetStore, parseVersion } from './datasets';
import { MemoryResultFiles } from './kept-results';
import { createTestEngine, edge, node } from './testing/test-engine';

type T = Awaited<ReturnType<typeof createTestEngine>>;
let t: T;
let store: DatasetStore;
beforeAll(async () => {
  t = await createTestEngine();
  store = new DatasetStore(new MemoryResultFiles(), t.duck);
  t.engine.datasets = store;
});
afterAll(() => t.close());

describe('datasets', () => {
  it('versions a saved table; a pinned reader keeps its version, a latest reader follows new saves', async () => {
    const sample = node('ingest.sample', { rows: 300 }, 'sample');
    const small = node('transform.sql', { sql: 'SELECT * FROM input LIMIT 100' }, 'small');
    await t.run({ nodes: [sample, small], edges: [edge('sample', 'small')] });
    const v1 = await store.save('sensors features', t.engine.tableName('sample', 'out'), {
      pipeline: 'Prep',
      node: 'sample',
      port: 'out',
    });
    expect(v1).toMatchObject({ name: 'sensors features', version: 1, rows: 300 });
    expect(v1.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(v1.columns.map((c) => c.name)).toContain('temperature');

    const latest = node('ingest.dataset', { name: 'sensors features' }, 'latest');
    const pinned = node('ingest.dataset', { name: 'sensors features', version: 'v1' }, 'pinned');
    // The tables saved from stay in the graph (a run frees the results of nodes not in it).
    const graph = { nodes: [sample, small, latest, pinned], edges: [edge('sample', 'small')] };
    const first = await t.run(graph);
    expect(first.status).toMatchObject({ latest: 'done', pinned: 'done' });
    expect((await t.rows('latest')).length).toBe(300);
    // Types come back as saved.
    const out = t.engine.cache.get('latest')?.outputs.out;
    expect(out?.type === 'table' && out.columns).toEqual(v1.columns);

    const v2 = await store.save('sensors features', t.engine.tableName('small', 'out'), {
      pipeline: 'Prep',
      node: 'small',
      port: 'out',
    });
    expect(v2.version).toBe(2);
    const second = await t.run(graph);
    expect(second.status).toMatchObject({ latest: 'done', pinned: 'cached' });
    expect((await t.rows('latest')).length).toBe(100);
    expect((await t.rows('pinned')).length).toBe(300);
    expect(second.events.find((e) => e.type === 'node-done' && e.nodeId === 'latest')).toMatchObject({
      report: { name: 'sensors features', version: 2, rows: 100, source: 'Prep › small.out' },
    });
  }, 60_000);

  it('saves and reads back 64-bit integers exactly, with their types, nested ones too', async () => {
    const sample = node('ingest.sample', { rows: 1 }, 'one');
    const ids = node(
      'transform.sql',
      {
        sql: `SELECT 9007199254740993::BIGINT AS id, 18446744073709551615::UBIGINT AS u,
          [1, 9007199254740993]::BIGINT[] AS ids, {'k': (-9223372036854775808)::BIGINT} AS s, 0.5 AS x FROM input`,
      },
      'ids',
    );
    await t.run({ nodes: [sample, ids], edges: [edge('one', 'ids')] });
    const saved = await store.save('wide ids', t.engine.tableName('ids', 'out'), {
      pipeline: 'Ids',
      node: 'ids',
      port: 'out',
    });
    const read = node('ingest.dataset', { name: 'wide ids' }, 'read');
    expect((await t.run({ nodes: [read], edges: [] })).status.read).toBe('done');
    const out = t.engine.cache.get('read')?.outputs.out;
    expect(out?.type === 'table' && out.columns).toEqual(saved.columns);
    expect(saved.columns.map((c) => c.type)).toEqual([
      'BIGINT',
      'UBIGINT',
      'BIGINT[]',
      'STRUCT(k BIGINT)',
      'DECIMAL(2,1)',
    ]);
    const table = t.engine.tableName('read', 'out');
    const [row] = arrowRows(
      await t.duck.query(
        `SELECT id::VARCHAR AS id, u::VARCHAR AS u, ids::VARCHAR AS ids, s::VARCHAR AS s, x::VARCHAR AS x FROM "${table}"`,
      ),
    );
    expect(row).toEqual({
      id: '9007199254740993',
      u: '18446744073709551615',
      ids: '[1, 9007199254740993]',
      s: "{'k': -9223372036854775808}",
      x: '0.5',
    });
  });

  it('names what exists when a dataset or version is not there', async () => {
    const missing = node('ingest.dataset', { name: 'nope' }, 'missing');
    const badVersion = node('ingest.dataset', { name: 'sensors features', version: '9' }, 'bad');
    const run = await t.run({ nodes: [missing, badVersion], edges: [] });
    expect(run.message.missing).toMatch(/No dataset "nope" in this browser; there are "sensors features"/);
    expect(run.message.bad).toMatch(/has no version 9; it has v1, v2/);
    expect(() => parseVersion('latest')).toThrow(/not a version/);
  });

  it('deleted versions are gone from the catalog and cannot be read', async () => {
    await store.remove('sensors features', 1);
    expect((await store.list()).filter((d) => d.name === 'sensors features').map((d) => d.version)).toEqual([
      2,
    ]);
    const pinned = node('ingest.dataset', { name: 'sensors features', version: '1' }, 'pinned1');
    const run = await t.run({ nodes: [pinned], edges: [] });
    expect(run.message.pinned1).toMatch(/has no version 1; it has v2/);
  });
});
