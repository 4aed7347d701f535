const targetsByEdges = new WeakMap<readonly { target: string }[], ReadonlySet<string>>();

/**
 * Whether any of `edges` ends at `nodeId`. Every node card asks on every store update;
 * scanning the edges each time made a 5,000-node graph cost 22 million steps per update,
 * so the set of targets is built once per edges array (the store replaces it on change).
 */
export function hasEdgeInto(edges: readonly { target: string }[], nodeId: string): boolean {
  let targets = targetsByEdges.get(edges);
  if (!targets) {
    targets = new Set(edges.map((e) => e.target));
    targetsByEdges.set(edges, targets);
  }
  return targets.has(nodeId);
}
