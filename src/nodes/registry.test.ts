import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetStore } from '../../workers/datasets';
import { MemoryResultFiles } from '../../workers/kept-results';
import { ModelRegistry } from '../../workers/model-registry';
import { createTestEngine, edge, node } from '../../workers/testing/test-engine';
import type { PortType } from '../shared/graph-types';
import type { NodeReport } from '../shared/protocol';
import { defaultParams } from './define-node-kind';
import { graphFor, RUN_ELSEWHERE, SMALL_TABLE } from './kind-test-graphs';
import { readReport } from './read-report';
import { dropFileKind, NODE_KINDS } from './registry';

const PORT_TYPES: readonly PortType[] = ['table', 'model', 'metrics'];

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
  t.duck.addFile('small.csv', 'id,x,cat\n1,0.5,a\n2,1.5,b\n3,,a\n');
  // A saved dataset for ingest.dataset to read.
  const store = new DatasetStore(new MemoryResultFiles(), t.duck);
  t.engine.datasets = store;
  const saved = node('ingest.sample', { rows: 20 }, 'saved');
  await t.run({ nodes: [saved], edges: [] });
  await store.save('small', t.engine.tableName('saved', 'out'), {
    pipeline: 'test',
    node: 'saved',
    port: 'out',
  });
  // And a registered model for model.registered to load.
  t.engine.registry = new ModelRegistry(new MemoryResultFiles(), t.models);
  const seed = node('ingest.sample', { rows: 0 }, 'reg_seed');
  const data = node('transform.sql', { sql: SMALL_TABLE }, 'reg_data');
  const model = node('model.gbdt', { target: 'y', rounds: 3 }, 'reg_model');
  const trained = await t.run({
    nodes: [seed, data, model],
    edges: [edge('reg_seed', 'reg_data'), edge('reg_data', 'reg_model', 'out', 'train')],
  });
  if (trained.message.reg_model) throw new Error(trained.message.reg_model);
  await t.engine.registerModel('reg_model', 'small', 'test');
});
afterAll(() => t.close());

describe('every registered kind', () => {
  it('has a unique name, and its defaults parse with its params schema', () => {
    expect(new Set(NODE_KINDS.map((k) => k.kind)).size).toBe(NODE_KINDS.length);
    for (const kind of NODE_KINDS) {
      const defaults = defaultParams(kind);
      expect(kind.paramsSchema.safeParse(defaults).success, kind.kind).toBe(true);
    }
  });

  it('types every port as table, model or metrics', () => {
    for (const kind of NODE_KINDS)
      for (const [port, spec] of [...Object.entries(kind.inputs), ...Object.entries(kind.outputs)])
        expect(PORT_TYPES, `${kind.kind}.${port}`).toContain(spec.type);
  });

  it('declares at most one kind that dropped files become, with a file param', () => {
    expect(NODE_KINDS.filter((k) => k.dropFile !== undefined)).toHaveLength(1);
    const reader = dropFileKind();
    expect(reader?.fileParams).toContain(reader?.dropFile);
  });

  it('gives card subtitles from the kind, none for params that do not parse', () => {
    const byName = (name: string) => NODE_KINDS.find((k) => k.kind === name);
    expect(byName('ingest.file')?.subtitle?.({ file: '' })).toBe('no file chosen');
    expect(byName('clean.filter')?.subtitle?.({ where: 'a  >\n 1' })).toBe('a > 1');
    expect(byName('ingest.sample')?.subtitle?.({ rows: 'many' })).toBeUndefined();
    expect(byName('clean.dedupe')?.subtitle).toBeUndefined();
  });

  it('gives card actions inputs it has', () => {
    for (const kind of NODE_KINDS)
      for (const action of kind.actions)
        if (action.type === 'download-table') expect(kind.inputs[action.input]?.type).toBe('table');
        else expect(Object.values(kind.inputs).some((p) => p.type === 'model')).toBe(true);
  });

  for (const kind of NODE_KINDS)
    it(`${kind.kind} runs on a small table, gives its outputs and reports what its schema says`, async () => {
      const { nodes, edges, target } = graphFor(kind.kind);
      const r = await t.run({ nodes, edges });
      if (RUN_ELSEWHERE[kind.kind]) {
        expect(r.message[target.id], kind.kind).toMatch(/run in the command-line runner/);
        return;
      }
      expect(r.message[target.id], kind.kind).toBeUndefined();
      expect(['done', 'warning']).toContain(r.status[target.id]);
      const outputs = t.engine.cache.get(target.id)?.outputs ?? {};
      for (const [port, spec] of Object.entries(kind.outputs))
        if (!spec.optional) expect(outputs[port]?.type, `${kind.kind}.${port}`).toBe(spec.type);
      let report: NodeReport | undefined;
      for (const e of r.events) if (e.type === 'node-done' && e.nodeId === target.id) report = e.report;
      if (report === undefined) return;
      expect(kind.report, `${kind.kind} reports without a report schema`).toBeDefined();
      // The schema describes every field: read through it, nothing is dropped or changed.
      expect(readReport(kind, report)).toEqual(report);
    });
});
