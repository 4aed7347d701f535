import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import type { GraphEdge, GraphNode } from '../../shared/graph-types';
import type { ModelHandle } from '../../shared/values';
import { FAST, metricsOf, prepared, reportOf, type TestEngine } from './model-test-util';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const BINARY = { target: 'failure_24h', features: ['temperature', 'vibration', 'pressure'] };
const REGRESSION = { target: 'pressure', features: ['temperature', 'vibration'] };

/** The prepared sensors split with two models trained on the train split. */
function twoModels(a: [string, Record<string, unknown>], b: [string, Record<string, unknown>], rows = 3000) {
  const prep = prepared(rows);
  const ma = node(a[0], a[1]);
  const mb = node(b[0], b[1]);
  const nodes: GraphNode[] = [...prep.nodes, ma, mb];
  const edges: GraphEdge[] = [
    ...prep.edges,
    edge(prep.scale, ma.id, 'out', 'train'),
    edge(prep.scale, mb.id, 'out', 'train'),
  ];
  return { prep, a: ma.id, b: mb.id, nodes, edges };
}

function modelOut(nodeId: string, port = 'model'): ModelHandle {
  const v = t.engine.cache.get(nodeId)?.outputs[port];
  if (v?.type !== 'model') throw new Error(`no model on ${nodeId}`);
  return v;
}

describe('model.cross_validate', () => {
  it('stratified 5-fold: mean ± sd per metric beside the baseline, every fold listed, seeded', async () => {
    const g = twoModels(['model.gbdt', { ...BINARY, rounds: 20 }], ['model.linear', BINARY]);
    const cv = node('model.cross_validate', { folds: 5 });
    const run = await t.run({
      nodes: [...g.nodes, cv],
      edges: [...g.edges, edge(g.a, cv.id, 'model', 'model'), edge(g.prep.scale, cv.id, 'out', 'data')],
    });
    expect(run.message[cv.id]).toBeUndefined();
    const out = t.engine.cache.get(cv.id)?.outputs.metrics;
    if (out?.type !== 'metrics') throw new Error('no metrics');
    expect(out.values.auc).toBeGreaterThan(0.7);
    expect(out.values.baseline_auc).toBe(0.5);
    expect(out.sd?.auc).toBeGreaterThan(0);
    expect(out.sd?.auc).toBeLessThan(0.1);
    const report = reportOf(run.events, cv.id) as {
      stratified: boolean;
      resultsTable: { columns: string[]; rows: (string | number | null)[][] };
      note: string;
    };
    expect(report.stratified).toBe(true);
    expect(report.resultsTable.columns.slice(0, 3)).toEqual(['fold', 'rows', 'auc']);
    expect(report.resultsTable.rows.map((r) => r[0])).toEqual([
      'fold 1',
      'fold 2',
      'fold 3',
      'fold 4',
      'fold 5',
      'mean',
      'sd',
    ]);
    const foldRows = report.resultsTable.rows.slice(0, 5).map((r) => r[1] as number);
    expect(Math.max(...foldRows) - Math.min(...foldRows)).toBeLessThanOrEqual(1);
    const foldAucs = report.resultsTable.rows.slice(0, 5).map((r) => r[2] as number);
    expect(foldAucs.reduce((s, v) => s + v, 0) / 5).toBeCloseTo(out.values.auc as number, 12);
    expect(report.note).toMatch(/fitted once on the whole table/);

    // Another seed, other folds: the mean moves a little.
    const again = node('model.cross_validate', { folds: 5, seed: 7 });
    await t.run({
      nodes: [...g.nodes, again],
      edges: [...g.edges, edge(g.a, again.id, 'model', 'model'), edge(g.prep.scale, again.id, 'out', 'data')],
    });
    expect(metricsOf(t, again.id).auc).not.toBe(out.values.auc);
  }, 120_000);

  it('regression with the linear family; a target the model never saw is refused by name', async () => {
    const g = twoModels(['model.linear', REGRESSION], ['model.gbdt', { ...REGRESSION, rounds: 10 }], 1500);
    const cv = node('model.cross_validate', { folds: 3 });
    const run = await t.run({
      nodes: [...g.nodes, cv],
      edges: [...g.edges, edge(g.a, cv.id, 'model', 'model'), edge(g.prep.scale, cv.id, 'out', 'data')],
    });
    expect(run.message[cv.id]).toBeUndefined();
    const m = metricsOf(t, cv.id);
    expect(Object.keys(m).sort()).toEqual([
      'baseline_mae',
      'baseline_r2',
      'baseline_rmse',
      'mae',
      'r2',
      'rmse',
    ]);
    expect(m.rmse).toBeLessThanOrEqual(m.baseline_rmse as number);

    const bin = twoModels(['model.linear', BINARY], ['model.linear', BINARY], 800);
    const relabel = node('transform.sql', {
      sql: 'SELECT * REPLACE (failure_24h + 5 AS failure_24h) FROM input',
    });
    const bad = node('model.cross_validate');
    const failed = await t.run({
      nodes: [...bin.nodes, relabel, bad],
      edges: [
        ...bin.edges,
        edge(bin.prep.scale, relabel.id, 'out', 'in'),
        edge(bin.a, bad.id, 'model', 'model'),
        edge(relabel.id, bad.id, 'out', 'data'),
      ],
    });
    expect(failed.message[bad.id]).toMatch(/target value the model was not trained on \(e\.g\. "[56]"\)/);
  }, 120_000);

  it('refits a neural network’s own settings on each fold', async () => {
    const g = twoModels(['model.train', { ...BINARY, ...FAST }], ['model.linear', BINARY], 1200);
    const cv = node('model.cross_validate', { folds: 2 });
    const run = await t.run({
      nodes: [...g.nodes, cv],
      edges: [...g.edges, edge(g.a, cv.id, 'model', 'model'), edge(g.prep.scale, cv.id, 'out', 'data')],
    });
    expect(run.message[cv.id]).toBeUndefined();
    expect(metricsOf(t, cv.id).auc).toBeGreaterThan(0.6);
    // Fold models are freed: the runtime holds only models that cached results hold.
    const live = [...t.engine.cache.values()].flatMap((r) =>
      Object.values(r.outputs).flatMap((v) => (v.type === 'model' ? [v.id] : [])),
    );
    expect((await t.models.list()).sort()).toEqual([...new Set(live)].sort());
  }, 120_000);
});

