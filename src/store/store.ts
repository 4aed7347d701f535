import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import {
  applyEngineEvent,
  applyEngineEvents,
  engineLost,
  initialRunState,
  markStale,
  type ReceivedEvent,
  type RunState,
} from '../engine/run-reducer';
import { downstreamClosure, wouldCreateCycle } from '../graph/topo-order';
import { checkEdge } from '../graph/validate';
import { defaultParams } from '../nodes/define-node-kind';
import { getKind } from '../nodes/registry';
import type { GraphEdge, PipelineGraph, Position } from '../shared/graph-types';
import type { EngineEvent, UploadedFileInfo } from '../shared/protocol';
import { checkpoint, createEditSlice, type EditSlice, positionCommit } from './edit-slice';
import type { PwEdge, PwNode } from './flow-types';
import { fromPipelineGraph, toFlowEdge, toGraphEdge, toPipelineGraph } from './graph-convert';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  lines: string[];
  /** A button on the toast; a toast with one stays until acted on or dismissed. */
  action?: { label: string; run(): void };
}

interface GraphSlice {
  name: string;
  nodes: PwNode[];
  edges: PwEdge[];
  setName(name: string): void;
  /** Add a node of `kind` at `position`; returns its id. */
  addNode(kind: string, position: Position, params?: Record<string, unknown>): string;
  removeNodes(ids: string[]): void;
  onNodesChange(changes: NodeChange<PwNode>[]): void;
  onEdgesChange(changes: EdgeChange<PwEdge>[]): void;
  /** Connect two ports; returns why not when the edge is refused. */
  connect(edge: GraphEdge): string | undefined;
  updateParams(id: string, params: Record<string, unknown>): void;
  setRetries(id: string, retries: number): void;
  loadGraph(graph: PipelineGraph): void;
  graph(): PipelineGraph;
}

interface UiSlice {
  toasts: Toast[];
  files: UploadedFileInfo[];
  engineStatus: 'starting' | 'ready' | 'failed';
  engineVersion?: string;
  notify(kind: Toast['kind'], title: string, lines?: string[], action?: Toast['action']): void;
  dismiss(id: number): void;
  addFiles(files: UploadedFileInfo[]): void;
  removeFile(name: string): void;
  setEngine(status: UiSlice['engineStatus'], version?: string): void;
}

interface RunSlice {
  run: RunState;
  applyEvent(event: EngineEvent): void;
  /** Apply events in one update (a big run sends thousands). */
  applyEvents(events: ReceivedEvent[]): void;
  /** The engine worker crashed: see engineLost. */
  engineLost(message: string): void;
}

export type AppState = GraphSlice & UiSlice & RunSlice & EditSlice;

let toastCounter = 0;

/** A new node id not used in `nodes`: `n1`, `n2`, … */
function freshId(nodes: readonly PwNode[]): string {
  const used = new Set(nodes.map((n) => n.id));
  let i = nodes.length + 1;
  while (used.has(`n${i}`)) i++;
  return `n${i}`;
}

// Saving the graph in the browser (and reading it back, checked) is ./persistence.ts's job.
export const useStore = create<AppState>()((set, get) => ({
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
    set({
      ...checkpoint(get()),
      nodes: get().nodes.filter((n) => !gone.has(n.id)),
      edges: get().edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
    });
  },
  onNodesChange(changes) {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    const nodes = applyNodeChanges(changes, get().nodes);
    const gone = new Set(removed);
    set({
      ...(removed.length ? checkpoint(get()) : positionCommit(get(), changes)),
      nodes,
      edges: removed.length
        ? get().edges.filter((e) => !gone.has(e.source) && !gone.has(e.target))
        : get().edges,
    });
  },
  onEdgesChange(changes) {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    const targets = get()
      .edges.filter((e) => removed.includes(e.id))
      .map((e) => e.target);
    set({
      ...(removed.length ? checkpoint(get()) : {}),
      edges: applyEdgeChanges(changes, get().edges),
      run: markStale(get().run, downstreamClosure(targets, get().edges.map(toGraphEdge))),
    });
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
    set({
      ...checkpoint(get()),
      edges: [...others, flowEdge],
      run: markStale(get().run, downstreamClosure([edge.target], [...others, flowEdge].map(toGraphEdge))),
    });
    return undefined;
  },
  updateParams(id, params) {
    const before = get().nodes.find((n) => n.id === id)?.data.params;
    const same = JSON.stringify(before) === JSON.stringify(params);
    set({
      ...(same ? {} : checkpoint(get())),
      nodes: get().nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, params } } : n)),
      run: markStale(get().run, downstreamClosure([id], get().edges.map(toGraphEdge))),
    });
  },
  setRetries(id, retries) {
    set({
      ...checkpoint(get()),
      nodes: get().nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, retries } } : n)),
    });
  },
  loadGraph(graph) {
    const { nodes, edges } = fromPipelineGraph(graph);
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
  ...createEditSlice(set, get),

  // run
  run: initialRunState,
  applyEvent: (event) => set({ run: applyEngineEvent(get().run, event, performance.now()) }),
  applyEvents: (events) => set({ run: applyEngineEvents(get().run, events) }),
  engineLost: (message) => set({ run: engineLost(get().run, message) }),
}));
