import { strFromU8, unzipSync } from 'fflate';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GbdtModel } from '../../../workers/ml/gbdt-model';
import type { LinearModel } from '../../../workers/ml/linear-model';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import { predictSolved } from '../../../workers/train/solve';
import type { GraphEdge, GraphNode } from '../../shared/graph-types';
import type { EngineEvent } from '../../shared/protocol';
import { metricsOf, prepared, reportOf, type TestEngine } from './model-test-util';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

/** Train `kind` on the prepared sensors train split, evaluate on the test split, predict and export. */
async function trainFamily(kind: string, params: Record<string, unknown>, rows = 4000) {
  const prep = prepared(rows);
  const train = node(kind, params);
  const evaluate = node('model.evaluate');
  const predict = node('model.predict');
  const exporter = node('export.model');
  const nodes: GraphNode[] = [...prep.nodes, train, evaluate, predict, exporter];
  const edges: GraphEdge[] = [
    ...prep.edges,
    edge(prep.scale, train.id, 'out', 'train'),
    edge(train.id, evaluate.id, 'model', 'model'),
    edge(prep.scale, evaluate.id, 'applied', 'data'),
    edge(train.id, predict.id, 'model', 'model'),
    edge(prep.scale, predict.id, 'applied', 'data'),
    edge(train.id, exporter.id, 'model', 'model'),
  ];
  const run = await t.run({ nodes, edges });
  for (const n of [train, evaluate, predict, exporter])
    expect(run.message[n.id], `${n.kind}: ${run.message[n.id]}`).toBeUndefined();
  return { run, train: train.id, evaluate: evaluate.id, predict: predict.id, exporter: exporter.id, prep };
}

const FAST_TREES = { rounds: 30 };

