import { tableFromIPC } from 'apache-arrow';
import * as Comlink from 'comlink';
import type { PipelineGraph } from '../../src/shared/graph-types';
import type { EngineApi, EngineEvent, RunOptions } from '../../src/shared/protocol';
import {
  type BenchApi,
  type DuckMemory,
  type PapaResult,
  type RunRecord,
  type StopAt,
  type TimedEvent,
  timedEvent,
} from '../shared';
import { bareReadCsv } from './bare-duckdb';

// The real engine worker, created exactly as the app's client does (src/engine/client.ts).
let remote: Comlink.Remote<EngineApi> | undefined;
function engine(): Comlink.Remote<EngineApi> {
  if (!remote) {
    const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pipewright-engine',
    });
    remote = Comlink.wrap<EngineApi>(worker);
  }
  return remote;
}

function fileInput(): HTMLInputElement {
  const input = document.getElementById('files');
  if (!(input instanceof HTMLInputElement)) throw new Error('#files missing');
  return input;
}

function findFile(name: string): File {
  const file = [...(fileInput().files ?? [])].find((f) => f.name === name);
  if (!file) throw new Error(`No file "${name}" on the page's file input`);
  return file;
}

async function run(graph: PipelineGraph, options: RunOptions = {}, stopAt?: StopAt): Promise<RunRecord> {
  const events: TimedEvent[] = [];
  let otherEvents = 0;
  let finished: () => void = () => undefined;
  // Events come through a Comlink proxy (its own message port): the last ones may arrive
  // after run() resolves, so the run ends when both have happened.
  const runFinished = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const t0 = performance.now();
  await engine().run(
    graph,
    Comlink.proxy((e: EngineEvent) => {
      const at = performance.now() - t0;
      // DuckDB's progress of a statement (e.g. the training node reading its rows) is not the
      // node's own progress, which the training rates and stop points are measured on.
      if (e.type === 'node-point' || e.type === 'node-log' || (e.type === 'node-progress' && e.sql))
        otherEvents++;
      else events.push(timedEvent(e, at));
      if (e.type === 'run-finished') finished();
      if (
        stopAt &&
        e.type === 'node-progress' &&
        !e.sql &&
        e.nodeId === stopAt.nodeId &&
        e.fraction >= stopAt.fraction
      ) {
        stopAt = undefined;
        void engine().cancel();
      }
    }),
    options,
  );
  await Promise.race([runFinished, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  const wallMs = performance.now() - t0;
  const end = events.find((e) => e.type === 'run-finished');
  return { wallMs, events, otherEvents, status: (end?.status as RunRecord['status']) ?? 'none' };
}

let probeCounter = 0;

async function duckMemory(graph: PipelineGraph, attachTo: string): Promise<DuckMemory> {
  const id = '__bench_memory_probe';
  // The counter in a comment changes the params, so the probe never comes from the cache.
  const sql = `SELECT tag, memory_usage_bytes::DOUBLE AS bytes FROM duckdb_memory() -- ${++probeCounter}`;
  const probe: PipelineGraph = {
    ...graph,
    nodes: [...graph.nodes, { id, kind: 'transform.sql', params: { sql }, position: { x: 0, y: 0 } }],
    edges: [...graph.edges, { source: attachTo, sourcePort: 'out', target: id, targetPort: 'in' }],
  };
  const record = await run(probe, { targets: [id] });
  const failed = record.events.find((e) => e.type === 'node-failed' || e.type === 'node-blocked');
  if (failed) throw new Error(`memory probe: ${failed.message}`);
  const preview = await engine().preview(id, 'out', 1000);
  const tags = tableFromIPC(preview.ipc)
    .toArray()
    .map((row) => {
      const r = row.toJSON() as { tag: string; bytes: number };
      return { tag: String(r.tag), bytes: Number(r.bytes) };
    })
    .filter((t) => t.bytes > 0);
  return { bytes: tags.reduce((s, t) => s + t.bytes, 0), tags };
}

let papaWorker: Worker | undefined;
function papa(fileName: string, keep: boolean): Promise<PapaResult> {
  papaWorker ??= new Worker(new URL('./papa.worker.ts', import.meta.url), { type: 'module' });
  const worker = papaWorker;
  const file = findFile(fileName);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    worker.onmessage = (m: MessageEvent<Omit<PapaResult, 'ms'> & { error?: string }>) => {
      if (m.data.error) reject(new Error(m.data.error));
      else resolve({ ...m.data, ms: performance.now() - t0 });
    };
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ file, keep });
  });
}

const api: BenchApi = {
  async init() {
    const t0 = performance.now();
    const info = await engine().init();
    return { duckdb: info.duckdb, startMs: performance.now() - t0 };
  },
  async addFiles() {
    return engine().addFiles([...(fileInput().files ?? [])]);
  },
  run,
  duckMemory,
  papa,
  bareReadCsv: (fileName) => bareReadCsv(findFile(fileName)),
  heap() {
    const memory = (
      performance as Performance & { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } }
    ).memory;
    return memory ? { used: memory.usedJSHeapSize, total: memory.totalJSHeapSize } : null;
  },
};

window.bench = api;
const status = document.getElementById('status');
if (status) status.textContent = 'ready';
