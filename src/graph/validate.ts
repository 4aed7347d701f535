import type { NodeKind } from '../nodes/define-node-kind';
import type { GraphEdge, GraphNode } from '../shared/graph-types';
import { topoOrder } from './topo-order';

export type KindLookup = (kind: string) => NodeKind | undefined;

/** A problem with a graph, phrased for a person and naming the node and field. */
export interface GraphIssue {
  nodeId?: string;
  field?: string;
  message: string;
}

/** Why `edge` cannot exist in a graph of `nodes`, or undefined when it can. */
export function checkEdge(
  edge: GraphEdge,
  nodes: ReadonlyMap<string, GraphNode>,
  lookup: KindLookup,
): string | undefined {
  const source = nodes.get(edge.source);
  const target = nodes.get(edge.target);
  if (!source) return `edge from unknown node "${edge.source}"`;
  if (!target) return `edge to unknown node "${edge.target}"`;
  const out = lookup(source.kind)?.outputs[edge.sourcePort];
  const inp = lookup(target.kind)?.inputs[edge.targetPort];
  if (!out) return `node "${edge.source}" (${source.kind}) has no output port "${edge.sourcePort}"`;
  if (!inp) return `node "${edge.target}" (${target.kind}) has no input port "${edge.targetPort}"`;
  if (out.type !== inp.type)
    return `edge ${edge.source}.${edge.sourcePort} → ${edge.target}.${edge.targetPort} connects a ${out.type} output to a ${inp.type} input`;
  return undefined;
}

/**
 * Check a whole graph: known kinds, valid params, existing and type-matched ports, one edge
 * per input port, no cycles. Returns every issue found (empty when the graph is valid).
 */
export function validateGraph(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  lookup: KindLookup,
): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) {
    if (byId.has(n.id))
      issues.push({ nodeId: n.id, field: 'id', message: `node id "${n.id}" is used twice` });
    byId.set(n.id, n);
    const kind = lookup(n.kind);
    if (!kind) {
      issues.push({ nodeId: n.id, field: 'kind', message: `node "${n.id}" has unknown kind "${n.kind}"` });
      continue;
    }
    const parsed = kind.paramsSchema.safeParse(n.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.');
        issues.push({
          nodeId: n.id,
          field,
          message: `node "${n.id}" (${n.kind}): param "${field}" ${issue.message}`,
        });
      }
    }
  }
  const taken = new Set<string>();
  for (const e of edges) {
    const problem = checkEdge(e, byId, lookup);
    if (problem) issues.push({ nodeId: e.target, field: e.targetPort, message: problem });
    const slot = `${e.target}.${e.targetPort}`;
    if (taken.has(slot))
      issues.push({
        nodeId: e.target,
        field: e.targetPort,
        message: `input "${slot}" has more than one edge`,
      });
    taken.add(slot);
  }
  const { cycle } = topoOrder(
    nodes.map((n) => n.id),
    edges,
  );
  if (cycle.length)
    issues.push({
      nodeId: cycle[0],
      message: `the edges form a cycle through nodes ${cycle.map((c) => `"${c}"`).join(', ')}`,
    });
  return issues;
}
