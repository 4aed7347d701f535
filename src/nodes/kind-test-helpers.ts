// Test-only helpers for *.kind.test.ts: run one kind on tables written as SQL.
import { type createTestEngine, edge, node } from '../../workers/testing/test-engine';
import type { GraphEdge, GraphNode } from '../shared/graph-types';
import type { NodeReport } from '../shared/protocol';
import type { ColumnInfo } from '../shared/values';

export type TestEngine = Awaited<ReturnType<typeof createTestEngine>>;

/** What one kind's run gave: status, message, warnings, report and its output tables. */
export interface KindRun {
  id: string;
  status: string | undefined;
  message: string | undefined;
  warnings: string[];
  report: NodeReport | undefined;
  rows(port?: string, orderBy?: string): Promise<Record<string, unknown>[]>;
  columns(port?: string): ColumnInfo[];
  ports(): string[];
}

/**
 * Run `kind` with each input port fed by a `transform.sql` node whose query is given (a
 * SELECT that needs no FROM, e.g. over VALUES), or by an existing node id as `{ node }`.
 */
export async function runKind(
  t: TestEngine,
  kind: string,
  params: Record<string, unknown>,
  inputs: Record<string, string | { node: GraphNode; extra?: { nodes: GraphNode[]; edges: GraphEdge[] } }>,
): Promise<KindRun> {
  const target = node(kind, params);
  // transform.sql needs an input; an empty sample table is a cheap one to ignore.
  const seed = node('ingest.sample', { rows: 0 });
  const nodes: GraphNode[] = [seed, target];
  const edges: GraphEdge[] = [];
  for (const [port, source] of Object.entries(inputs)) {
    if (typeof source === 'string') {
      const s = node('transform.sql', { sql: source });
      nodes.push(s);
      edges.push(edge(seed.id, s.id), edge(s.id, target.id, 'out', port));
    } else {
      nodes.push(source.node, ...(source.extra?.nodes ?? []));
      edges.push(...(source.extra?.edges ?? []), edge(source.node.id, target.id, 'out', port));
    }
  }
  const r = await t.run({ nodes, edges });
  let warnings: string[] = [];
  let report: NodeReport | undefined;
  for (const e of r.events) {
    if (e.type === 'node-done' && e.nodeId === target.id) {
      warnings = e.warnings;
      report = e.report;
    } else if (e.type === 'node-failed' && e.nodeId === target.id) report = e.report;
  }
  const outputs = () => t.engine.cache.get(target.id)?.outputs ?? {};
  return {
    id: target.id,
    status: r.status[target.id],
    message: r.message[target.id],
    warnings,
    report,
    rows: (port = 'out', orderBy) => t.rows(target.id, port, orderBy),
    columns: (port = 'out') => {
      const v = outputs()[port];
      if (v?.type !== 'table') throw new Error(`no table on ${port}`);
      return v.columns;
    },
    ports: () => Object.keys(outputs()),
  };
}

/** Column names with unusual characters that every SQL-generating kind must quote. */
export const ODD = {
  space: 'with space',
  quote: 'say "hi"',
  dollar: 'cost ($)',
  unicode: 'température ✓',
  apostrophe: "it's",
} as const;

/** A double-quoted SQL identifier, for writing test queries by hand. */
export function q(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
