import { afterAll, describe, expect, it } from 'vitest';
import { FAST, metricsOf, prepared } from '../src/nodes/model/model-test-util';
import type { GraphEdge, GraphNode } from '../src/shared/graph-types';
import { arrowRows } from './arrow-rows';
import { KeptResults, MemoryResultFiles } from './kept-results';
import { createTestEngine, edge, node } from './testing/test-engine';

type T = Awaited<ReturnType<typeof createTestEngine>>;
const engines: T[] = [];
afterAll(async () => {
  for (const t of engines) await t.close();
});

/** A fresh engine (as after a reload) keeping its results in `files`. */
async function engineOver(files: MemoryResultFiles, budget?: number) {
  const t = await createTestEngine();
  engines.push(t);
  t.engine.kept = new KeptResults(files, t.duck, t.models, budget);
  return t;
}

function graph() {
  const prep = prepared(2000);
  const gbdt = node('model.gbdt', { target: 'failure_24h', rounds: 15 }, 'gbdt');
  const nn = node('model.train', { ...FAST, target: 'failure_24h' }, 'nn');
  const evalGbdt = node('model.evaluate', {}, 'eval_gbdt');
  const evalNn = node('model.evaluate', {}, 'eval_nn');
  const nodes: GraphNode[] = [...prep.nodes, gbdt, nn, evalGbdt, evalNn];
  const edges: GraphEdge[] = [
    ...prep.edges,
    edge(prep.scale, gbdt.id, 'out', 'train'),
    edge(prep.scale, nn.id, 'out', 'train'),
    edge(gbdt.id, evalGbdt.id, 'model', 'model'),
    edge(prep.scale, evalGbdt.id, 'applied', 'data'),
    edge(nn.id, evalNn.id, 'model', 'model'),
    edge(prep.scale, evalNn.id, 'applied', 'data'),
  ];
  return { nodes, edges, prep };
}

describe('KeptResults', () => {
  it('a fresh engine over the same files reports every node cached, models included, with the same numbers', async () => {
    const files = new MemoryResultFiles();
    const g = graph();
    const first = await engineOver(files);
    const run1 = await first.run(g);
    expect(Object.values(run1.status).every((s) => s === 'done' || s === 'warning')).toBe(true);
    await first.engine.kept?.flush();
    const before = { gbdt: metricsOf(first, 'eval_gbdt'), nn: metricsOf(first, 'eval_nn') };
    expect((await first.engine.kept?.usage())?.results).toBe(g.nodes.length);

    // "Reload": a new engine, new DuckDB, new training runtime; only the kept files remain.
    const second = await engineOver(files);
    const run2 = await second.run(g);
    for (const n of g.nodes) expect(run2.status[n.id], n.id).toBe('cached');
    expect(run2.events.some((e) => e.type === 'node-started')).toBe(false);
    expect(metricsOf(second, 'eval_gbdt')).toEqual(before.gbdt);
    expect(metricsOf(second, 'eval_nn')).toEqual(before.nn);
    // The restored models are real: an Evaluate never run before scores them as the originals.
    const again = node('model.evaluate', { threshold: 0.3 }, 'eval_again');
    const withAgain = {
      nodes: [...g.nodes, again],
      edges: [
        ...g.edges,
        edge('nn', again.id, 'model', 'model'),
        edge(g.prep.scale, again.id, 'applied', 'data'),
      ],
    };
    const fresh = await engineOver(new MemoryResultFiles());
    await fresh.run(g);
    await fresh.run(withAgain);
    const run3 = await second.run(withAgain);
    expect(run3.status[again.id]).toBe('done');
    expect(metricsOf(second, again.id)).toEqual(metricsOf(fresh, again.id));
  }, 180_000);

  it('keeps 64-bit integers exactly: a reload finds the table cached, same types, every digit', async () => {
    const files = new MemoryResultFiles();
    const sample = node('ingest.sample', { rows: 1 }, 'one');
    const ids = node(
      'transform.sql',
      {
        sql: `SELECT 9007199254740993::BIGINT AS id, 18446744073709551615::UBIGINT AS u,
          [1, 9007199254740993]::BIGINT[] AS ids FROM input`,
      },
      'ids',
    );
    const g = { nodes: [sample, ids], edges: [edge('one', 'ids')] };
    const first = await engineOver(files);
    await first.run(g);
    await first.engine.kept?.flush();
    const second = await engineOver(files);
    const run = await second.run(g);
    // Restored, not recomputed (a type that came back changed would recompute it).
    expect(run.status.ids).toBe('cached');
    const table = second.engine.tableName('ids', 'out');
    const [row] = arrowRows(
      await second.duck.query(
        `SELECT id::VARCHAR AS id, u::VARCHAR AS u, ids::VARCHAR AS ids FROM "${table}"`,
      ),
    );
    expect(row).toEqual({ id: '9007199254740993', u: '18446744073709551615', ids: '[1, 9007199254740993]' });
  });

  it('a changed param recomputes that node and what follows it; the rest comes back kept', async () => {
    const files = new MemoryResultFiles();
    const g = graph();
    const first = await engineOver(files);
    await first.run(g);
    await first.engine.kept?.flush();
    const second = await engineOver(files);
    const changed = g.nodes.map((n) => (n.id === 'gbdt' ? { ...n, params: { ...n.params, rounds: 10 } } : n));
    const run = await second.run({ nodes: changed, edges: g.edges });
    expect(run.status.gbdt).toBe('done');
    expect(run.status.eval_gbdt).toBe('done');
    expect(run.status.nn).toBe('cached');
    expect(run.status[g.prep.scale]).toBe('cached');
  }, 180_000);

  it('stays within its budget, dropping the least recently used results first', async () => {
    const files = new MemoryResultFiles();
    const small = await engineOver(files, 200_000);
    await small.run(graph());
    await small.engine.kept?.flush();
    const usage = await small.engine.kept?.usage();
    expect(usage?.bytes).toBeLessThanOrEqual(200_000);
    expect(usage?.results).toBeGreaterThan(0);
    expect(usage?.results).toBeLessThan(graph().nodes.length);
    await small.engine.kept?.clear();
    expect((await small.engine.kept?.usage())?.results).toBe(0);
    expect(files.files.size).toBe(0);
  }, 180_000);
});
