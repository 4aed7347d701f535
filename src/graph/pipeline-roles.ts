import type { NodeKind } from '../nodes/define-node-kind';
import type { GraphEdge, GraphNode } from '../shared/graph-types';
import { edgesBy } from './topo-order';

type Lookup = (kind: string) => Pick<NodeKind, 'role' | 'title'> | undefined;

/** Every node reachable from `start` by following edges backwards (`start` excluded). */
function ancestors(start: string, incoming: ReadonlyMap<string, GraphEdge[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop() as string;
    for (const e of incoming.get(id) ?? [])
      if (!seen.has(e.source)) {
        seen.add(e.source);
        stack.push(e.source);
      }
  }
  seen.delete(start);
  return seen;
}

/**
 * For each node, the target columns of the `model` nodes downstream of it (by any path), in
 * the order the models appear in `nodes`. The target is set once, on the model, and every
 * stage before it learns it from here, so a default "all columns" never touches it.
 */
export function downstreamTargets(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  lookup: Lookup,
): Map<string, string[]> {
  const incoming = edgesBy(edges, 'target');
  const targets = new Map<string, string[]>();
  for (const n of nodes) {
    if (lookup(n.kind)?.role !== 'model') continue;
    const target = typeof n.params.target === 'string' ? n.params.target.trim() : '';
    if (!target) continue;
    for (const id of ancestors(n.id, incoming)) {
      const list = targets.get(id) ?? [];
      if (!list.includes(target)) list.push(target);
      targets.set(id, list);
    }
  }
  return targets;
}

/**
 * Fitted nodes whose `out` reaches a `split` node: their statistics are learned on rows the
 * split later makes test rows. Maps each to a warning naming the leak and the fix.
 */
export function fitBeforeSplit(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  lookup: Lookup,
): Map<string, string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outgoing = edgesBy(edges, 'source');
  const warnings = new Map<string, string>();
  for (const n of nodes) {
    if (lookup(n.kind)?.role !== 'fitted') continue;
    const seen = new Set<string>();
    const stack = (outgoing.get(n.id) ?? []).filter((e) => e.sourcePort === 'out').map((e) => e.target);
    let split: GraphNode | undefined;
    while (stack.length && !split) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const node = byId.get(id);
      if (node && lookup(node.kind)?.role === 'split') split = node;
      else for (const e of outgoing.get(id) ?? []) stack.push(e.target);
    }
    if (split) {
      const title = lookup(split.kind)?.title ?? split.kind;
      warnings.set(
        n.id,
        `Leak: fitted before the split, so its statistics include rows that "${title}" (${split.id}) later makes test rows and the test score is too optimistic. Put it after the split: connect the split's train to "in" and its test to the "apply?" input, and use "applied" as test data.`,
      );
    }
  }
  return warnings;
}
