import type { NodeStatus } from '../shared/graph-types';
import type { EngineEvent, NodeReport } from '../shared/protocol';
import type { OutputSummary } from '../shared/values';

/** What the UI knows about one node's latest run. */
export interface NodeRunState {
  status: NodeStatus;
  /** Error message (status `error`) or why the node did not run. */
  message?: string;
  note?: string;
  /** Why an `idle` node did not run in the last run; `note` says it in words. */
  notRun?: NotRunReason;
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

/**
 * Why a node did not run: an input's node failed or was itself blocked, the run was
 * cancelled before it, or the engine stopped under it.
 */
export type NotRunReason = 'blocked' | 'cancelled' | 'interrupted';

/** The reason for a `node-blocked` event: the executor sends cancellations as "Run cancelled.". */
function blockedReason(message: string): NotRunReason {
  return message === 'Run cancelled.' ? 'cancelled' : 'blocked';
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

/** An engine event and when the main thread received it (ms, `performance.now()` clock). */
export interface ReceivedEvent {
  event: EngineEvent;
  receivedAt: number;
}

/**
 * A run state being changed by a batch of events. Each record (nodes, bars, log) is copied
 * once, on its first change, then written in place: copying the whole record per event
 * made a run quadratic in its nodes (37 s of reducer time for a 5,000-node run).
 */
class RunDraft {
  private nodes: Record<string, NodeRunState> | undefined;
  private entries: Record<string, TimelineEntry> | undefined;
  private log: LogLine[] | undefined;
  private rest: Partial<Pick<RunState, 'running' | 'lastRun'>> & { startedAt?: number } = {};

  constructor(private readonly base: RunState) {}

  get startedAt(): number {
    return this.rest.startedAt ?? this.base.timeline.startedAt;
  }

  node(id: string): NodeRunState | undefined {
    return (this.nodes ?? this.base.nodes)[id];
  }

  patch(id: string, next: Partial<NodeRunState>): void {
    const prev = this.node(id) ?? { status: 'idle', resultVersion: 0 };
    this.nodes ??= { ...this.base.nodes };
    this.nodes[id] = { ...prev, ...next };
  }

  bar(id: string, at: number, entry: Partial<TimelineEntry>): void {
    this.entries ??= { ...this.base.timeline.entries };
    const prev = this.entries[id] ?? { start: at, status: 'queued' as NodeStatus };
    this.entries[id] = { ...prev, ...entry };
  }

  line(line: LogLine): void {
    this.log ??= [...this.base.log];
    this.log.push(line);
  }

  set(fields: Partial<Pick<RunState, 'running' | 'lastRun'>>): void {
    Object.assign(this.rest, fields);
  }

  /** A new run: its bars and log start afresh. */
  restart(startedAt: number, first: LogLine): void {
    this.rest.startedAt = startedAt;
    this.entries = {};
    this.log = [first];
  }

  finish(): RunState {
    const { startedAt, ...rest } = this.rest;
    if (!this.nodes && !this.entries && !this.log && startedAt === undefined && !Object.keys(rest).length)
      return this.base;
    const log = this.log ?? this.base.log;
    return {
      ...this.base,
      ...rest,
      nodes: this.nodes ?? this.base.nodes,
      timeline: {
        startedAt: startedAt ?? this.base.timeline.startedAt,
        entries: this.entries ?? this.base.timeline.entries,
      },
      log: log.length > MAX_LOG ? log.slice(-MAX_LOG) : log,
    };
  }
}

/** Timeline and log bookkeeping for an event received at `now` (ms, main-thread clock). */
function record(d: RunDraft, event: EngineEvent, now: number): void {
  const at = now - d.startedAt;
  const line = (level: LogLine['level'], message: string, nodeId?: string) =>
    d.line({ at, nodeId, level, message });
  switch (event.type) {
    case 'run-started':
      d.restart(now, { at: 0, level: 'info', message: `Run started: ${event.nodeIds.length} nodes.` });
      return;
    case 'node-started':
      line('info', 'started', event.nodeId);
      d.bar(event.nodeId, at, { start: at, status: 'running' });
      return;
    case 'node-done': {
      const rows = Object.entries(event.outputs)
        .filter(([, o]) => o.rowCount !== undefined)
        .map(([p, o]) => `${p}: ${o.rowCount} rows`)
        .join(', ');
      line(
        event.warnings.length ? 'warn' : 'info',
        `done in ${Math.round(event.durationMs)} ms${rows ? ` (${rows})` : ''}${event.warnings.map((w) => ` · ${w}`).join('')}`,
        event.nodeId,
      );
      d.bar(event.nodeId, at, { end: at, status: event.warnings.length ? 'warning' : 'done' });
      return;
    }
    case 'node-cached':
      line('info', 'cached: unchanged, not re-run', event.nodeId);
      d.bar(event.nodeId, at, { start: at, end: at, status: 'cached' });
      return;
    case 'node-failed':
      line('error', `failed: ${event.message}`, event.nodeId);
      d.bar(event.nodeId, at, { end: at, status: 'error' });
      return;
    case 'node-blocked':
      line('warn', event.message, event.nodeId);
      return;
    case 'node-log':
      line('info', event.message, event.nodeId);
      return;
    case 'results-lost':
      line('warn', `DuckDB restarted; results lost, to re-run: ${event.nodeIds.join(', ')}.`);
      return;
    case 'run-finished':
      line(
        event.status === 'done' ? 'info' : event.status === 'cancelled' ? 'warn' : 'error',
        `Run ${event.status} in ${(event.durationMs / 1000).toFixed(2)} s.`,
      );
      return;
    default:
      return;
  }
}

/** Statuses of a node holding a result. */
function hasResult(status: NodeStatus | undefined): boolean {
  return status === 'done' || status === 'cached' || status === 'warning';
}

/** Apply one engine event, received at `now` (ms), to the run state (pure). */
export function applyEngineEvent(state: RunState, event: EngineEvent, now = 0): RunState {
  return applyEngineEvents(state, [{ event, receivedAt: now }]);
}

/**
 * Apply a batch of engine events in order (pure). A big run sends thousands of events;
 * applied together they cost one copy of the run state rather than one per event.
 */
export function applyEngineEvents(state: RunState, events: readonly ReceivedEvent[]): RunState {
  const d = new RunDraft(state);
  for (const { event, receivedAt } of events) {
    record(d, event, receivedAt);
    applyStatus(d, event);
  }
  return d.finish();
}

function applyStatus(d: RunDraft, event: EngineEvent): void {
  switch (event.type) {
    case 'run-started':
      d.set({ running: true });
      return;
    case 'node-queued':
      d.patch(event.nodeId, {
        status: 'queued',
        message: undefined,
        note: undefined,
        notRun: undefined,
        progress: undefined,
      });
      return;
    case 'node-started':
      d.patch(event.nodeId, { status: 'running', progress: { fraction: 0 }, points: undefined });
      return;
    case 'node-point':
      d.patch(event.nodeId, { points: [...(d.node(event.nodeId)?.points ?? []), event.values] });
      return;
    case 'node-progress':
      d.patch(event.nodeId, { progress: { fraction: event.fraction, message: event.message } });
      return;
    case 'node-log':
      return;
    case 'node-done':
    case 'node-cached': {
      const prev = d.node(event.nodeId);
      d.patch(event.nodeId, {
        status: event.warnings.length ? 'warning' : event.type === 'node-done' ? 'done' : 'cached',
        outputs: event.outputs,
        warnings: event.warnings,
        report: event.report,
        message: undefined,
        progress: undefined,
        durationMs: event.type === 'node-done' ? event.durationMs : prev?.durationMs,
        resultVersion: (prev?.resultVersion ?? 0) + (event.type === 'node-done' ? 1 : 0),
      });
      return;
    }
    case 'node-failed':
      d.patch(event.nodeId, {
        status: 'error',
        message: event.message,
        outputs: undefined,
        report: event.report,
        progress: undefined,
        durationMs: event.durationMs,
      });
      return;
    case 'node-blocked':
      d.patch(event.nodeId, {
        status: 'idle',
        note: event.message,
        notRun: blockedReason(event.message),
        outputs: undefined,
        progress: undefined,
      });
      return;
    case 'results-lost':
      for (const id of event.nodeIds) if (hasResult(d.node(id)?.status)) d.patch(id, { status: 'stale' });
      return;
    case 'run-finished':
      d.set({ running: false, lastRun: { status: event.status, durationMs: event.durationMs } });
      return;
  }
}

/** Mark nodes whose results are out of date after an edit (only those that had run). */
export function markStale(state: RunState, nodeIds: Iterable<string>): RunState {
  const d = new RunDraft(state);
  for (const id of nodeIds) {
    const s = d.node(id);
    if (s && s.status !== 'idle' && s.status !== 'stale') d.patch(id, { status: 'stale' });
  }
  return d.finish();
}

/**
 * The engine worker died (and is being restarted): nodes it was running failed with
 * `message`, queued ones did not run, and every result it held is gone, so nodes that had
 * one are stale. The run itself is finished by the caller's run-finished.
 */
export function engineLost(state: RunState, message: string): RunState {
  const d = new RunDraft(state);
  for (const [id, s] of Object.entries(state.nodes)) {
    if (s.status === 'running')
      d.patch(id, { status: 'error', message, outputs: undefined, progress: undefined });
    else if (s.status === 'queued')
      d.patch(id, {
        status: 'idle',
        note: 'Not run: the engine stopped.',
        notRun: 'interrupted',
        outputs: undefined,
      });
    else if (hasResult(s.status)) d.patch(id, { status: 'stale' });
  }
  return d.finish();
}
