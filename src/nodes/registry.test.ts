import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetStore } from '../../workers/datasets';
import { MemoryResultFiles } from '../../workers/kept-results';
import { ModelRegistry } from '../../workers/model-registry';
import { createTestEngine, edge, node } from '../../workers/testing/test-engine';
import type { GraphEdge, GraphNode, PortType } from '../shared/graph-types';
import type { NodeReport } from '../shared/protocol';
import { defaultParams } from './define-node-kind';
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

/** 40 rows: an id, a number with a NULL, a category, a timestamp and a 0/1 target. */
const SMALL_TABLE = `SELECT i::INTEGER AS id, CASE WHEN i = 3 THEN NULL ELSE i * 0.5 END AS x,
  CASE WHEN i % 3 = 0 THEN 'a' WHEN i % 3 = 1 THEN 'b' ELSE 'c' END AS cat,
  TIMESTAMP '2024-01-01' + to_hours(i) AS ts, (i % 2)::INTEGER AS y FROM range(40) r(i)`;

/**
 * Params beyond the defaults, for kinds whose defaults name no column (there is none to
 * name before a table is connected) or would take long. Every other kind runs on its defaults.
 */
const SETUP: Record<string, Record<string, unknown>> = {
  'ingest.file': { file: 'small.csv' },
  'ingest.sample': { rows: 50 },
  'transform.aggregate': { groupBy: ['cat'], aggregations: [{ column: 'x', fn: 'mean' }] },
  'transform.join': { on: ['id'] },
  'transform.time_features': { column: 'ts' },
  'features.rolling': { orderBy: 'ts', columns: ['x'] },
  'features.target_encode': { column: 'cat', target: 'y', minCount: 1 },
  'model.train': { target: 'y', features: ['id'], epochs: 1, layers: [{ units: 2, activation: 'relu' }] },
  'model.gbdt': { target: 'y', rounds: 3 },
  'model.linear': { target: 'y', features: ['id'] },
  'chart.plot': { mark: 'scatter', x: 'x', y: 'id', color: 'cat' },
  'ingest.dataset': { name: 'small' },
  'model.registered': { name: 'small' },
};

/**
 * Kinds that need what a tab cannot have: here they must fail saying where they run; they run
 * for real in the test named.
 */
const RUN_ELSEWHERE: Record<string, string> = {
  'ingest.database': 'cli/postgres-source.test.ts, on a real PostgreSQL',
};

/** The model every model input gets: a tiny network trained on the small table. */
const MODEL_PARAMS = SETUP['model.train'];

/** A graph where `kindName` runs with each required input fed (tables: SMALL_TABLE, models: a trained one). */
function graphFor(kindName: string): { nodes: GraphNode[]; edges: GraphEdge[]; target: GraphNode } {
  const kind = NODE_KINDS.find((k) => k.kind === kindName);
  if (!kind) throw new Error(kindName);
  const seed = node('ingest.sample', { rows: 0 });
  const table = node('transform.sql', { sql: SMALL_TABLE });
  const target = node(kindName, { ...defaultParams(kind), ...SETUP[kindName] });
  const nodes = [seed, table, target];
  const edges = [edge(seed.id, table.id)];
  for (const [port, spec] of Object.entries(kind.inputs)) {
    if (spec.optional) continue;
    if (spec.type === 'table') edges.push(edge(table.id, target.id, 'out', port));
    else if (spec.type === 'model') {
      const train = node('model.train', MODEL_PARAMS);
      nodes.push(train);
      edges.push(edge(table.id, train.id, 'out', 'train'), edge(train.id, target.id, 'model', port));
    } else throw new Error(`no test input for a ${spec.type} port`);
  }
  return { nodes, edges, target };
}

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
