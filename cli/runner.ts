import { openAsBlob, realpathSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getKind } from '../src/nodes/registry';
import type { PipelineGraph } from '../src/shared/graph-types';
import type { EngineEvent } from '../src/shared/protocol';
import { Engine } from '../workers/engine';
import { fingerprint } from '../workers/file-fingerprint';
import { encodeFileName } from '../workers/internal-names';
import { NativeDuckBackend } from '../workers/native/duck-backend-native';
import type { NativeDuckOptions } from '../workers/native/native-duck';
import { ModelHost, solveInProcess } from '../workers/train/model-host';
import { NodeBackends } from '../workers/train/node-backends';
import { TrainRuntime } from '../workers/train/tf-runtime';
import { DiskCache } from './disk-cache';
import { PostgresReader } from './postgres-source';
import { type RunReport, RunReportBuilder, SUCCEEDED } from './run-report';

export interface RunnerOptions extends NativeDuckOptions {
  /** Upload name → path of each input file. */
  files: Record<string, string>;
  /** Where export nodes write and run.json goes. */
  out: string;
  /** Disk cache folder (`--cache`). */
  cache?: string;
}

/**
 * One engine for a command-line session: the browser's executor and node kinds
 * (workers/engine.ts) over native DuckDB, with the training runtime in process on TF.js's
 * wasm backend. Its result cache lives as long as the runner (so `--watch` re-runs only what
 * changed) and, with `--cache`, on disk between runs.
 */
export class PipelineRunner {
  private constructor(
    /** Upload name → content fingerprint, refreshed before every run; read by the engine. */
    private readonly fingerprints: Map<string, string>,
    readonly duck: NativeDuckBackend,
    readonly engine: Engine,
    private readonly options: RunnerOptions,
    private readonly disk: DiskCache | undefined,
  ) {}

  static async create(options: RunnerOptions): Promise<PipelineRunner> {
    if (options.cache) await mkdir(options.cache, { recursive: true });
    // Partitioned exports are written by DuckDB itself, straight into --out.
    await mkdir(options.out, { recursive: true });
    const duck = await NativeDuckBackend.create({
      ...options,
      // Every node's table stays for the run (and --watch). Given a memory limit (data past
      // memory), they go compressed into a database file: a fraction of the memory and of
      // the disk that in-memory tables spill to, at the cost of writing them (≈1.5× slower at 1M rows).
      tablesOnDisk: options.memoryLimit !== undefined,
      directories: [options.out, ...(options.cache ? [options.cache] : [])],
    });
    const fingerprints = new Map<string, string>();
    const models = new ModelHost(new TrainRuntime(new NodeBackends('wasm')), solveInProcess);
    const engine = new Engine(
      duck,
      (name) => fingerprints.get(name) ?? '',
      models,
      new PostgresReader(duck).read,
    );
    const disk = options.cache ? new DiskCache(options.cache, duck, models) : undefined;
    return new PipelineRunner(fingerprints, duck, engine, options, disk);
  }

  /** Run `graph`, write its exports and run.json into the out folder, and give the report. */
  async run(graph: PipelineGraph, onEvent: (event: EngineEvent) => void = () => {}): Promise<RunReport> {
    for (const [name, path] of Object.entries(this.options.files))
      this.fingerprints.set(name, await fingerprint(await openAsBlob(path)));
    await this.disk?.restore(graph, this.engine.cache);
    const report = new RunReportBuilder(graph);
    await this.engine.run(graph, (e) => {
      report.onEvent(e);
      onEvent(e);
    });
    await mkdir(this.options.out, { recursive: true });
    for (const node of graph.nodes) {
      const status = report.nodes[node.id]?.status;
      if (!status || !SUCCEEDED.has(status)) continue;
      try {
        const file = await this.writeExport(graph, node.id);
        if (file) (report.nodes[node.id] as { file?: string }).file = file;
      } catch (err) {
        report.fail(node.id, `Could not write its file: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await this.disk?.save(graph, this.engine.cache);
    const result = report.report();
    await writeFile(join(this.options.out, 'run.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  }

  /**
   * What an export node downloads in the browser, as a file in --out: `<node id>.<ext>`, the id
   * encoded as the engine encodes file names (lowercase, digits, `-`, `.` kept) so none leaves --out.
   */
  private async writeExport(graph: PipelineGraph, nodeId: string): Promise<string | undefined> {
    const node = graph.nodes.find((n) => n.id === nodeId);
    // The first download its card offers, as the kind declares it.
    const action = node && getKind(node.kind)?.actions[0];
    let bytes: Uint8Array;
    let file: string;
    if (node && action?.type === 'download-table') {
      const edge = graph.edges.find((e) => e.target === nodeId && e.targetPort === action.input);
      if (!edge) return undefined;
      const { format, keepFormulas, partitionBy = [] } = action.options(node.params);
      if (partitionBy.length) {
        // A folder of Hive partitions (`col=value/data_0.<ext>`), replaced whole on each run.
        const folder = encodeFileName(nodeId);
        await rm(join(this.options.out, folder), { recursive: true, force: true });
        const select = this.engine.exportSelect(edge.source, edge.sourcePort, format, { keepFormulas });
        await this.duck.copyTo(select, join(realpathSync(this.options.out), folder), format, partitionBy);
        return `${folder}/`;
      }
      bytes = await this.engine.exportTable(edge.source, edge.sourcePort, format, { keepFormulas });
      file = `${encodeFileName(nodeId)}.${format}`;
    } else if (action?.type === 'download-model') {
      bytes = await this.engine.exportModel(nodeId);
      file = `${encodeFileName(nodeId)}.model.zip`;
    } else return undefined;
    await writeFile(join(this.options.out, file), bytes);
    return file;
  }

  close(): void {
    this.duck.close();
  }
}
