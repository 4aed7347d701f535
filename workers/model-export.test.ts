import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST, prepared } from '../src/nodes/model/model-test-util';
import { MANIFEST_FILE, modelPath, type PipewrightModelFile } from './model-export';
import { createTestEngine, edge, node } from './testing/test-engine';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

describe('Engine.exportModel', () => {
  it('zips a TF.js layers model that reproduces the in-app predictions, with the Pipewright manifest', async () => {
    const prep = prepared(3000);
    const features = ['temperature', 'vibration', 'pressure'];
    const train = node('model.train', { ...FAST, target: 'failure_24h', features });
    const evaluate = node('model.evaluate');
    const predict = node('model.predict');
    const exporter = node('export.model');
    const graph = {
      name: 'Export test',
      nodes: [...prep.nodes, train, evaluate, predict, exporter],
      edges: [
        ...prep.edges,
        edge(prep.scale, train.id, 'out', 'train'),
        edge(train.id, evaluate.id, 'model', 'model'),
        edge(prep.scale, evaluate.id, 'applied', 'data'),
        edge(train.id, predict.id, 'model', 'model'),
        edge(prep.scale, predict.id, 'applied', 'data'),
        edge(train.id, exporter.id, 'model', 'model'),
      ],
    };
    const r = await t.run(graph);
    expect(r.message).toEqual({});
    expect(r.status[exporter.id]).toBe('done');

    const files = unzipSync(await t.engine.exportModel(exporter.id));
    expect(Object.keys(files).sort()).toEqual(['group1-shard1of1.bin', 'model.json', MANIFEST_FILE]);
    const modelJson = JSON.parse(strFromU8(files['model.json'] as Uint8Array)) as tf.io.ModelJSON;
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0]?.paths).toEqual(['group1-shard1of1.bin']);

    const manifest = JSON.parse(strFromU8(files[MANIFEST_FILE] as Uint8Array)) as PipewrightModelFile;
    expect(manifest).toMatchObject({
      format: 'pipewright/model',
      features,
      target: 'failure_24h',
      task: 'binary',
      classes: [0, 1],
      positiveClass: 1,
      training: { nodeId: train.id, backend: 'wasm', epochs: FAST.epochs },
      metrics: { nodeId: evaluate.id },
      pipeline: { format: 'pipewright/pipeline', name: 'Export test' },
    });
    expect(manifest.training.history).toHaveLength(FAST.epochs);
    expect(manifest.metrics?.values.auc).toBeGreaterThan(0.5);
    expect(manifest.preprocessing).toEqual([
      { nodeId: prep.scale, kind: 'features.scale', fitted: expect.objectContaining({ kind: 'scale' }) },
    ]);
    // Only the path into training: not the evaluate, predict and export nodes after it.
    expect((manifest.pipeline as { nodes: { id: string }[] }).nodes.map((n) => n.id)).toEqual([
      ...prep.nodes.map((n) => n.id),
      train.id,
    ]);

    // Load it the way a user would, from memory, and predict the test split again.
    const weights = files['group1-shard1of1.bin'] as Uint8Array;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0]?.weights,
        weightData: weights.buffer.slice(
          weights.byteOffset,
          weights.byteOffset + weights.byteLength,
        ) as ArrayBuffer,
      }),
    );
    const rows = await t.rows(predict.id);
    const x = tf.tensor2d(rows.map((row) => features.map((f) => row[f] as number)));
    const reloaded = (loaded.predict(x) as tf.Tensor).dataSync();
    x.dispose();
    loaded.dispose();
    expect(rows.length).toBeGreaterThan(400);
    let worst = 0;
    rows.forEach((row, i) => {
      worst = Math.max(worst, Math.abs((reloaded[i] as number) - (row.prob_1 as number)));
    });
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it('keeps unrelated branches (their SQL and files) out of the zip, and every fitted category in', async () => {
    const sample = node('ingest.sample', { rows: 3000 });
    const select = node('transform.sql', {
      sql: `SELECT temperature, vibration, pressure, failure_24h, sensor_id FROM input
            WHERE temperature BETWEEN 0 AND 200 AND vibration IS NOT NULL AND pressure IS NOT NULL`,
    });
    const split = node('split.train_test', { testSize: 0.2 });
    const encode = node('features.target_encode', {
      column: 'sensor_id',
      target: 'failure_24h',
      minCount: 1,
    });
    const scale = node('features.scale', { exclude: ['failure_24h'] });
    const features = ['temperature', 'vibration', 'pressure', 'sensor_id_te'];
    const train = node('model.train', { ...FAST, target: 'failure_24h', features });
    const exporter = node('export.model');
    // Scored beside training through `apply`, and a side export: neither feeds the model.
    const scoring = node('transform.sql', { sql: 'SELECT * FROM input -- scoring-secret' });
    const side = node('transform.sql', { sql: "SELECT 'side-secret' AS x FROM input" });
    const sideExport = node('export.data');
    const graph = {
      name: 'Path test',
      nodes: [sample, select, split, encode, scale, train, exporter, scoring, side, sideExport],
      edges: [
        edge(sample.id, select.id),
        edge(select.id, split.id),
        edge(split.id, encode.id, 'train', 'in'),
        edge(split.id, scoring.id, 'test', 'in'),
        edge(scoring.id, encode.id, 'out', 'apply'),
        edge(encode.id, scale.id, 'out', 'in'),
        edge(encode.id, scale.id, 'applied', 'apply'),
        edge(scale.id, train.id, 'out', 'train'),
        edge(train.id, exporter.id, 'model', 'model'),
        edge(sample.id, side.id),
        edge(side.id, sideExport.id),
      ],
    };
    const r = await t.run(graph);
    expect(r.message).toEqual({});
    const files = unzipSync(await t.engine.exportModel(exporter.id));
    const text = strFromU8(files[MANIFEST_FILE] as Uint8Array);
    expect(text).not.toContain('secret');
    const manifest = JSON.parse(text) as PipewrightModelFile;
    const pipeline = manifest.pipeline as { nodes: { id: string }[]; edges: { source: string }[] };
    expect(pipeline.nodes.map((n) => n.id)).toEqual(
      [sample, select, split, encode, scale, train].map((n) => n.id),
    );
    expect(pipeline.edges).toHaveLength(6);
    expect(manifest.preprocessing.map((p) => p.kind)).toEqual(['features.target_encode', 'features.scale']);

    // The target encoding in the zip is complete: it reproduces every training row's value.
    const fitted = manifest.preprocessing[0]?.fitted as {
      categories: { value: string; encoding: number }[];
      categoryCount: number;
    };
    expect(fitted.categories).toHaveLength(fitted.categoryCount);
    const byValue = new Map(fitted.categories.map((c) => [c.value, c.encoding]));
    const rows = await t.rows(encode.id);
    expect(rows.length).toBeGreaterThan(1000);
    for (const row of rows) expect(row.sensor_id_te).toBe(byValue.get(String(row.sensor_id)));
  });

  it('follows `apply` only into the output it feeds', () => {
    const edges = [
      { source: 'a', sourcePort: 'out', target: 'f', targetPort: 'in' },
      { source: 'b', sourcePort: 'out', target: 'f', targetPort: 'apply' },
      { source: 'f', sourcePort: 'out', target: 'm', targetPort: 'train' },
      { source: 'f', sourcePort: 'applied', target: 'm2', targetPort: 'train' },
    ];
    expect([...modelPath({ edges }, 'm')].sort()).toEqual(['a', 'f', 'm']);
    expect([...modelPath({ edges }, 'm2')].sort()).toEqual(['a', 'b', 'f', 'm2']);
  });

  it('says when there is no model to export', async () => {
    const sample = node('ingest.sample', { rows: 10 });
    await t.run({ nodes: [sample], edges: [] });
    await expect(t.engine.exportModel(sample.id)).rejects.toThrow(
      /has no trained model: run the pipeline first/,
    );
  });
});
