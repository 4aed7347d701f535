import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import { FAST, prepared, reportOf, type TestEngine } from './model-test-util';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

/** A binary model on the prepared train split, plus a node feeding `sql` over its test split. */
function graphWith(sql: string, params: Record<string, unknown> = {}) {
  const prep = prepared(1500);
  const train = node('model.train', {
    ...FAST,
    epochs: 2,
    target: 'failure_24h',
    features: ['temperature', 'vibration'],
    ...params,
  });
  const data = node('transform.sql', { sql });
  const predict = node('model.predict');
  return {
    ids: { train: train.id, predict: predict.id },
    graph: {
      nodes: [...prep.nodes, train, data, predict],
      edges: [
        ...prep.edges,
        edge(prep.scale, train.id, 'out', 'train'),
        edge(prep.scale, data.id, 'applied', 'in'),
        edge(train.id, predict.id, 'model', 'model'),
        edge(data.id, predict.id, 'out', 'data'),
      ],
    },
  };
}

describe('model.predict', () => {
  it('appends prediction and class probabilities, replacing an existing prediction column', async () => {
    const { ids, graph } = graphWith('SELECT vibration, temperature, 42 AS "PREDICTION" FROM input');
    const r = await t.run(graph);
    expect(r.message).toEqual({});
    const rows = await t.rows(ids.predict);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'vibration',
      'temperature',
      'prediction',
      'prob_0',
      'prob_1',
    ]);
    expect(rows.every((row) => row.prediction === 0 || row.prediction === 1)).toBe(true);
    expect(reportOf(r.events, ids.predict)).toMatchObject({
      task: 'binary',
      added: ['prediction', 'prob_0', 'prob_1'],
      features: ['temperature', 'vibration'],
    });
  });

  it('regression adds a single numeric prediction column', async () => {
    const { ids, graph } = graphWith('SELECT * FROM input', { target: 'pressure' });
    const r = await t.run(graph);
    expect(r.message).toEqual({});
    const rows = await t.rows(ids.predict);
    expect(Object.keys(rows[0] ?? {}).slice(-2)).toEqual(['status', 'prediction']);
    expect(rows.every((row) => typeof row.prediction === 'number')).toBe(true);
  });

  it('names the missing feature columns', async () => {
    const { ids, graph } = graphWith('SELECT pressure FROM input');
    const r = await t.run(graph);
    expect(r.message[ids.predict]).toBe(
      'Input "data" lacks feature columns the model was trained on: "temperature", "vibration".',
    );
  });

  it('refuses NULL features and points at the Impute node’s apply input', async () => {
    const { ids, graph } = graphWith(
      'SELECT CASE WHEN vibration > 0 THEN NULL ELSE temperature END AS temperature, vibration FROM input',
    );
    const r = await t.run(graph);
    expect(r.message[ids.predict]).toMatch(
      /^Input "data" has feature columns with missing values: "temperature" \(\d+ NULL\)\. Fill them .*"apply" input/,
    );
  });
});
