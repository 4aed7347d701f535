import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import type { GraphEdge, GraphNode } from '../../shared/graph-types';
import { type TestEngine, valuesTable } from './feature-test-util';

/*
 * Fitted stages with default params never touch the column a model downstream predicts
 * (issue 11 §1): the target is set once, on the model, and reaches them through the run.
 * Only the stage under test runs (the run's targets), so no model is trained here.
 */

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const data = () =>
  valuesTable(
    ['i', 'x', 'label', 'kind'],
    [
      ["'r1'", '1.0::DOUBLE', '0', "'a'"],
      ["'r2'", '2.0', '1', "'b'"],
      ["'r3'", '3.0', '1', "'a'"],
      ["'r4'", 'NULL', 'NULL', 'NULL'],
    ],
  );

/** data → stage → model.train(target), run up to the stage only. */
async function stageBeforeModel(kind: string, params: Record<string, unknown>, target = 'label') {
  const src = data();
  const stage = node(kind, params);
  const train = node('model.train', { target });
  const nodes: GraphNode[] = [...src.nodes, stage, train];
  const edges: GraphEdge[] = [...src.edges, edge(src.id, stage.id), edge(stage.id, train.id, 'out', 'train')];
  const r = await t.run({ nodes, edges }, [stage.id]);
  const done = r.events.find((e) => e.type === 'node-done' && e.nodeId === stage.id);
  return {
    status: r.status[stage.id],
    warnings: done?.type === 'node-done' ? done.warnings : [],
    report: done?.type === 'node-done' ? done.report : undefined,
    rows: () => t.rows(stage.id, 'out', 'label NULLS LAST, x NULLS LAST'),
    key: t.engine.cache.get(stage.id)?.key,
  };
}

describe('stages before a model leave its target alone', () => {
  it('Scale with default columns does not scale the target (a 0/1 class stays 0/1)', async () => {
    const r = await stageBeforeModel('features.scale', {});
    expect(r.status).toBe('done');
    expect((await r.rows()).map((row) => row.label)).toEqual([0, 1, 1, null]);
    expect((await r.rows()).map((row) => row.x)).toEqual([-1, 0, 1, null]);
    expect(r.report).toMatchObject({ fitted: { targetsLeftAlone: ['label'] } });
  });

  it('Scale still scales a target named in "columns", with a warning', async () => {
    const r = await stageBeforeModel('features.scale', { columns: ['x', 'label'] });
    expect(r.status).toBe('warning');
    expect(r.warnings[0]).toContain('"label" is the target of a model downstream');
    expect((await r.rows()).map((row) => row.label)).not.toEqual([0, 1, 1, null]);
  });

  it('Impute with default columns fits no fill value for the target', async () => {
    const r = await stageBeforeModel('clean.impute', {});
    expect(r.status).toBe('done');
    const rows = await r.rows();
    expect(rows.map((row) => row.label)).toEqual([0, 1, 1, null]);
    expect(rows.map((row) => row.x)).toEqual([1, 2, 3, 2]);
    expect(r.report).toMatchObject({ fitted: { targetsLeftAlone: ['label'] } });
    expect(Object.keys((r.report?.fitted as { values?: object } | undefined)?.values ?? {})).toEqual([
      'i',
      'x',
      'kind',
    ]);
  });

  it('One-hot with default columns does not encode a text target', async () => {
    const r = await stageBeforeModel('features.onehot', {}, 'kind');
    expect(r.status).toBe('done');
    expect(Object.keys((await r.rows())[0] ?? {})).toEqual([
      'i=r1',
      'i=r2',
      'i=r3',
      'i=r4',
      'x',
      'label',
      'kind',
    ]);
  });

  it('Target encode takes the model’s target when its own is empty', async () => {
    const r = await stageBeforeModel('features.target_encode', { column: 'kind', minCount: 1 });
    expect(r.status).toBe('done');
    expect(r.report).toMatchObject({ fitted: { target: 'label' } });
  });

  it('a different downstream target gives the stage a different cache key', async () => {
    const a = await stageBeforeModel('features.scale', {}, 'label');
    const b = await stageBeforeModel('features.scale', {}, 'x');
    expect(a.key).toBeDefined();
    expect(a.key).not.toBe(b.key);
    expect((await b.rows()).map((row) => row.x)).toEqual([1, 2, 3, null]);
  });
});

describe('fit before split', () => {
  it('warns on a fitted stage whose output is split, naming the leak and the apply? port', async () => {
    const src = data();
    const scale = node('features.scale', {});
    const split = node('split.train_test', { testSize: 0.5 });
    const r = await t.run({
      nodes: [...src.nodes, scale, split],
      edges: [...src.edges, edge(src.id, scale.id), edge(scale.id, split.id)],
    });
    expect(r.status[scale.id]).toBe('warning');
    const done = r.events.find((e) => e.type === 'node-done' && e.nodeId === scale.id);
    const warning = done?.type === 'node-done' ? (done.warnings[0] ?? '') : '';
    expect(warning).toMatch(/^Leak: fitted before the split/);
    expect(warning).toContain('"apply?"');
    // The warning comes from the graph, so a cached re-run shows it too.
    const again = await t.run({
      nodes: [...src.nodes, scale, split],
      edges: [...src.edges, edge(src.id, scale.id), edge(scale.id, split.id)],
    });
    const cached = again.events.find((e) => e.type === 'node-cached' && e.nodeId === scale.id);
    expect(cached?.type === 'node-cached' && cached.warnings[0]).toMatch(/^Leak/);
  });

  it('does not warn when the stage is fitted after the split', async () => {
    const src = data();
    const split = node('split.train_test', { testSize: 0.5 });
    const scale = node('features.scale', {});
    const r = await t.run({
      nodes: [...src.nodes, split, scale],
      edges: [
        ...src.edges,
        edge(src.id, split.id),
        edge(split.id, scale.id, 'train', 'in'),
        edge(split.id, scale.id, 'test', 'apply'),
      ],
    });
    expect(r.status[scale.id]).toBe('done');
  });
});
