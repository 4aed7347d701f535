import type { EdgeChange, NodeChange } from '@xyflow/react';
import type { GraphEdge, PipelineGraph, Position } from '../shared/graph-types';
import type { EngineEvent, UploadedFileInfo } from '../shared/protocol';
import type { PwEdge, PwNode } from './flow-types';
import type { History } from './history';
import type { ReceivedEvent, RunState } from './run-reducer';
import type { GraphSnapshot } from './snapshot';

// The store's shape, apart from the code that builds it, so its slices (store.ts,
// edit-slice.ts) can share it without importing each other.

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  lines: string[];
  /** A button on the toast; a toast with one stays until acted on or dismissed. */
  action?: { label: string; run(): void };
}

export interface GraphSlice {
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
  /** Results of `ids` and what they feed are out of date though the graph is not (a file re-read). */
  invalidate(ids: readonly string[]): void;
  /** Replace the whole graph (no questions asked: see replace-graph.ts for the user's path). */
  loadGraph(graph: PipelineGraph): void;
  graph(): PipelineGraph;
}

export interface UiSlice {
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

export interface RunSlice {
  run: RunState;
  applyEvent(event: EngineEvent): void;
  /** Apply events in one update (a big run sends thousands). */
  applyEvents(events: ReceivedEvent[]): void;
  /** The engine worker crashed: see engineLost. */
  engineLost(message: string): void;
}

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

export type AppState = GraphSlice & UiSlice & RunSlice & EditSlice;

export type SetState = (partial: Partial<AppState>) => void;
export type GetState = () => AppState;
