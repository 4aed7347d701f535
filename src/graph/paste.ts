import type { GraphEdge, GraphNode, PipelineGraph, Position } from '../shared/graph-types';

export interface Size {
  width: number;
  height: number;
}

export interface Box extends Position, Size {}

/** Size assumed for a node not yet measured on screen (a node card with a couple of ports). */
export const DEFAULT_NODE_SIZE: Size = { width: 240, height: 150 };

/**
 * `count` node ids of the form `n<i>` not in `used`, counting up from `start`.
 */
export function freshIds(count: number, used: Iterable<string>, start = 1): string[] {
  const taken = new Set(used);
  const ids: string[] = [];
  for (let i = Math.max(1, start); ids.length < count; i++) {
    const id = `n${i}`;
    if (!taken.has(id)) {
      ids.push(id);
      taken.add(id);
    }
  }
  return ids;
}

/** Whether two boxes overlap, counting `margin` of space around each as part of it. */
export function boxesOverlap(a: Box, b: Box, margin = 0): boolean {
  return (
    a.x < b.x + b.width + margin &&
    b.x < a.x + a.width + margin &&
    a.y < b.y + b.height + margin &&
    b.y < a.y + a.height + margin
  );
}

/**
 * Make a copied graph ready to insert next to `existing` nodes. Every node gets a fresh id
 * (edges are rewritten to follow, and edges leaving the copied set are dropped), and the
 * group keeps its shape but moves down in `step`s until none of its nodes overlaps an
 * existing one — so a paste never hides what it was copied from.
 *
 * @param sizeOf the on-screen size of a pasted node (its original's, where known)
 */
export function preparePaste(
  pasted: PipelineGraph,
  existing: readonly (Box & { id: string })[],
  sizeOf: (node: GraphNode) => Size,
  options: { step?: number; margin?: number; firstId?: number } = {},
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const { step = 40, margin = 16, firstId = existing.length + 1 } = options;
  const ids = freshIds(pasted.nodes.length, [...existing.map((n) => n.id)], firstId);
  const idMap = new Map(pasted.nodes.map((n, i) => [n.id, ids[i] as string]));
  const boxes = pasted.nodes.map((n) => ({ ...n.position, ...sizeOf(n) }));
  const collides = (dy: number) =>
    boxes.some((b) => existing.some((e) => boxesOverlap({ ...b, y: b.y + dy }, e, margin)));
  // Below every existing node nothing can collide, so the search always ends.
  const lowest = Math.max(0, ...existing.map((e) => e.y + e.height), ...boxes.map((b) => b.y + b.height));
  const highest = Math.min(0, ...boxes.map((b) => b.y));
  let dy = 0;
  while (collides(dy) && dy <= lowest - highest + margin) dy += step;
  const nodes = pasted.nodes.map((n, i) => ({
    id: ids[i] as string,
    kind: n.kind,
    params: n.params,
    position: { x: n.position.x, y: n.position.y + dy },
  }));
  const edges = pasted.edges.flatMap((e) => {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    return source && target ? [{ ...e, source, target }] : [];
  });
  return { nodes, edges };
}
