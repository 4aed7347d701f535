import type { PipelineGraph } from '../src/shared/graph-types';
import type { EngineEvent, RunOptions } from '../src/shared/protocol';

/**
 * What the bench page (bench/page/main.ts) exposes on `window.bench` for the driver
 * (bench/driver/) to call through Playwright's `page.evaluate`. Plain data only.
 */

/** An engine event as the page received it, without bulky payloads. */
export interface TimedEvent {
  type: EngineEvent['type'];
  nodeId?: string;
  /** ms since `run` was called, on the page's main-thread clock. */
  at: number;
  /** The engine's own duration of the node (node-done / node-failed) or run (run-finished). */
  durationMs?: number;
  status?: string;
  message?: string;
  /** node-done/node-cached: row count of the `out` (or first table) output. */
  rows?: number;
  /** node-done: the node's report when small (e.g. the backend a model trained on). */
  report?: Record<string, unknown>;
  /** node-progress: the node's fraction done (model.train: of all planned batches). */
  fraction?: number;
}

export interface RunRecord {
  /** From calling EngineApi.run to its promise resolving. */
  wallMs: number;
  status: 'done' | 'error' | 'cancelled' | 'none';
  events: TimedEvent[];
  /** node-point / node-log events received (counted, not kept). */
  otherEvents: number;
}

/** Cancel a run once `nodeId` reports at least `fraction` done. */
export interface StopAt {
  nodeId: string;
  fraction: number;
}

export interface DuckMemory {
  /** Sum of `memory_usage_bytes` over `duckdb_memory()`. */
  bytes: number;
  tags: { tag: string; bytes: number }[];
}

export interface PapaResult {
  ms: number;
  rows: number;
  fields: number;
  errors: number;
}

export interface BenchApi {
  /** Start the real engine worker; resolves with the DuckDB version and start-up time. */
  init(): Promise<{ duckdb: string; startMs: number }>;
  /** Register the files set on the page's file input through EngineApi.addFiles. */
  addFiles(): Promise<{ name: string; size: number }[]>;
  /**
   * Run a graph through EngineApi.run and record its events with their arrival times;
   * with `stopAt`, cancel the run (EngineApi.cancel) once that node reports that progress.
   */
  run(graph: PipelineGraph, options?: RunOptions, stopAt?: StopAt): Promise<RunRecord>;
  /**
   * DuckDB memory in use, read by running a probe `transform.sql` node attached to
   * `attachTo` in `graph` (all other nodes cached, so nothing else runs or is evicted).
   */
  duckMemory(graph: PipelineGraph, attachTo: string): Promise<DuckMemory>;
  /**
   * Parse the named file from the file input with PapaParse (typed) in a Web Worker,
   * keeping the rows in memory (`keep`) or dropping each chunk once counted.
   */
  papa(fileName: string, keep: boolean): Promise<PapaResult>;
  /** Read the named file with bare DuckDB-WASM (same bundle, no engine): ms and rows. */
  bareReadCsv(fileName: string): Promise<{ ms: number; rows: number }>;
  /** The main thread's JS heap (performance.memory), if the browser exposes it. */
  heap(): { used: number; total: number } | null;
}

declare global {
  interface Window {
    bench: BenchApi;
  }
}

const SMALL_REPORT = 4000;

/** An engine event as the bench keeps it: its timing and small facts, no bulky payloads. */
export function timedEvent(e: EngineEvent, at: number): TimedEvent {
  const t: TimedEvent = { type: e.type, at };
  if ('nodeId' in e) t.nodeId = e.nodeId;
  if ('durationMs' in e) t.durationMs = e.durationMs;
  if (e.type === 'run-finished') t.status = e.status;
  if (e.type === 'node-progress') t.fraction = e.fraction;
  if (e.type === 'node-failed' || e.type === 'node-blocked') t.message = e.message;
  if (e.type === 'node-done' || e.type === 'node-cached') {
    const table = e.outputs.out ?? Object.values(e.outputs).find((o) => o.type === 'table');
    if (table?.rowCount !== undefined) t.rows = table.rowCount;
    if (e.type === 'node-done' && e.report && JSON.stringify(e.report).length < SMALL_REPORT)
      t.report = e.report;
  }
  return t;
}
