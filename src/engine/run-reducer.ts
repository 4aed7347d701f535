import type { NodeStatus } from '../shared/graph-types';
import type { EngineEvent, NodeReport } from '../shared/protocol';
import type { OutputSummary } from '../shared/values';

/** What the UI knows about one node's latest run. */
export interface NodeRunState {
  status: NodeStatus;
  /** Error message (status `error`) or why the node did not run. */
  message?: string;
  note?: string;
  outputs?: Record<string, OutputSummary>;
  warnings?: string[];
  report?: NodeReport;
  progress?: { fraction: number; message?: string };
  durationMs?: number;
  /** Live chart points of the current/last run (e.g. loss per epoch). */
  points?: Record<string, number>[];
  /** Increments whenever the node's result changes, so previews know to reload. */
  resultVersion: number;
}

export interface RunState {
  nodes: Record<string, NodeRunState>;
  running: boolean;
  lastRun?: { status: 'done' | 'error' | 'cancelled'; durationMs: number };
  log: { nodeId: string; message: string }[];
}

export const initialRunState: RunState = { nodes: {}, running: false, log: [] };

function patch(state: RunState, nodeId: string, next: Partial<NodeRunState>): RunState {
  const prev = state.nodes[nodeId] ?? { status: 'idle', resultVersion: 0 };
  return { ...state, nodes: { ...state.nodes, [nodeId]: { ...prev, ...next } } };
}

/** Apply one engine event to the run state (pure). */
export function applyEngineEvent(state: RunState, event: EngineEvent): RunState {
  switch (event.type) {
    case 'run-started':
      return { ...state, running: true };
    case 'node-queued':
      return patch(state, event.nodeId, {
        status: 'queued',
        message: undefined,
        note: undefined,
        progress: undefined,
      });
    case 'node-started':
      return patch(state, event.nodeId, { status: 'running', progress: { fraction: 0 }, points: undefined });
    case 'node-point':
      return patch(state, event.nodeId, {
        points: [...(state.nodes[event.nodeId]?.points ?? []), event.values],
      });
    case 'node-progress':
      return patch(state, event.nodeId, { progress: { fraction: event.fraction, message: event.message } });
    case 'node-log':
      return { ...state, log: [...state.log, { nodeId: event.nodeId, message: event.message }].slice(-500) };
    case 'node-done':
    case 'node-cached': {
      const prev = state.nodes[event.nodeId];
      return patch(state, event.nodeId, {
        status: event.warnings.length ? 'warning' : event.type === 'node-done' ? 'done' : 'cached',
        outputs: event.outputs,
        warnings: event.warnings,
        report: event.report,
        message: undefined,
        progress: undefined,
        durationMs: event.type === 'node-done' ? event.durationMs : prev?.durationMs,
        resultVersion: (prev?.resultVersion ?? 0) + (event.type === 'node-done' ? 1 : 0),
      });
    }
    case 'node-failed':
      return patch(state, event.nodeId, {
        status: 'error',
        message: event.message,
        outputs: undefined,
        report: event.report,
        progress: undefined,
        durationMs: event.durationMs,
      });
    case 'node-blocked':
      return patch(state, event.nodeId, {
        status: 'idle',
        note: event.message,
        outputs: undefined,
        progress: undefined,
      });
    case 'run-finished':
      return { ...state, running: false, lastRun: { status: event.status, durationMs: event.durationMs } };
  }
}

/** Mark nodes whose results are out of date after an edit (only those that had run). */
export function markStale(state: RunState, nodeIds: Iterable<string>): RunState {
  let next = state;
  for (const id of nodeIds) {
    const s = next.nodes[id];
    if (s && s.status !== 'idle' && s.status !== 'stale') next = patch(next, id, { status: 'stale' });
  }
  return next;
}
