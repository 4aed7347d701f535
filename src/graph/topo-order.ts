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
  const ready = nodeIds.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift() as string;
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

/** True when adding `edge` to `edges` would close a cycle. */
export function wouldCreateCycle(
  edges: readonly GraphEdge[],
  edge: Pick<GraphEdge, 'source' | 'target'>,
): boolean {
  if (edge.source === edge.target) return true;
  // A cycle appears iff the new target already reaches the new source.
  const seen = new Set<string>();
  const stack = [edge.target];
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === edge.source) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/** Ids of `targets` and everything upstream of them. */
export function upstreamClosure(targets: readonly string[], edges: readonly GraphEdge[]): Set<string> {
  const result = new Set<string>();
  const stack = [...targets];
  while (stack.length) {
    const id = stack.pop() as string;
    if (result.has(id)) continue;
    result.add(id);
    for (const e of edges) if (e.target === id) stack.push(e.source);
  }
  return result;
}

/** Ids of `sources` and everything downstream of them. */
export function downstreamClosure(sources: readonly string[], edges: readonly GraphEdge[]): Set<string> {
  const result = new Set<string>();
  const stack = [...sources];
  while (stack.length) {
    const id = stack.pop() as string;
    if (result.has(id)) continue;
    result.add(id);
    for (const e of edges) if (e.source === id) stack.push(e.target);
  }
  return result;
}
