import type { NodeChange } from '@xyflow/react';
import { DEFAULT_NODE_SIZE, preparePaste } from '../graph/paste';
import type { AppState, EditSlice, GetState, SetState } from './app-state';
import type { PwNode } from './flow-types';
import { fromPipelineGraph } from './graph-convert';
import { emptyHistory, record, redo, undo } from './history';
import { type GraphSnapshot, restoreEdges, restoreNodes, sameGraph, takeSnapshot } from './snapshot';

/** The history entry for a commit about to happen (call before changing the graph). */
export function checkpoint(state: AppState, key?: string): Pick<AppState, 'history'> {
  return { history: record(state.history, takeSnapshot(state), key) };
}

/**
 * History for node position changes, one per store: a drag commits once, at its end, with
 * the graph from its start; a move without a drag (arrow keys) commits at once.
 */
export interface DragCommits {
  commit(state: AppState, changes: readonly NodeChange<PwNode>[]): Partial<AppState>;
  /** Forget a drag in progress: the graph it started from was replaced or travelled away from. */
  reset(): void;
}

export function createDragCommits(): DragCommits {
  // The graph as a drag began: a drag is one undo step however many moves it takes.
  let dragBase: GraphSnapshot | undefined;
  return {
    commit(state, changes) {
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
    },
    reset() {
      dragBase = undefined;
    },
  };
}

/** `set` must apply the staleness rule (see staleness.ts): undo, delete and paste rely on it. */
export function createEditSlice(set: SetState, get: GetState, drag: DragCommits): EditSlice {
  const travel = (step: typeof undo) => {
    const state = get();
    const current = takeSnapshot(state);
    const result = step(state.history, current);
    if (!result) return;
    const { target } = result;
    const nodes = restoreNodes(target.nodes, state.nodes);
    const edges = restoreEdges(target.edges, state.edges);
    drag.reset();
    set({ history: result.history, name: target.name, nodes, edges });
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
      set({
        ...checkpoint(state),
        nodes: state.nodes.filter((n) => !gone.has(n.id)),
        edges: state.edges.filter((e) => !removed.includes(e)),
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