describe('model.compare', () => {
  it('holdout: each model’s numbers equal what Evaluate measures; best marked; pick feeds the model out', async () => {
    const g = twoModels(['model.gbdt', { ...BINARY, rounds: 30 }], ['model.linear', BINARY]);
    const compare = node('model.compare');
    const evalA = node('model.evaluate');
    const evalB = node('model.evaluate');
    const run = await t.run({
      nodes: [...g.nodes, compare, evalA, evalB],
      edges: [
        ...g.edges,
        edge(g.a, compare.id, 'model', 'a'),
        edge(g.b, compare.id, 'model', 'b'),
        edge(g.prep.scale, compare.id, 'applied', 'data'),
        edge(g.a, evalA.id, 'model', 'model'),
        edge(g.prep.scale, evalA.id, 'applied', 'data'),
        edge(g.b, evalB.id, 'model', 'model'),
        edge(g.prep.scale, evalB.id, 'applied', 'data'),
      ],
    });
    expect(run.message[compare.id]).toBeUndefined();
    const report = reportOf(run.events, compare.id) as {
      picked: string;
      resultsTable: { columns: string[]; rows: (string | number | null)[][]; best: (number | null)[] };
    };
    const { columns, rows, best } = report.resultsTable;
    const col = (name: string) => columns.indexOf(name);
    for (const [i, ev] of [evalA.id, evalB.id].entries()) {
      const m = metricsOf(t, ev);
      for (const k of ['auc', 'accuracy', 'f1', 'precision', 'recall'])
        expect(rows[i]?.[col(k)], `${k} of model ${i}`).toBeCloseTo(m[k] as number, 9);
    }
    expect(rows[2]?.slice(0, 2)).toEqual(['baseline', 'trivial']);
    expect(rows[2]?.[col('accuracy')]).toBeCloseTo(metricsOf(t, evalA.id).baseline_accuracy as number, 9);
    const aucA = metricsOf(t, evalA.id).auc as number;
    const aucB = metricsOf(t, evalB.id).auc as number;
    const bestSlot = aucA >= aucB ? 'a' : 'b';
    expect(best[col('auc')]).toBe(bestSlot === 'a' ? 0 : 1);
    expect(report.picked).toBe(bestSlot);
    expect(modelOut(compare.id).id).toBe(modelOut(bestSlot === 'a' ? g.a : g.b).id);
    const results = t.engine.cache.get(compare.id)?.outputs.results;
    expect(results?.type === 'table' && results.rowCount).toBe(3);

    // Picking the other model by hand passes that one on.
    const other = bestSlot === 'a' ? 'b' : 'a';
    const picked = node('model.compare', { pick: other });
    await t.run({
      nodes: [...g.nodes, picked],
      edges: [
        ...g.edges,
        edge(g.a, picked.id, 'model', 'a'),
        edge(g.b, picked.id, 'model', 'b'),
        edge(g.prep.scale, picked.id, 'applied', 'data'),
      ],
    });
    expect(modelOut(picked.id).id).toBe(modelOut(other === 'a' ? g.a : g.b).id);
  }, 120_000);

  it('cross-validation method shows mean ± sd; models of different targets are refused', async () => {
    const g = twoModels(['model.linear', BINARY], ['model.linear', { ...BINARY, l2: 100 }], 1500);
    const compare = node('model.compare', { method: 'cross-validation', folds: 3 });
    const run = await t.run({
      nodes: [...g.nodes, compare],
      edges: [
        ...g.edges,
        edge(g.a, compare.id, 'model', 'a'),
        edge(g.b, compare.id, 'model', 'b'),
        edge(g.prep.scale, compare.id, 'out', 'data'),
      ],
    });
    expect(run.message[compare.id]).toBeUndefined();
    const out = t.engine.cache.get(compare.id)?.outputs.metrics;
    expect(out?.type === 'metrics' && out.sd).toBeTruthy();
    const table = (
      reportOf(run.events, compare.id) as { resultsTable: { columns: string[]; rows: unknown[][] } }
    ).resultsTable;
    expect(table.columns).toContain('accuracy_sd');
    // The heavily penalised model varies from fold to fold.
    expect(table.rows[1]?.[table.columns.indexOf('accuracy_sd')]).toBeGreaterThan(0);

    const h = twoModels(['model.linear', BINARY], ['model.linear', REGRESSION], 800);
    const bad = node('model.compare');
    const failed = await t.run({
      nodes: [...h.nodes, bad],
      edges: [
        ...h.edges,
        edge(h.a, bad.id, 'model', 'a'),
        edge(h.b, bad.id, 'model', 'b'),
        edge(h.prep.scale, bad.id, 'applied', 'data'),
      ],
    });
    expect(failed.message[bad.id]).toMatch(/Model "b" predicts "pressure", model "a" predicts "failure_24h"/);
  }, 120_000);
});