describe('model.gbdt', () => {
  it('binary: AUC well above the 0.5 baseline, gain importance per feature, progress per round', async () => {
    const r = await trainFamily('model.gbdt', {
      ...FAST_TREES,
      target: 'failure_24h',
      features: ['temperature', 'vibration', 'pressure'],
    });
    const m = metricsOf(t, r.evaluate);
    expect(m.auc).toBeGreaterThan(0.75);
    expect(m.baseline_auc).toBe(0.5);
    const report = reportOf(r.run.events, r.train);
    expect(report).toMatchObject({ task: 'binary', rounds: 30, roundsPlanned: 30, trees: 30, backend: 'js' });
    const table = report?.featureTable as { columns: string[]; rows: (string | number)[][] };
    expect(table.columns).toEqual(['feature', 'gain', 'share']);
    expect(table.rows.map((row) => row[0]).sort()).toEqual(['pressure', 'temperature', 'vibration']);
    expect(table.rows.reduce((s, row) => s + (row[2] as number), 0)).toBeCloseTo(1, 6);
    const points = r.run.events.filter((e) => e.type === 'node-point' && e.nodeId === r.train);
    expect(points).toHaveLength(30);
    const progress = r.run.events.filter(
      (e): e is Extract<EngineEvent, { type: 'node-progress' }> =>
        e.type === 'node-progress' && e.nodeId === r.train,
    );
    expect(progress.some((e) => /^round \d+\/30 · ETA \d+ s$/.test(e.message ?? ''))).toBe(true);
  });

  it('regression: R² well above the mean predictor', async () => {
    const r = await trainFamily('model.gbdt', {
      ...FAST_TREES,
      target: 'temperature',
      features: ['vibration', 'pressure'],
    });
    const m = metricsOf(t, r.evaluate);
    expect(m.r2).toBeGreaterThan(0.5);
    expect(m.mae).toBeLessThan(0.7 * (m.baseline_mae as number));
  });

  it('multiclass on a text target: accuracy above the majority class, one prob column per class', async () => {
    const r = await trainFamily('model.gbdt', { ...FAST_TREES, target: 'status', exclude: ['failure_24h'] });
    const m = metricsOf(t, r.evaluate);
    expect(reportOf(r.run.events, r.train)?.task).toBe('multiclass');
    expect(m.accuracy).toBeGreaterThan((m.baseline_accuracy as number) + 0.05);
    const predicted = reportOf(r.run.events, r.predict);
    expect(
      ((predicted?.added ?? []) as string[]).filter((c) => c.startsWith('prob_')).length,
    ).toBeGreaterThan(2);
  });

  it('is deterministic for a seed, and a different seed with subsampling gives another model', async () => {
    const params = { ...FAST_TREES, target: 'failure_24h', subsample: 0.7, colsample: 0.7 };
    // Each run replaces the last graph (and its cache): read results right away.
    const once = async (extra: Record<string, unknown>) => {
      const r = await trainFamily('model.gbdt', { ...params, ...extra });
      const zip = unzipSync(await t.engine.exportModel(r.exporter));
      return { auc: metricsOf(t, r.evaluate).auc, json: strFromU8(zip['model.gbdt.json'] as Uint8Array) };
    };
    const a = await once({ seed: 1 });
    const other = await once({ seed: 2 });
    const again = await once({ seed: 1 });
    expect(again.json).toBe(a.json);
    expect(again.auc).toBe(a.auc);
    expect(other.json).not.toBe(a.json);
  });

  it('trains and predicts with missing feature values (routed by the trees), where a linear model refuses them', async () => {
    const sample = node('ingest.sample', { rows: 2000 });
    const holes = node('transform.sql', {
      sql: 'SELECT CASE WHEN vibration > 0.5 THEN NULL ELSE temperature END AS temperature, vibration, pressure, failure_24h FROM input',
    });
    const trees = node('model.gbdt', { ...FAST_TREES, target: 'failure_24h' });
    const linear = node('model.linear', { target: 'failure_24h' });
    const evaluate = node('model.evaluate');
    const run = await t.run({
      nodes: [sample, holes, trees, linear, evaluate],
      edges: [
        edge(sample.id, holes.id),
        edge(holes.id, trees.id, 'out', 'train'),
        edge(holes.id, linear.id, 'out', 'train'),
        edge(trees.id, evaluate.id, 'model', 'model'),
        edge(holes.id, evaluate.id, 'out', 'data'),
      ],
    });
    expect(run.message[trees.id]).toBeUndefined();
    expect(run.status[evaluate.id]).toBe('done');
    expect(metricsOf(t, evaluate.id).auc).toBeGreaterThan(0.6);
    expect(run.message[linear.id]).toMatch(/^Feature columns with missing values: "temperature" \(\d+ NULL/);
  });

  it('refuses a categorical column holding non-integer values, naming it', async () => {
    const sample = node('ingest.sample', { rows: 500 });
    const trees = node('model.gbdt', { ...FAST_TREES, target: 'failure_24h', categorical: ['temperature'] });
    const run = await t.run({ nodes: [sample, trees], edges: [edge(sample.id, trees.id, 'out', 'train')] });
    expect(run.message[trees.id]).toMatch(
      /^Param "categorical": "temperature" (holds non-integer|is not one of)/,
    );
  });

  it('exports a zip whose model.onnx and model.gbdt.json predict like the app, and the manifest with family', async () => {
    const r = await trainFamily('model.gbdt', { ...FAST_TREES, target: 'failure_24h' });
    const files = unzipSync(await t.engine.exportModel(r.exporter));
    expect(Object.keys(files).sort()).toEqual(['model.gbdt.json', 'model.onnx', 'pipewright-model.json']);
    const manifest = JSON.parse(strFromU8(files['pipewright-model.json'] as Uint8Array));
    expect(manifest).toMatchObject({
      family: 'gbdt',
      files: { model: 'model.onnx', weights: [], readable: 'model.gbdt.json' },
      target: 'failure_24h',
      task: 'binary',
    });
    expect(manifest.preprocessing.map((p: { kind: string }) => p.kind)).toEqual(['features.scale']);
    expect(manifest.metrics.values.auc).toBe(metricsOf(t, r.evaluate).auc);
    const model = JSON.parse(strFromU8(files['model.gbdt.json'] as Uint8Array)) as GbdtModel;
    expect(model.family).toBe('gbdt');
    expect(model.trees).toHaveLength(30);
    // The exported JSON predicts what the app predicted on the scored table.
    const predicted = await t.rows(r.predict, 'out');
    const features = manifest.features as string[];
    const x = Float32Array.from(predicted.flatMap((row) => features.map((f) => Number(row[f]))));
    const p = predictSolved(model, x, predicted.length);
    const diff = Math.max(...predicted.map((row, i) => Math.abs(Number(row.prob_1) - (p[i] as number))));
    expect(diff).toBeLessThanOrEqual(1e-6);
    // So does model.onnx in onnxruntime: P(positive class) is the second probability column.
    const session = await ort.InferenceSession.create(files['model.onnx'] as Uint8Array);
    const out = await session.run({
      float_input: new ort.Tensor('float32', x, [predicted.length, features.length]),
    });
    await session.release();
    const probs = out.probabilities?.data as Float32Array;
    const onnxDiff = Math.max(
      ...predicted.map((row, i) => Math.abs(Number(row.prob_1) - (probs[2 * i + 1] as number))),
    );
    expect(onnxDiff).toBeLessThanOrEqual(1e-5);
    expect(reportOf(r.run.events, r.exporter)?.files).toEqual([
      'model.onnx',
      'model.gbdt.json',
      'pipewright-model.json',
    ]);
  });
});

describe('model.linear', () => {
  it('logistic (binary): AUC well above 0.5, coefficients with feature names and the intercept', async () => {
    const r = await trainFamily('model.linear', {
      target: 'failure_24h',
      features: ['temperature', 'vibration', 'pressure'],
    });
    const m = metricsOf(t, r.evaluate);
    expect(m.auc).toBeGreaterThan(0.7);
    const report = reportOf(r.run.events, r.train);
    expect(report).toMatchObject({ task: 'binary', model: 'logistic regression', l2: 1 });
    const table = report?.featureTable as { columns: string[]; rows: (string | number)[][] };
    expect(table.columns).toEqual(['feature', 'log-odds']);
    expect(table.rows.map((row) => row[0]).sort()).toEqual([
      '(intercept)',
      'pressure',
      'temperature',
      'vibration',
    ]);
  });

  it('ridge (regression): R² sensible, and the exported JSON predicts like the app', async () => {
    const r = await trainFamily('model.linear', {
      target: 'temperature',
      features: ['vibration', 'pressure'],
    });
    const m = metricsOf(t, r.evaluate);
    expect(m.r2).toBeGreaterThan(0.3);
    expect(m.r2).toBeLessThanOrEqual(1);
    expect(reportOf(r.run.events, r.train)).toMatchObject({ model: 'ridge regression', iterations: 0 });
    const files = unzipSync(await t.engine.exportModel(r.exporter));
    expect(Object.keys(files).sort()).toEqual(['model.linear.json', 'model.onnx', 'pipewright-model.json']);
    const model = JSON.parse(strFromU8(files['model.linear.json'] as Uint8Array)) as LinearModel;
    const predicted = await t.rows(r.predict, 'out');
    const x = Float32Array.from(predicted.flatMap((row) => [Number(row.vibration), Number(row.pressure)]));
    const p = predictSolved(model, x, predicted.length);
    const diff = Math.max(...predicted.map((row, i) => Math.abs(Number(row.prediction) - (p[i] as number))));
    expect(diff).toBeLessThanOrEqual(1e-4);
  });

  it('multinomial (multiclass): accuracy above the majority class, one coefficient column per class', async () => {
    const r = await trainFamily('model.linear', { target: 'status', exclude: ['failure_24h'] });
    const m = metricsOf(t, r.evaluate);
    expect(m.accuracy).toBeGreaterThan(m.baseline_accuracy as number);
    const report = reportOf(r.run.events, r.train);
    expect(report?.model).toBe('multinomial logistic regression');
    const table = report?.featureTable as { columns: string[] };
    expect(table.columns.length).toBe(1 + ((report?.classes ?? []) as unknown[]).length);
  });
});
