import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../src/shared/graph-types';
import { PipelineRunner } from './runner';
import { edge, node } from './testing/pipeline';

const dir = mkdtempSync(join(tmpdir(), 'pw-model-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FEATURES = { target: 'failure_24h', features: ['temperature', 'vibration', 'pressure'] };

const graph: PipelineGraph = {
  name: 'model cache',
  nodes: [
    node('sample', 'ingest.sample', { rows: 3000 }),
    node('clean', 'clean.drop_nulls'),
    node('split', 'split.train_test', { testSize: 0.25 }),
    node('gbdt', 'model.gbdt', { ...FEATURES, rounds: 20 }),
    node('nn', 'model.train', { ...FEATURES, epochs: 4, batchSize: 128 }),
    node('eval_gbdt', 'model.evaluate'),
    node('eval_nn', 'model.evaluate', { threshold: 0.4 }),
    node('zip', 'export.model'),
  ],
  edges: [
    edge('sample', 'clean'),
    edge('clean', 'split'),
    edge('split', 'gbdt', 'train', 'train'),
    edge('split', 'nn', 'train', 'train'),
    edge('gbdt', 'eval_gbdt', 'model', 'model'),
    edge('split', 'eval_gbdt', 'test', 'data'),
    edge('nn', 'eval_nn', 'model', 'model'),
    edge('split', 'eval_nn', 'test', 'data'),
    edge('nn', 'zip', 'model', 'model'),
  ],
};

describe('--cache with trained models', () => {
  it('a new runner finds the trained models on disk: nothing retrains, the same metrics and model file', async () => {
    const cache = join(dir, 'cache');
    const first = await PipelineRunner.create({ files: {}, out: join(dir, 'o1'), cache });
    const one = await first.run(graph);
    first.close();
    expect(
      one.status,
      JSON.stringify(Object.entries(one.nodes).map(([id, n]) => [id, n?.status, n?.error])),
    ).toBe('done');
    const second = await PipelineRunner.create({ files: {}, out: join(dir, 'o2'), cache });
    const two = await second.run(graph);
    // Then evaluate a restored model with a setting never run before: it must really be there.
    const changed: PipelineGraph = {
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === 'eval_nn' ? { ...n, params: { threshold: 0.6 } } : n)),
    };
    const three = await second.run(changed);
    second.close();
    for (const id of graph.nodes.map((n) => n.id)) expect(two.nodes[id]?.status, id).toBe('cached');
    expect(two.nodes.eval_gbdt?.metrics).toEqual(one.nodes.eval_gbdt?.metrics);
    expect(two.nodes.eval_nn?.metrics).toEqual(one.nodes.eval_nn?.metrics);
    // The same model: weights byte for byte, the same manifest (model.json may spell defaults out).
    const zips = ['o1', 'o2'].map((o) => unzipSync(readFileSync(join(dir, o, 'zip.model.zip'))));
    expect(Object.keys(zips[1] ?? {}).sort()).toEqual(Object.keys(zips[0] ?? {}).sort());
    expect(zips[1]?.['group1-shard1of1.bin']).toEqual(zips[0]?.['group1-shard1of1.bin']);
    expect(zips[1]?.['pipewright-model.json']).toEqual(zips[0]?.['pipewright-model.json']);
    expect(three.nodes.nn?.status).toBe('cached');
    expect(three.nodes.eval_nn?.status).toBe('done');

    const fresh = await PipelineRunner.create({ files: {}, out: join(dir, 'o3') });
    const reference = await fresh.run(changed);
    fresh.close();
    expect(reference.nodes.eval_nn?.status, JSON.stringify(reference.nodes)).toBe('done');
    expect(three.nodes.eval_nn?.metrics).toEqual(reference.nodes.eval_nn?.metrics);
  }, 180_000);
});
