import * as Comlink from 'comlink';
import { DEFAULT_NODE_SIZE } from '../graph/paste';
import {
  MAX_PIPELINE_BYTES,
  parsePipelineFile,
  pipelineFileName,
  serializePipeline,
} from '../graph/pipeline-file';
import { dropFileKind, getKind } from '../nodes/registry';
import type { Position } from '../shared/graph-types';
import type { ExportFormat, TableExportOptions } from '../shared/protocol';
import { createPipeline, openPipelineId, reportFileKept } from '../store/persistence';
import { placeNewNodes } from '../store/placement';
import { replaceGraph } from '../store/replace-graph';
import { useStore } from '../store/store';
import { downloadBlob } from '../ui/download';
import { engine, onEngineCrash } from './client';
import { createEventBatcher, type EventBatcher } from './event-batcher';
import { appendRunHistory, summarizeRun } from './run-history';

// Runs are serialised: a run asked for while one is going starts when it ends.
let queue: Promise<void> = Promise.resolve();

function enqueue(job: () => Promise<void>): Promise<void> {
  queue = queue.then(job, job);
  return queue;
}

/** The running pipeline's events, waiting to be applied. */
let liveEvents: EventBatcher | undefined;

// A crashed engine worker: fail what it was running, and start a new one with the files.
onEngineCrash((message) => {
  // Events that arrived before the crash go first, so they cannot undo what it changes.
  liveEvents?.flush();
  const { engineLost, setEngine, notify, run } = useStore.getState();
  engineLost(message);
  // A run in progress reports it itself, when its call fails.
  if (!run.running) notify('error', 'The engine stopped unexpectedly', [message]);
  setEngine('starting');
  void startEngine();
});

/** Start the engine (DuckDB) and record whether it came up. */
export async function startEngine(): Promise<void> {
  const { setEngine } = useStore.getState();
  try {
    const info = await engine().init();
    if (info.files.length) useStore.getState().addFiles(info.files);
    setEngine('ready', info.duckdb);
  } catch (err) {
    setEngine('failed');
    useStore.getState().notify('error', 'The engine failed to start', [String(err)]);
  }
}

/** Run the pipeline (or only `targets` and their upstream) in the engine worker. */
export function runPipeline(targets?: string[]): Promise<void> {
  return enqueue(async () => {
    const state = useStore.getState();
    const graph = state.graph();
    // Events come over their own channel, so run() may resolve before the last ones are
    // applied: the run is over for the UI when its run-finished event has been applied.
    let finished!: () => void;
    const lastEvent = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const events = createEventBatcher((batch) => {
      useStore.getState().applyEvents(batch);
      if (batch.some((r) => r.event.type === 'run-finished')) {
        const s = useStore.getState();
        const record = summarizeRun(s.run, new Date(), {
          id: openPipelineId(),
          name: s.name,
          nodeIds: s.nodes.map((n) => n.id),
        });
        if (record) void appendRunHistory(record);
        finished();
      }
    });
    liveEvents = events;
    try {
      await engine().run(
        graph,
        Comlink.proxy((event) => events.push(event)),
        targets ? { targets } : {},
      );
      await lastEvent;
    } catch (err) {
      events.flush();
      state.notify('error', 'The run stopped unexpectedly', [String(err)]);
      state.applyEvent({ type: 'run-finished', runId: -1, status: 'error', durationMs: 0 });
    }
  });
}

export async function cancelRun(): Promise<void> {
  await engine().cancel();
}

function isPipelineFile(file: File): boolean {
  return file.name.toLowerCase().endsWith('.pipeline.json');
}

/**
 * Import a pipeline file, replacing the graph only when the whole file is valid (and the
 * user agrees, when that would lose unsaved edits: see replaceGraph).
 */
export async function importPipeline(file: File, asNew = false): Promise<boolean> {
  const { notify } = useStore.getState();
  if (file.size > MAX_PIPELINE_BYTES) {
    notify('error', `Could not import "${file.name}"`, [
      `The file is ${(file.size / 1e6).toFixed(1)} MB; a pipeline file is at most 5 MB.`,
    ]);
    return false;
  }
  const result = parsePipelineFile(await file.text(), getKind);
  if (!result.ok) {
    notify('error', `Could not import "${file.name}"`, result.errors);
    return false;
  }
  // As a new pipeline beside the others (the Pipelines list), or over the open one.
  if (asNew) {
    if (!createPipeline(result.graph)) return false;
  } else if (!replaceGraph(result.graph, file.name)) return false;
  notify('info', `Opened "${result.graph.name}"`);
  return true;
}