describe('model.search', () => {
  it('grid over l2 scored by CV: sorted results, the best setting refitted on all rows', async () => {
    const g = twoModels(['model.linear', BINARY], ['model.linear', BINARY], 2000);
    const search = node('model.search', { space: 'l2: 0.001, 1000000', folds: 3 });
    const run = await t.run({
      nodes: [...g.nodes, search],
      edges: [
        ...g.edges,
        edge(g.a, search.id, 'model', 'model'),
        edge(g.prep.scale, search.id, 'out', 'data'),
      ],
    });
    expect(run.message[search.id]).toBeUndefined();
    const report = reportOf(run.events, search.id) as {
      best: Record<string, number>;
      resultsTable: { columns: string[]; rows: number[][] };
    };
    expect(report.resultsTable.columns.slice(0, 4)).toEqual(['rank', 'l2', 'auc', 'auc_sd']);
    const aucs = report.resultsTable.rows.map((r) => r[2] as number);
    expect(aucs).toEqual([...aucs].sort((x, y) => y - x));
    // A huge penalty flattens the model: the small one wins.
    expect(report.best).toEqual({ l2: 0.001 });
    const model = modelOut(search.id);
    expect(model.meta.spec).toMatchObject({ family: 'linear', l2: 0.001 });
    const train = t.engine.cache.get(g.prep.scale)?.outputs.out;
    expect(model.meta.trainRows).toBe(train?.type === 'table' ? train.rowCount : -1);
    expect(model.id).not.toBe(modelOut(g.a).id);
  }, 120_000);

  it('refuses a setting the family does not have, naming the ones it has', async () => {
    const g = twoModels(['model.linear', BINARY], ['model.linear', BINARY], 500);
    const search = node('model.search', { space: 'rounds: 10, 20' });
    const run = await t.run({
      nodes: [...g.nodes, search],
      edges: [
        ...g.edges,
        edge(g.a, search.id, 'model', 'model'),
        edge(g.prep.scale, search.id, 'out', 'data'),
      ],
    });
    expect(run.message[search.id]).toMatch(/"rounds" is not a setting of this model; it has l2/);
  }, 60_000);
});
