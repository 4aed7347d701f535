import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST, prepared, type TestEngine } from '../src/nodes/model/model-test-util';
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
    // What the engine worker does when SupervisedDuck restarts DuckDB.
    t.engine.forgetTables();
    expect([...t.engine.cache.keys()]).toEqual([train.id]);
    const again = await t.run(graph);
    expect(again.message).toEqual({});
    const expected = Object.fromEntries(
      graph.nodes.map((n) => [n.id, n.id === train.id ? 'cached' : 'done']),
    );
    expect(again.status).toEqual(expected);
  });
});
