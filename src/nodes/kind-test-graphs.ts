// Test-only: a small graph per node kind (the registry test and the engine parity test run them).
import { edge, node } from '../../workers/testing/test-engine';
import type { GraphEdge, GraphNode } from '../shared/graph-types';
import { defaultParams } from './define-node-kind';
import { NODE_KINDS } from './registry';

/** 40 rows: an id, a number with a NULL, a category, a timestamp and a 0/1 target. */
export const SMALL_TABLE = `SELECT i::INTEGER AS id, CASE WHEN i = 3 THEN NULL ELSE i * 0.5 END AS x,
  CASE WHEN i % 3 = 0 THEN 'a' WHEN i % 3 = 1 THEN 'b' ELSE 'c' END AS cat,
  TIMESTAMP '2024-01-01' + to_hours(i) AS ts, (i % 2)::INTEGER AS y FROM range(40) r(i)`;

/**
 * Params beyond the defaults, for kinds whose defaults name no column (there is none to
 * name before a table is connected) or would take long. Every other kind runs on its defaults.
 */
export const SETUP: Record<string, Record<string, unknown>> = {
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
export const RUN_ELSEWHERE: Record<string, string> = {
  'ingest.database': 'cli/postgres-source.test.ts, on a real PostgreSQL',
};

/** The model every model input gets: a tiny network trained on the small table. */
const MODEL_PARAMS = SETUP['model.train'];

/** A graph where `kindName` runs with each required input fed (tables: SMALL_TABLE, models: a trained one). */
export function graphFor(kindName: string): { nodes: GraphNode[]; edges: GraphEdge[]; target: GraphNode } {
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