export function exportPipeline(): void {
  const graph = useStore.getState().graph();
  downloadBlob(serializePipeline(graph), pipelineFileName(graph.name), 'application/json');
}

/**
 * Upload data files: register them with the engine, add an ingest node per file (at
 * `at`, or below the graph), and run those nodes so their previews show at once.
 * Pipeline files among them are opened instead.
 */
export async function uploadFiles(files: File[], at?: Position): Promise<void> {
  const state = useStore.getState();
  const pipelines = files.filter(isPipelineFile);
  const data = files.filter((f) => !isPipelineFile(f));
  for (const p of pipelines) await importPipeline(p);
  if (!data.length) return;
  let info: Awaited<ReturnType<ReturnType<typeof engine>['addFiles']>>;
  try {
    info = await engine().addFiles(data, Comlink.proxy(reportFileKept));
  } catch (err) {
    state.notify('error', 'Could not read the files', [String(err)]);
    return;
  }
  useStore.getState().addFiles(info);
  const nodes = useStore.getState().nodes;
  // Below the lowest node as drawn (a card showing an error is taller than a fresh one).
  const bottom = Math.max(
    ...nodes.map((n) => n.position.y + (n.measured?.height ?? DEFAULT_NODE_SIZE.height)),
  );
  const base = at ?? { x: 0, y: nodes.length ? bottom + 40 : 0 };
  // Where the canvas shows: free, visible slots (not under its controls, not on other nodes).
  const slots =
    placeNewNodes(data.length, at) ??
    data.map((_, i) => ({ x: base.x, y: base.y + i * (DEFAULT_NODE_SIZE.height + 40) }));
  const ids: string[] = [];
  const reader = dropFileKind();
  if (!reader) return;
  const param = reader.dropFile;
  data.forEach((file, i) => {
    // A file already on the canvas is re-read by its node rather than duplicated.
    const existing = useStore
      .getState()
      .nodes.find((n) => n.data.kind === reader.kind && n.data.params[param] === file.name);
    if (existing) {
      useStore.getState().invalidate([existing.id]);
      ids.push(existing.id);
      return;
    }
    ids.push(useStore.getState().addNode(reader.kind, slots[i] ?? base, { [param]: file.name }));
  });
  await runPipeline(ids);
}

/** Download a table output (runs the node first when it has no result yet). */
export async function downloadTable(
  nodeId: string,
  port: string,
  format: ExportFormat,
  fileName: string,
  options: TableExportOptions = {},
) {
  const { run, notify } = useStore.getState();
  const status = run.nodes[nodeId]?.status;
  if (status !== 'done' && status !== 'cached' && status !== 'warning') await runPipeline([nodeId]);
  try {
    const bytes = await engine().exportTable(nodeId, port, format, options);
    downloadBlob(
      bytes as Uint8Array<ArrayBuffer>,
      fileName,
      options.partitionBy?.length
        ? 'application/zip'
        : format === 'csv'
          ? 'text/csv'
          : 'application/vnd.apache.parquet',
    );
  } catch (err) {
    notify('error', 'Download failed', [err instanceof Error ? err.message : String(err)]);
  }
}

/** Download a trained model as a zip (runs the export node first when it has not run). */
export async function downloadModel(nodeId: string): Promise<void> {
  const { run, notify, name } = useStore.getState();
  const status = run.nodes[nodeId]?.status;
  if (status !== 'done' && status !== 'cached' && status !== 'warning') await runPipeline([nodeId]);
  if (useStore.getState().run.nodes[nodeId]?.status === 'error') return;
  try {
    const bytes = await engine().exportModel(nodeId);
    downloadBlob(bytes as Uint8Array<ArrayBuffer>, `${name.trim() || 'model'}.model.zip`, 'application/zip');
  } catch (err) {
    notify('error', 'Model download failed', [err instanceof Error ? err.message : String(err)]);
  }
}
