import { type createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import type { GraphEdge, GraphNode } from '../../shared/graph-types';
import type { NodeReport } from '../../shared/protocol';
import { identList } from '../sql-util';

/** Helpers for the features tests: tables from SQL and one kind run over them. */

export type TestEngine = Awaited<ReturnType<typeof createTestEngine>>;

/** A node output plus everything upstream of it, so a later run can include it again. */
export interface Source {
  id: string;
  port: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A table made by a query that reads no input (e.g. VALUES). */
export function sqlTable(sql: string): Source {
  // transform.sql needs an input; an empty sample table is one that costs nothing.
  const seed = node('ingest.sample', { rows: 0 });
  const t = node('transform.sql', { sql });
  return { id: t.id, port: 'out', nodes: [seed, t], edges: [edge(seed.id, t.id)] };
}

/** `SELECT * FROM (VALUES …) t(<columns>)`, each row a list of SQL literals. */
export function valuesTable(columns: readonly string[], rows: readonly string[][]): Source {
  const body = rows.map((r) => `(${r.join(', ')})`).join(', ');
  return sqlTable(`SELECT * FROM (VALUES ${body}) t(${identList(columns)})`);
}

/** The same table with no rows (types kept). */
export function emptyOf(source: Source): Source {
  const f = node('clean.filter', { where: 'FALSE' });
  return {
    id: f.id,
    port: 'out',
    nodes: [...source.nodes, f],
    edges: [...source.edges, edge(source.id, f.id, source.port)],
  };
}

export interface KindRun {
  id: string;
  status: string | undefined;
  message: string | undefined;
  report: NodeReport | undefined;
  /** One output of the node as a source for a further run. */
  output(port: string): Source;
  /** Rows of one output, in table order. */
  rows(port?: string): Promise<Record<string, unknown>[]>;
  /** Column names of one output, in order. */
  columns(port?: string): string[];
}

/** Run one node of `kind` with `inputs` wired to its ports; the graph holds their upstream too. */
export async function runKind(
  t: TestEngine,
  kind: string,
  params: Record<string, unknown>,
  inputs: Record<string, Source>,
): Promise<KindRun> {
  const n = node(kind, params);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const [port, s] of Object.entries(inputs)) {
    for (const x of s.nodes) nodes.set(x.id, x);
    for (const e of s.edges)
      if (!edges.some((o) => o.target === e.target && o.targetPort === e.targetPort)) edges.push(e);
    edges.push(edge(s.id, n.id, s.port, port));
  }
  const all = [...nodes.values(), n];
  const r = await t.run({ nodes: all, edges });
  const done = r.events.find(
    (e) => (e.type === 'node-done' || e.type === 'node-cached') && e.nodeId === n.id,
  );
  const report = done && (done.type === 'node-done' || done.type === 'node-cached') ? done.report : undefined;
  return {
    id: n.id,
    status: r.status[n.id],
    message: r.message[n.id],
    report,
    output: (port) => ({ id: n.id, port, nodes: all, edges }),
    rows: (port = 'out') => t.rows(n.id, port),
    columns: (port = 'out') => {
      const v = t.engine.cache.get(n.id)?.outputs[port];
      if (v?.type !== 'table') throw new Error(`no table ${n.id}.${port}`);
      return v.columns.map((c) => c.name);
    },
  };
}
