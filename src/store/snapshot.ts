import type { PwEdge, PwNode } from './flow-types';

/**
 * The undoable part of the graph at one commit point: the name and the node and edge
 * arrays. The store replaces these arrays (and the nodes in them) immutably, so a snapshot
 * holds references to the live objects — structural sharing: it costs two pointers, never
 * a deep copy, and an unchanged node is the same object in every snapshot.
 */
export interface GraphSnapshot {
  readonly name: string;
  readonly nodes: readonly PwNode[];
  readonly edges: readonly PwEdge[];
}

export function takeSnapshot(state: GraphSnapshot): GraphSnapshot {
  return { name: state.name, nodes: state.nodes, edges: state.edges };
}

function sameData(a: PwNode, b: PwNode): boolean {
  if (a.data === b.data) return true;
  return a.data.kind === b.data.kind && JSON.stringify(a.data.params) === JSON.stringify(b.data.params);
}

/**
 * The nodes of `target` ready to become the live nodes again. A node unchanged since the
 * snapshot keeps its live object (and so its selection and measured size); a changed one
 * comes back from the snapshot with today's selection, so undo never moves the selection.
 */
export function restoreNodes(target: readonly PwNode[], current: readonly PwNode[]): PwNode[] {
  const live = new Map(current.map((n) => [n.id, n]));
  return target.map((n) => {
    const c = live.get(n.id);
    if (c && c.data === n.data && c.position === n.position) return c;
    return { ...n, selected: c?.selected ?? false, dragging: false, measured: c?.measured ?? n.measured };
  });
}

/** The edges of `target`, keeping live edge objects (an edge's id names its endpoints). */
export function restoreEdges(target: readonly PwEdge[], current: readonly PwEdge[]): PwEdge[] {
  const live = new Map(current.map((e) => [e.id, e]));
  return target.map((e) => live.get(e.id) ?? { ...e, selected: false });
}

function inputsByNode(edges: readonly PwEdge[]): Map<string, string> {
  const ids = new Map<string, string[]>();
  for (const e of edges) ids.set(e.target, [...(ids.get(e.target) ?? []), e.id]);
  return new Map([...ids].map(([node, list]) => [node, list.sort().join('|')]));
}

/**
 * Ids of nodes in `to` whose result may differ from what they had in `from`: nodes that
 * (re)appear, whose params differ, or whose inputs are wired differently. Moving a node
 * changes nothing it computes, so positions are ignored.
 */
export function changedNodeIds(from: GraphSnapshot, to: GraphSnapshot): string[] {
  if (from.nodes === to.nodes && from.edges === to.edges) return [];
  // Every drag frame and size measurement lands here: with the edges untouched, only a node
  // object that was replaced can have changed, and most keep their index.
  const sameEdges = from.edges === to.edges;
  const inFrom = sameEdges ? undefined : inputsByNode(from.edges);
  const inTo = sameEdges ? undefined : inputsByNode(to.edges);
  let byId: Map<string, PwNode> | undefined;
  const previous = (n: PwNode, i: number) => {
    const same = from.nodes[i];
    if (same?.id === n.id) return same;
    byId ??= new Map(from.nodes.map((m) => [m.id, m]));
    return byId.get(n.id);
  };
  return to.nodes
    .filter((n, i) => {
      const prev = previous(n, i);
      if (!prev) return true;
      if (inFrom && inTo && inFrom.get(n.id) !== inTo.get(n.id)) return true;
      return prev !== n && !sameData(prev, n);
    })
    .map((n) => n.id);
}

/**
 * Whether two snapshots hold the same pipeline as a file would record it: name, nodes
 * (kind, params, position rounded as the file rounds it) and edges. Selection and sizes
 * do not count.
 */
export function sameGraph(a: GraphSnapshot, b: GraphSnapshot): boolean {
  if (a === b || (a.nodes === b.nodes && a.edges === b.edges && a.name === b.name)) return true;
  if (a.name !== b.name || a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length)
    return false;
  const other = new Map(b.nodes.map((n) => [n.id, n]));
  for (const n of a.nodes) {
    const m = other.get(n.id);
    if (!m || !sameData(n, m)) return false;
    if (Math.round(n.position.x) !== Math.round(m.position.x)) return false;
    if (Math.round(n.position.y) !== Math.round(m.position.y)) return false;
  }
  const edgeIds = new Set(b.edges.map((e) => e.id));
  return a.edges.every((e) => edgeIds.has(e.id));
}
