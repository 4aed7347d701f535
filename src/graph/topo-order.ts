import type { GraphEdge } from '../shared/graph-types';

/**
 * Order node ids so every edge's source comes before its target (Kahn's algorithm,
 * ties broken by the given order so runs are reproducible). Returns `cycle` with the ids
 * left over when the edges form a cycle.
 */
export function topoOrder(
  nodeIds: readonly string[],
  edges: readonly GraphEdge[],
): { order: string[]; cycle: string[] } {
  const indegree = new Map(nodeIds.map((id) => [id, 0]));
  const next = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const e of edges) {
    if (!indegree.has(e.source) || !indegree.has(e.target)) continue;
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    next.get(e.source)?.push(e.target);
  }
  // A queue read by index: `shift()` is O(n) per call, quadratic on wide graphs.
  const ready = nodeIds.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let head = 0; head < ready.length; head++) {
    const id = ready[head] as string;
    order.push(id);
    for (const t of next.get(id) ?? []) {
      const d = (indegree.get(t) ?? 0) - 1;
      indegree.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  const placed = new Set(order);
  return { order, cycle: nodeIds.filter((id) => !placed.has(id)) };
}

/**
 * Edges grouped by one end: `by: 'source'` gives each node's outgoing edges, `'target'` its
 * incoming ones. Built once per walk so a walk is linear in the graph, not nodes × edges.
 */
export function edgesBy(edges: readonly GraphEdge[], by: 'source' | 'target'): Map<string, GraphEdge[]> {
  const index = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    const list = index.get(e[by]);
    if (list) list.push(e);
    else index.set(e[by], [e]);
  }
  return index;
}

/** Ids reachable from `starts` following edges forward (`'source'`) or backward (`'target'`). */
function closure(
  starts: readonly string[],
  edges: readonly GraphEdge[],
  from: 'source' | 'target',
): Set<string> {
  const index = edgesBy(edges, from);
  const to = from === 'source' ? 'target' : 'source';
  const result = new Set<string>();
  const stack = [...starts];
  while (stack.length) {
    const id = stack.pop() as string;
    if (result.has(id)) continue;
    result.add(id);
    for (const e of index.get(id) ?? []) stack.push(e[to]);
  }
  return result;
}

/** True when adding `edge` to `edges` would close a cycle. */
export function wouldCreateCycle(
  edges: readonly GraphEdge[],
  edge: Pick<GraphEdge, 'source' | 'target'>,
): boolean {
  if (edge.source === edge.target) return true;
  // A cycle appears iff the new target already reaches the new source.
  return closure([edge.target], edges, 'source').has(edge.source);
}

/** Ids of `targets` and everything upstream of them. */
export function upstreamClosure(targets: readonly string[], edges: readonly GraphEdge[]): Set<string> {
  return closure(targets, edges, 'target');
}

/** Ids of `sources` and everything downstream of them. */
export function downstreamClosure(sources: readonly string[], edges: readonly GraphEdge[]): Set<string> {
  return closure(sources, edges, 'source');
}
