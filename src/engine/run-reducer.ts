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

/** One node's bar on the run timeline, in ms since the run started (main-thread clock). */
export interface TimelineEntry {
  start: number;
  end?: number;
  status: NodeStatus;
}

export interface LogLine {
  /** ms since the run started. */
  at: number;
  nodeId?: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface RunState {
  nodes: Record<string, NodeRunState>;
  running: boolean;
  lastRun?: { status: 'done' | 'error' | 'cancelled'; durationMs: number };
  /** The current (or last) run: when it started and each node's bar. */
  timeline: { startedAt: number; entries: Record<string, TimelineEntry> };
  /** Messages of the current (or last) run. */
  log: LogLine[];
}

export const initialRunState: RunState = {
  nodes: {},
  running: false,
  timeline: { startedAt: 0, entries: {} },
  log: [],
};

const MAX_LOG = 1000;

/** Timeline and log bookkeeping for an event received at `now` (ms, main-thread clock). */
function record(state: RunState, event: EngineEvent, now: number): RunState {
  const at = now - state.timeline.startedAt;
  const line = (level: LogLine['level'], message: string, nodeId?: string): RunState => ({
    ...state,
    log: [...state.log, { at, nodeId, level, message }].slice(-MAX_LOG),
  });
  const bar = (nodeId: string, entry: Partial<TimelineEntry>, s: RunState = state): RunState => {
    const prev = s.timeline.entries[nodeId] ?? { start: at, status: 'queued' as NodeStatus };
    return {
      ...s,
      timeline: { ...s.timeline, entries: { ...s.timeline.entries, [nodeId]: { ...prev, ...entry } } },
    };
  };
  switch (event.type) {
    case 'run-started':
      return {
        ...state,
        timeline: { startedAt: now, entries: {} },
        log: [{ at: 0, level: 'info', message: `Run started: ${event.nodeIds.length} nodes.` }],
      };
    case 'node-started':
      return bar(event.nodeId, { start: at, status: 'running' }, line('info', 'started', event.nodeId));
    case 'node-done': {
      const rows = Object.entries(event.outputs)
        .filter(([, o]) => o.rowCount !== undefined)
        .map(([p, o]) => `${p}: ${o.rowCount} rows`)
        .join(', ');
      const s = line(
        event.warnings.length ? 'warn' : 'info',
        `done in ${Math.round(event.durationMs)} ms${rows ? ` (${rows})` : ''}${event.warnings.map((w) => ` · ${w}`).join('')}`,
        event.nodeId,
      );
      return bar(event.nodeId, { end: at, status: event.warnings.length ? 'warning' : 'done' }, s);
    }
    case 'node-cached':
      return bar(
        event.nodeId,
        { start: at, end: at, status: 'cached' },
        line('info', 'cached: unchanged, not re-run', event.nodeId),
      );
    case 'node-failed':
      return bar(
        event.nodeId,
        { end: at, status: 'error' },
        line('error', `failed: ${event.message}`, event.nodeId),
      );
    case 'node-blocked':
      return line('warn', event.message, event.nodeId);
    case 'node-log':
      return line('info', event.message, event.nodeId);
    case 'results-lost':
      return line('warn', `DuckDB restarted; results lost, to re-run: ${event.nodeIds.join(', ')}.`);
    case 'run-finished':
      return line(
        event.status === 'done' ? 'info' : event.status === 'cancelled' ? 'warn' : 'error',
        `Run ${event.status} in ${(event.durationMs / 1000).toFixed(2)} s.`,
      );
    default:
      return state;
  }
}

/** Statuses of a node holding a result. */
function hasResult(status: NodeStatus | undefined): boolean {
  return status === 'done' || status === 'cached' || status === 'warning';
}

function patch(state: RunState, nodeId: string, next: Partial<NodeRunState>): RunState {
  const prev = state.nodes[nodeId] ?? { status: 'idle', resultVersion: 0 };
  return { ...state, nodes: { ...state.nodes, [nodeId]: { ...prev, ...next } } };
}

/** Apply one engine event, received at `now` (ms), to the run state (pure). */
export function applyEngineEvent(state: RunState, event: EngineEvent, now = 0): RunState {
  return applyStatus(record(state, event, now), event);
}

function applyStatus(state: RunState, event: EngineEvent): RunState {
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
      return state;
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
    case 'results-lost':
      return event.nodeIds.reduce(
        (next, id) => (hasResult(next.nodes[id]?.status) ? patch(next, id, { status: 'stale' }) : next),
        state,
      );
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

/**
 * The engine worker died (and is being restarted): nodes it was running failed with
 * `message`, queued ones did not run, and every result it held is gone, so nodes that had
 * one are stale. The run itself is finished by the caller's run-finished.
 */
export function engineLost(state: RunState, message: string): RunState {
  let next = state;
  for (const [id, s] of Object.entries(state.nodes)) {
    if (s.status === 'running')
      next = patch(next, id, { status: 'error', message, outputs: undefined, progress: undefined });
    else if (s.status === 'queued')
      next = patch(next, id, { status: 'idle', note: 'Not run: the engine stopped.', outputs: undefined });
    else if (hasResult(s.status)) next = patch(next, id, { status: 'stale' });
  }
  return next;
}
