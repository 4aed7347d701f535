import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST, prepared } from '../src/nodes/model/model-test-util';
import { MANIFEST_FILE, type PipewrightModelFile } from './model-export';
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
    expect((manifest.pipeline as { nodes: unknown[] }).nodes).toHaveLength(graph.nodes.length);

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
    expect(worst).toBeLessThan(1e-4);
  });

  it('says when there is no model to export', async () => {
    const sample = node('ingest.sample', { rows: 10 });
    await t.run({ nodes: [sample], edges: [] });
    await expect(t.engine.exportModel(sample.id)).rejects.toThrow(
      /has no trained model: run the pipeline first/,
    );
  });
});
