import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsOf, prepared } from '../src/nodes/model/model-test-util';
import { DatasetStore } from './datasets';
import { MemoryResultFiles } from './kept-results';
import { ModelRegistry } from './model-registry';
import { createTestEngine, edge, node } from './testing/test-engine';

type T = Awaited<ReturnType<typeof createTestEngine>>;
let t: T;
let registry: ModelRegistry;
const files = new MemoryResultFiles();
beforeAll(async () => {
  t = await createTestEngine();
  registry = new ModelRegistry(files, t.models);
  t.engine.registry = registry;
  t.engine.datasets = new DatasetStore(new MemoryResultFiles(), t.duck);
});
afterAll(() => t.close());

const FEATURES = { target: 'failure_24h', features: ['temperature', 'vibration', 'pressure'] };

function trained(rounds: number) {
  const prep = prepared(2000);
  const gbdt = node('model.gbdt', { ...FEATURES, rounds }, 'gbdt');
  const evaluate = node('model.evaluate', {}, 'evaluate');
  const cv = node('model.cross_validate', { folds: 3 }, 'cv');
  return {
    prep,
    nodes: [...prep.nodes, gbdt, evaluate, cv],
    edges: [
      ...prep.edges,
      edge(prep.scale, 'gbdt', 'out', 'train'),
      edge('gbdt', 'evaluate', 'model', 'model'),
      edge(prep.scale, 'evaluate', 'applied', 'data'),
      edge('gbdt', 'cv', 'model', 'model'),
      edge(prep.scale, 'cv', 'out', 'data'),
    ],
  };
}

describe('model registry', () => {
  it('registers versions with metrics, CV, importance and lineage; a registered model scores new rows without retraining', async () => {
    const g1 = trained(10);
    await t.run(g1);
    const v1 = await t.engine.registerModel('gbdt', 'failure', 'Maintenance');
    expect(v1).toMatchObject({
      name: 'failure',
      version: 1,
      family: 'gbdt',
      task: 'binary',
      target: 'failure_24h',
    });
    expect(v1?.testMetrics?.auc).toBeCloseTo(metricsOf(t, 'evaluate').auc as number, 12);
    expect(v1?.cvMetrics?.sd.auc).toBeGreaterThan(0);
    expect(v1?.importance?.title).toBe('Gain importance');
    expect(v1?.trainedFrom).toMatch(/^[0-9a-f]{64}$/);
    // Its training data is kept as a dataset: the reference of a drift check on new data.
    expect(v1.trainingData).toEqual({ name: 'failure · training data', version: 1 });
    const reference = node('ingest.dataset', { name: 'failure · training data', version: '1' }, 'reference');
    const drift = node('monitor.drift', {}, 'drift');
    const checked = await t.run({
      nodes: [...g1.nodes, reference, drift],
      edges: [
        ...g1.edges,
        edge('reference', 'drift', 'out', 'reference'),
        edge(g1.prep.scale, 'drift', 'applied', 'current'),
      ],
    });
    expect(checked.message.drift).toBeUndefined();
    expect((await t.rows('drift', 'out', '"column"')).map((r) => r.column)).toContain('temperature');
    const g2 = trained(30);
    await t.run(g2);
    const v2 = await t.engine.registerModel('gbdt', 'failure', 'Maintenance');
    expect(v2.version).toBe(2);

    // Score the test split with the registered model: production when marked, else the latest.
    const reader = node('model.registered', { name: 'failure' }, 'reader');
    const pinned = node('model.registered', { name: 'failure', version: '1' }, 'pinned');
    const score = node('model.evaluate', {}, 'score');
    const scorePinned = node('model.evaluate', {}, 'score_pinned');
    const scoring = {
      nodes: [...g2.nodes, reader, pinned, score, scorePinned],
      edges: [
        ...g2.edges,
        edge('reader', 'score', 'model', 'model'),
        edge(g2.prep.scale, 'score', 'applied', 'data'),
        edge('pinned', 'score_pinned', 'model', 'model'),
        edge(g2.prep.scale, 'score_pinned', 'applied', 'data'),
      ],
    };
    const run = await t.run(scoring);
    expect(run.status.reader).toBe('done');
    // The latest (v2) is the 30-round model evaluated above.
    expect(metricsOf(t, 'score')).toEqual(metricsOf(t, 'evaluate'));
    expect(metricsOf(t, 'score_pinned').auc).toBeCloseTo(v1?.testMetrics?.auc as number, 12);

    // Promote v1: the production reader re-runs and now scores like v1; the pinned one stays cached.
    await registry.promote('failure', 1);
    const again = await t.run(scoring);
    expect(again.status.reader).toBe('done');
    expect(again.status.pinned).toBe('cached');
    expect(metricsOf(t, 'score').auc).toBeCloseTo(v1?.testMetrics?.auc as number, 12);
    expect((await registry.list()).map((m) => [m.version, m.production])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((await registry.zip('failure', 2)).byteLength).toBeGreaterThan(100);
  }, 120_000);

  it('names what exists when a model or version is missing', async () => {
    const a = node('model.registered', { name: 'nope' }, 'a');
    const b = node('model.registered', { name: 'failure', version: '7' }, 'b');
    const run = await t.run({ nodes: [a, b], edges: [] });
    expect(run.message.a).toMatch(/No registered model "nope"; there are "failure"/);
    expect(run.message.b).toMatch(/"7" is not a version of "failure"; it has v1, v2/);
  });
});
