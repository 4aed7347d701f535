import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import { create } from 'zustand';
import { wouldCreateCycle } from '../graph/topo-order';
import { checkEdge } from '../graph/validate';
import { defaultParams } from '../nodes/define-node-kind';
import { getKind } from '../nodes/registry';
import type { AppState, Toast } from './app-state';
import { checkpoint, createDragCommits, createEditSlice } from './edit-slice';
import type { PwNode } from './flow-types';
import { fromPipelineGraph, toFlowEdge, toGraphEdge, toPipelineGraph } from './graph-convert';
import { forgetEstimates } from './node-frame';
import { applyEngineEvent, applyEngineEvents, engineLost, initialRunState } from './run-reducer';
import { staleFrom, withStaleness } from './staleness';

export type { AppState, Toast } from './app-state';

let toastCounter = 0;

/** A new node id not used in `nodes`: `n1`, `n2`, … */
function freshId(nodes: readonly PwNode[]): string {
  const used = new Set(nodes.map((n) => n.id));
  let i = nodes.length + 1;
  while (used.has(`n${i}`)) i++;
  return `n${i}`;
}

/**
 * A store of its own (the app has one, `useStore`; tests may make more). Every graph change
 * goes through `withStaleness`, so results it puts out of date are marked stale in one place.
 */
export const createAppStore = () =>
  create<AppState>()((rawSet, get) => {
    const set = withStaleness(rawSet, get);
    const drag = createDragCommits();
    return {
      // graph
      name: 'Untitled pipeline',
      nodes: [],
      edges: [],
      // Typing a name is one undo step however many keys it takes.
      setName: (name) => set({ ...checkpoint(get(), 'name'), name }),
      addNode(kind, position, params) {
        const def = getKind(kind);
        if (!def) throw new Error(`Unknown node kind ${kind}`);
        const id = freshId(get().nodes);
        const node: PwNode = {
          id,
          type: 'pw',
          position,
          data: { kind, params: { ...defaultParams(def), ...params } },
        };
        const { [id]: _forgotten, ...runNodes } = get().run.nodes;
        set({ ...checkpoint(get()), nodes: [...get().nodes, node], run: { ...get().run, nodes: runNodes } });
        return id;
      },
      removeNodes(ids) {
        const gone = new Set(ids);
        if (!get().nodes.some((n) => gone.has(n.id))) return;
        set({
          ...checkpoint(get()),
          nodes: get().nodes.filter((n) => !gone.has(n.id)),
          edges: get().edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
        });
      },
      onNodesChange(changes) {
        const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
        const nodes = forgetEstimates(applyNodeChanges(changes, get().nodes), changes);
        const gone = new Set(removed);
        set({
          ...(removed.length ? checkpoint(get()) : drag.commit(get(), changes)),
          nodes,
          edges: removed.length
            ? get().edges.filter((e) => !gone.has(e.source) && !gone.has(e.target))
            : get().edges,
        });
      },
      onEdgesChange(changes) {
        const removed = changes.some((c) => c.type === 'remove');
        set({ ...(removed ? checkpoint(get()) : {}), edges: applyEdgeChanges(changes, get().edges) });
      },
      connect(edge) {
        const { nodes, edges } = get();
        const byId = new Map(toPipelineGraph('', nodes, []).nodes.map((n) => [n.id, n]));
        const problem = checkEdge(edge, byId, getKind);
        if (problem) return `Cannot connect: ${problem}.`;
        // A port takes one edge: a new connection replaces the old one.
        const others = edges.filter((e) => !(e.target === edge.target && e.targetHandle === edge.targetPort));
        if (wouldCreateCycle(others.map(toGraphEdge), edge))
          return 'Cannot connect: the edge would create a cycle (a node cannot feed its own input).';
        const flowEdge = toFlowEdge(edge);
        // Already connected: nothing changes, so no undo step either.
        if (edges.some((e) => e.id === flowEdge.id)) return undefined;
        set({ ...checkpoint(get()), edges: [...others, flowEdge] });
        return undefined;
      },
      updateParams(id, params) {
        const before = get().nodes.find((n) => n.id === id)?.data.params;
        const same = JSON.stringify(before) === JSON.stringify(params);
        set({
          ...(same ? {} : checkpoint(get())),
          nodes: get().nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, params } } : n)),
        });
      },
      setRetries(id, retries) {
        set({
          ...checkpoint(get()),
          nodes: get().nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, retries } } : n)),
        });
      },
      invalidate: (ids) => set({ run: staleFrom(get().run, ids, get().edges) }),
      loadGraph(graph) {
        const { nodes, edges } = fromPipelineGraph(graph);
        drag.reset();
        // Opening over an empty canvas leaves nothing worth undoing back to.
        const undoable = get().nodes.length ? checkpoint(get()) : {};
        set({
          ...undoable,
          name: graph.name,
          nodes,
          edges,
          run: initialRunState,
          saved: { name: graph.name, nodes, edges },
        });
      },
      graph: () => toPipelineGraph(get().name, get().nodes, get().edges),

      // ui
      toasts: [],
      files: [],
      engineStatus: 'starting',
      notify(kind, title, lines = [], action) {
        const toast: Toast = { id: ++toastCounter, kind, title, lines, action };
        set({ toasts: [...get().toasts.slice(-3), toast] });
      },
      dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
      removeFile: (name) => set({ files: get().files.filter((f) => f.name !== name) }),
      addFiles(files) {
        const names = new Set(files.map((f) => f.name));
        set({ files: [...get().files.filter((f) => !names.has(f.name)), ...files] });
      },
      setEngine: (engineStatus, engineVersion) => set({ engineStatus, engineVersion }),

      // history, multi-node edits
      ...createEditSlice(set, get, drag),

      // run
      run: initialRunState,
      applyEvent: (event) => set({ run: applyEngineEvent(get().run, event, performance.now()) }),
      applyEvents: (events) => set({ run: applyEngineEvents(get().run, events) }),
      engineLost: (message) => set({ run: engineLost(get().run, message) }),
    };
  });

// Saving the graph in the browser (and reading it back, checked) is ./persistence.ts's job.
export const useStore = createAppStore();
