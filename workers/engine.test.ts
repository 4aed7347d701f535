import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST, prepared, type TestEngine } from '../src/nodes/model/model-test-util';
import type { EngineEvent } from '../src/shared/protocol';
import { outputTableName } from './internal-names';
import { createTestEngine, edge, node } from './testing/test-engine';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

describe('Engine after a DuckDB restart', () => {
  it('re-runs the nodes whose tables were lost, and keeps the trained model', async () => {
    const prep = prepared(1000);
    const train = node('model.train', { ...FAST, target: 'failure_24h', task: 'binary' });
    const evaluate = node('model.evaluate');
    const graph = {
      nodes: [...prep.nodes, train, evaluate],
      edges: [
        ...prep.edges,
        edge(prep.scale, train.id, 'out', 'train'),
        edge(train.id, evaluate.id, 'model', 'model'),
        edge(prep.scale, evaluate.id, 'applied', 'data'),
      ],
    };
    const first = await t.run(graph);
    expect(first.message).toEqual({});
    // What the engine worker does when SupervisedDuck restarts DuckDB (here between runs,
    // so there is no run to tell).
    t.engine.forgetTables();
    expect([...t.engine.cache.keys()]).toEqual([train.id]);
    const again = await t.run(graph);
    expect(again.message).toEqual({});
    const expected = Object.fromEntries(
      graph.nodes.map((n) => [n.id, n.id === train.id ? 'cached' : 'done']),
    );
    expect(again.status).toEqual(expected);
  });

  it('tells the run in progress which results were lost', async () => {
    const a = node('ingest.sample', { rows: 100 });
    const b = node('transform.sql', { sql: 'SELECT count(*) AS n FROM input' });
    const graph = { name: 'lost', nodes: [a, b], edges: [edge(a.id, b.id)] };
    await t.run(graph);
    const events: EngineEvent[] = [];
    const c = node('transform.sql', { sql: 'SELECT 1 AS one FROM input' });
    await t.engine.run({ ...graph, nodes: [a, b, c], edges: [...graph.edges, edge(a.id, c.id)] }, (e) => {
      events.push(e);
      if (e.type === 'node-started' && e.nodeId === c.id) t.engine.forgetTables();
    });
    const lost = events.find((e) => e.type === 'results-lost');
    expect(lost?.type === 'results-lost' && [...lost.nodeIds].sort()).toEqual([a.id, b.id].sort());
  });

  it('drops node tables no cached result refers to (left by a cancel) when a run starts', async () => {
    const a = node('ingest.sample', { rows: 50 });
    await t.duck.query('CREATE TABLE pw_gone_out AS SELECT 1 AS x');
    await t.duck.query('CREATE TABLE pw_gone_out__append AS SELECT 1 AS x');
    await t.duck.query('CREATE TABLE user_kept AS SELECT 1 AS x');
    await t.run({ nodes: [a], edges: [] });
    const names = (await t.duck.query('SELECT table_name AS t FROM duckdb_tables() ORDER BY 1'))
      .toArray()
      .map((r) => String(r.toJSON().t));
    expect(names).not.toContain('pw_gone_out');
    expect(names).not.toContain('pw_gone_out__append');
    expect(names).toContain(outputTableName(a.id, 'out'));
    expect(names).toContain('user_kept');
  });
});
