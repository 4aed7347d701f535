import type { NodeChange } from '@xyflow/react';
import { markStale, type RunState } from '../engine/run-reducer';
import { DEFAULT_NODE_SIZE, preparePaste } from '../graph/paste';
import { downstreamClosure } from '../graph/topo-order';
import type { PipelineGraph, Position } from '../shared/graph-types';
import type { PwNode } from './flow-types';
import { fromPipelineGraph, toGraphEdge } from './graph-convert';
import { emptyHistory, type History, record, redo, undo } from './history';
import {
  changedNodeIds,
  type GraphSnapshot,
  restoreEdges,
  restoreNodes,
  sameGraph,
  takeSnapshot,
} from './snapshot';
import type { AppState } from './store';

/** Undo/redo, multi-node edits (delete, paste, layout) and the saved-file marker. */
export interface EditSlice {
  history: History;
  /** The graph as last opened, imported or exported: what "unsaved changes" compares to. */
  saved: GraphSnapshot;
  undo(): void;
  redo(): void;
  /** Delete the selected nodes (with their edges) and the selected edges: one undo step. */
  deleteSelected(): void;
  /** Insert a copied graph with fresh ids, below anything it would cover; selects it. */
  insertGraph(graph: PipelineGraph): string[];
  /** Move nodes (auto layout): one undo step. */
  moveNodes(positions: Readonly<Record<string, Position>>): void;
  selectAll(): void;
  markSaved(): void;
  hasUnsavedChanges(): boolean;
}

type SetState = (partial: Partial<AppState>) => void;
type GetState = () => AppState;

/** The history entry for a commit about to happen (call before changing the graph). */
export function checkpoint(state: AppState, key?: string): Pick<AppState, 'history'> {
  return { history: record(state.history, takeSnapshot(state), key) };
}

/** Results of nodes that (re)appear or change in `to` are out of date. */
function staleAfter(run: RunState, from: GraphSnapshot, to: GraphSnapshot): RunState {
  const changed = changedNodeIds(from, to);
  return changed.length ? markStale(run, downstreamClosure(changed, to.edges.map(toGraphEdge))) : run;
}

// The graph as a drag began: a drag is one undo step however many moves it takes.
let dragBase: GraphSnapshot | undefined;

/**
 * History for node position changes: a drag commits once, at its end, with the graph from
 * its start; a move without a drag (arrow keys) commits at once.
 */
export function positionCommit(state: AppState, changes: readonly NodeChange<PwNode>[]): Partial<AppState> {
  const moves = changes.filter((c) => c.type === 'position');
  if (!moves.length) return {};
  if (moves.some((c) => c.dragging)) {
    dragBase ??= takeSnapshot(state);
    return {};
  }
  const base = dragBase ?? takeSnapshot(state);
  dragBase = undefined;
  const moved = moves.some((c) => {
    const before = base.nodes.find((n) => n.id === c.id)?.position;
    return c.position && before && (c.position.x !== before.x || c.position.y !== before.y);
  });
  return moved ? { history: record(state.history, base) } : {};
}

export function createEditSlice(set: SetState, get: GetState): EditSlice {
  const travel = (step: typeof undo) => {
    const state = get();
    const current = takeSnapshot(state);
    const result = step(state.history, current);
    if (!result) return;
    const { target } = result;
    const nodes = restoreNodes(target.nodes, state.nodes);
    const edges = restoreEdges(target.edges, state.edges);
    dragBase = undefined;
    set({
      history: result.history,
      name: target.name,
      nodes,
      edges,
      run: staleAfter(state.run, current, { name: target.name, nodes, edges }),
    });
  };

  return {
    history: emptyHistory,
    saved: { name: 'Untitled pipeline', nodes: [], edges: [] },
    undo: () => travel(undo),
    redo: () => travel(redo),

    deleteSelected() {
      const state = get();
      const gone = new Set(state.nodes.filter((n) => n.selected).map((n) => n.id));
      const removed = state.edges.filter((e) => e.selected || gone.has(e.source) || gone.has(e.target));
      if (!gone.size && !removed.length) return;
      const edges = state.edges.filter((e) => !removed.includes(e));
      const orphaned = removed.map((e) => e.target).filter((id) => !gone.has(id));
      set({
        ...checkpoint(state),
        nodes: state.nodes.filter((n) => !gone.has(n.id)),
        edges,
        run: markStale(state.run, downstreamClosure(orphaned, edges.map(toGraphEdge))),
      });
    },

    insertGraph(graph) {
      const state = get();
      if (!graph.nodes.length) return [];
      const live = new Map(state.nodes.map((n) => [n.id, n]));
      const existing = state.nodes.map((n) => ({
        id: n.id,
        ...n.position,
        width: n.measured?.width ?? DEFAULT_NODE_SIZE.width,
        height: n.measured?.height ?? DEFAULT_NODE_SIZE.height,
      }));
      // A copy is as large as its original when the original is on this canvas.
      const sizeOf = (n: { id: string; kind: string }) => {
        const original = live.get(n.id);
        return original?.data.kind === n.kind && original.measured?.width && original.measured.height
          ? { width: original.measured.width, height: original.measured.height }
          : DEFAULT_NODE_SIZE;
      };
      const placed = preparePaste(graph, existing, sizeOf, { firstId: state.nodes.length + 1 });
      const added = fromPipelineGraph({ name: state.name, ...placed });
      const ids = added.nodes.map((n) => n.id);
      const run = { ...state.run, nodes: { ...state.run.nodes } };
      for (const id of ids) delete run.nodes[id];
      set({
        ...checkpoint(state),
        nodes: [
          ...state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
          ...added.nodes.map((n) => ({ ...n, selected: true })),
        ],
        edges: [...state.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...added.edges],
        run,
      });
      return ids;
    },

    moveNodes(positions) {
      const state = get();
      const moved = state.nodes.some((n) => {
        const p = positions[n.id];
        return p && (p.x !== n.position.x || p.y !== n.position.y);
      });
      if (!moved) return;
      set({
        ...checkpoint(state),
        nodes: state.nodes.map((n) => {
          const p = positions[n.id];
          return p ? { ...n, position: { x: p.x, y: p.y } } : n;
        }),
      });
    },

    selectAll() {
      const state = get();
      set({
        nodes: state.nodes.map((n) => (n.selected ? n : { ...n, selected: true })),
        edges: state.edges.map((e) => (e.selected ? e : { ...e, selected: true })),
      });
    },

    markSaved: () => set({ saved: takeSnapshot(get()) }),
    hasUnsavedChanges: () => !sameGraph(get().saved, takeSnapshot(get())),
  };
}
