import { tableToIPC } from 'apache-arrow';
import type { DatabaseRead, FileReadOptions, RunContext } from '../src/nodes/define-node-kind';
import { formulaSafeColumn } from '../src/nodes/export/csv-formulas';
import { readReport } from '../src/nodes/read-report';
import { getKind } from '../src/nodes/registry';
import { quoteIdent } from '../src/nodes/sql-util';
import type { GraphNode, PipelineGraph } from '../src/shared/graph-types';
import type {
  ColumnProfile,
  EngineEvent,
  EngineStats,
  ExportFormat,
  RegisteredModel,
  RunOptions,
  TableExportOptions,
  TablePreview,
} from '../src/shared/protocol';
import type { TableHandle } from '../src/shared/values';
import { arrowRows } from './arrow-rows';
import { exportExpr, previewExpr } from './column-sql';
import type { DatasetStore } from './datasets';
import { type DuckBackend, withSignal } from './duck-backend';
import { type CachedResult, type ContextHooks, executeGraph } from './executor';
import type { KeptResults } from './kept-results';
import { buildManifest, crossValidationOf, findModel, zipModel } from './model-export';
import type { ModelRegistry } from './model-registry';
import { createModelApi, type ModelRuntime } from './models';
import { exportPartitionsZip } from './partitioned-export';
import { profileTable } from './profile';
import { createSqlApi, describeTable, OUTPUT_TABLE_PREFIX, outputTableName } from './sql-api';

/** Streams a database's rows into `table` (created); the command-line runner's PostgreSQL reader. */
export type DatabaseReader = (
  request: DatabaseRead,
  table: string,
  signal: AbortSignal,
  onRows: (rows: number) => void,
) => Promise<void>;

/**
 * The executor plus its cache, over a DuckDB backend. One instance lives in the engine
 * worker; tests build one over the Node build of DuckDB-WASM.
 */
export class Engine {
  readonly cache = new Map<string, CachedResult>();
  private controller: AbortController | undefined;
  /** The graph of the latest run: what the cache's results belong to (for model export). */
  private lastGraph: PipelineGraph | undefined;
  /** Runs in progress; models are only collected when none is (one may be mid-training). */
  private active = 0;
  /** The latest run's event channel, while it runs. */
  private emit: ((event: EngineEvent) => void) | undefined;

  /** Results kept across sessions (the browser's private file system), when set. */
  kept: KeptResults | undefined;
  /** Named datasets (the browser's private file system), when set. */
  datasets: DatasetStore | undefined;
  /** The model registry (the browser's private file system), when set. */
  registry: ModelRegistry | undefined;

  constructor(
    private readonly duck: DuckBackend,
    /** Content fingerprint of an uploaded file, part of its ingest node's cache key. */
    private readonly fileFingerprint: (name: string) => string,
    /** The training runtime holding trained models. */
    private readonly models: ModelRuntime,
    /** Absent in the browser, where a tab cannot open a database connection. */
    private readonly databases?: DatabaseReader,
  ) {}

  async run(
    graph: PipelineGraph,
    onEvent: (event: EngineEvent) => void,
    options: RunOptions = {},
  ): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.lastGraph = graph;
    this.active++;
    this.emit = onEvent;
    try {
      await this.runGraph(graph, onEvent, options, controller);
    } finally {
      this.active--;
      if (this.controller === controller) this.controller = undefined;
      if (this.emit === onEvent) this.emit = undefined;
    }
    if (this.active === 0) await this.collectModels();
  }

  private async runGraph(
    graph: PipelineGraph,
    onEvent: (event: EngineEvent) => void,
    options: RunOptions,
    controller: AbortController,
  ): Promise<void> {
    // Results of nodes that are no longer in the graph free their tables.
    const present = new Set(graph.nodes.map((n) => n.id));
    for (const [id, result] of this.cache) if (!present.has(id)) await this.evict(id, result);
    await this.dropOrphanTables();
    await executeGraph(
      graph,
      {
        lookup: getKind,
        cache: this.cache,
        makeContext: (node, hooks) => this.makeContext(node, hooks),
        keyExtra: (node) => this.keyExtra(node),
        onEvict: (id, result) => void this.evict(id, result),
        ...(this.kept
          ? {
              restore: (id: string, key: string) => (this.kept as KeptResults).restore(id, key),
              keep: (result: CachedResult) => (this.kept as KeptResults).keep(result),
            }
          : {}),
        isAlive: async (result) => {
          for (const v of Object.values(result.outputs))
            if (v.type === 'model' && !(await this.models.has(v.id))) return false;
          return true;
        },
      },
      onEvent,
      controller.signal,
      options,
    );
  }

  /**
   * Dispose every model no cached result refers to: ones replaced when their node re-ran,
   * and ones trained by a run that was then cancelled or failed after training.
   */
  private async collectModels(): Promise<void> {
    const live = new Set<string>();
    for (const result of this.cache.values())
      for (const v of Object.values(result.outputs)) if (v.type === 'model') live.add(v.id);
    for (const id of await this.models.list()) if (!live.has(id)) await this.models.dispose(id);
  }

  /** Stop the run: its nodes are freed at once and their running statements interrupted. */
  cancel(): void {
    this.controller?.abort();
  }

  /**
   * DuckDB was restarted (its worker crashed): the tables it held are gone, so results that
   * hold tables are forgotten and re-run next time. Model-only results (trained models live
   * in the training worker) survive.
   */
  forgetTables(): void {
    const lost: string[] = [];
    for (const [id, result] of this.cache)
      if (Object.values(result.outputs).some((v) => v.type === 'table')) {
        this.cache.delete(id);
        lost.push(id);
      }
    // A run in progress tells the UI, which shows those nodes stale.
    if (lost.length) this.emit?.({ type: 'results-lost', runId: -1, nodeIds: lost });
  }

  /** The fingerprints of the files the node's file params name, so a changed file is re-read. */
  private keyExtra(node: GraphNode): string {
    const kind = getKind(node.kind);
    const files = (kind?.fileParams ?? [])
      .map((param) => node.params[param])
      .filter((file): file is string => typeof file === 'string')
      .map((file) => this.fileFingerprint(file));
    const reg = kind?.registryParams;
    if (reg && this.registry)
      files.push(
        this.registry.fingerprint(
          String(node.params[reg.name] ?? ''),
          String(node.params[reg.version] ?? ''),
        ),
      );
    const ds = kind?.datasetParams;
    // The version a dataset node reads now (a new save changes "latest"), by its content hash.
    if (ds && this.datasets)
      files.push(
        this.datasets.fingerprint(String(node.params[ds.name] ?? ''), String(node.params[ds.version] ?? '')),
      );
    return files.join('\n');
  }

  private makeContext(node: GraphNode, hooks: ContextHooks) {
    // Every statement the node runs is interrupted when the run is cancelled, and reports
    // DuckDB's own progress on the node until the kind reports its own (training's epochs):
    // a statement's percentage is not the node's, so the two never take turns on one bar.
    let ownProgress = false;
    const duck = withSignal(this.duck, hooks.signal, (fraction, message) => {
      if (!ownProgress) hooks.sqlProgress(fraction, message);
    });
    const readDatabase = this.databases;
    const ctx: RunContext = {
      nodeId: node.id,
      sql: createSqlApi(duck, node.id),
      models: createModelApi(this.models, node.id, hooks.signal),
      files: {
        has: (name) => duck.hasFile(name),
        async load(name: string, options: FileReadOptions, port = 'out'): Promise<TableHandle> {
          const table = outputTableName(node.id, port);
          await duck.loadFile(name, options, table);
          return describeTable(duck, table);
        },
      },
      datasets: this.datasets && {
        load: async (name: string, version: string, port = 'out') => {
          const table = outputTableName(node.id, port);
          const read = await (this.datasets as DatasetStore).load(name, version, table);
          const v = read.version;
          return {
            table: await describeTable(duck, table),
            version: v.version,
            hash: v.hash,
            savedAt: v.savedAt,
            source: `${v.source.pipeline} › ${v.source.node}.${v.source.port}`,
          };
        },
      },
      registry: this.registry && {
        load: async (name: string, version: string) => {
          const { handle, entry } = await (this.registry as ModelRegistry).load(name, version, node.id);
          return { model: handle, version: entry.version, production: entry.production };
        },
      },
      databases: readDatabase && {
        async read(request: DatabaseRead, port = 'out'): Promise<TableHandle> {
          const table = outputTableName(node.id, port);
          await readDatabase(request, table, hooks.signal, (rows) =>
            hooks.progress(0, `${rows.toLocaleString('en-US')} rows read`),
          );
          return describeTable(duck, table);
        },
      },
      ...hooks,
      progress: (fraction, message) => {
        ownProgress = true;
        hooks.progress(fraction, message);
      },
    };
    return ctx;
  }

  /**
   * Drop node tables no cached result refers to: what a cancelled node committed just before
   * it was stopped, or a temporary table whose cleanup the cancel skipped.
   */
  private async dropOrphanTables(): Promise<void> {
    const kept = new Set<string>();
    for (const result of this.cache.values())
      for (const v of Object.values(result.outputs)) if (v.type === 'table') kept.add(v.table);
    const tables = await this.duck.query(
      `SELECT table_name AS t FROM duckdb_tables() WHERE starts_with(table_name, '${OUTPUT_TABLE_PREFIX}')`,
    );
    for (const row of arrowRows(tables)) {
      const name = String(row.t);
      if (!kept.has(name)) await this.duck.query(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
    }
  }

  private async evict(id: string, result: CachedResult): Promise<void> {
    this.cache.delete(id);
    for (const v of Object.values(result.outputs)) {
      if (v.type === 'table') await this.duck.query(`DROP TABLE IF EXISTS ${quoteIdent(v.table)}`);
      // A node may pass on a model it received (Compare models): free it only when no
      // other cached result still holds it.
      else if (v.type === 'model' && !this.holdsModel(v.id)) await this.models.dispose(v.id);
    }
  }

  private holdsModel(modelId: string): boolean {
    for (const result of this.cache.values())
      for (const v of Object.values(result.outputs)) if (v.type === 'model' && v.id === modelId) return true;
    return false;
  }

  /** The DuckDB table behind a node's table output (it must have run). */
  tableName(nodeId: string, port: string): string {
    return this.tableOf(nodeId, port).table;
  }

  /** A saved dataset version as a downloadable file. */
  async exportDataset(name: string, version: number, format: 'csv' | 'parquet'): Promise<Uint8Array> {
    if (!this.datasets) throw new Error('No datasets here.');
    const table = `${OUTPUT_TABLE_PREFIX}dataset_export`;
    await this.datasets.load(name, String(version), table);
    try {
      return await this.duck.exportQuery(`SELECT * FROM ${quoteIdent(table)}`, format);
    } finally {
      await this.duck.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    }
  }

  /** Register the model node `nodeId` holds (or receives) in the registry as the next version of `name`. */
  async registerModel(nodeId: string, name: string, pipeline: string): Promise<RegisteredModel> {
    const graph = this.lastGraph;
    if (!graph || !this.registry) throw new Error('Run the pipeline first.');
    const { handle, sourceId } = findModel(graph, this.cache, nodeId);
    if (!(await this.models.has(handle.id)))
      throw new Error('The model is no longer held: run the pipeline again.');
    const artifacts = await this.models.exportArtifacts(handle.id);
    const manifest = buildManifest(graph, this.cache, handle, sourceId, artifacts);
    const zip = zipModel(artifacts, manifest);
    const source = graph.nodes.find((n) => n.id === sourceId);
    const sourceKind = getKind(source?.kind ?? '');
    const table = readReport(sourceKind, this.cache.get(sourceId)?.report)?.featureTable;
    // A training node's table input is the training data: kept as a dataset beside the model,
    // so a drift check can take it as its reference later.
    let trainingData: RegisteredModel['trainingData'] = null;
    const trainEdge =
      sourceKind?.role === 'model'
        ? graph.edges.find(
            (e) => e.target === sourceId && this.cache.get(e.source)?.outputs[e.sourcePort]?.type === 'table',
          )
        : undefined;
    if (trainEdge && this.datasets) {
      const saved = await this.datasets.save(
        `${name} · training data`,
        this.tableName(trainEdge.source, trainEdge.sourcePort),
        {
          pipeline,
          node: trainEdge.source,
          port: trainEdge.sourcePort,
        },
      );
      trainingData = { name: saved.name, version: saved.version };
    }
    return this.registry.register({
      trainingData,
      name,
      meta: handle.meta,
      artifacts,
      zip,
      testMetrics: manifest.metrics?.values ?? null,
      cvMetrics: crossValidationOf(graph, this.cache, handle.id),
      importance: table
        ? {
            title: table.title,
            rows: table.rows.map((r) => [String(r[0]), Number(r[1])] as [string, number]),
          }
        : null,
      pipeline,
      trainedFrom: this.cache.get(sourceId)?.key ?? '',
    });
  }

  private tableOf(nodeId: string, port: string): TableHandle {
    const value = this.cache.get(nodeId)?.outputs[port];
    if (value?.type !== 'table') throw new Error(`Node "${nodeId}" has no table on "${port}": run it first.`);
    return value;
  }

  async preview(nodeId: string, port: string, limit: number): Promise<TablePreview> {
    const handle = this.tableOf(nodeId, port);
    const cols = handle.columns.map(previewExpr).join(', ') || '*';
    const result = await this.duck.query(
      `SELECT ${cols} FROM ${quoteIdent(handle.table)} LIMIT ${Math.max(0, Math.floor(limit))}`,
    );
    return { ipc: tableToIPC(result, 'stream'), rowCount: handle.rowCount };
  }

  /** What the engine holds in memory, for the status bar. */
  async stats(): Promise<EngineStats> {
    const statements = this.duck.running();
    const t = await this.duck.query(
      'SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS b FROM duckdb_memory()',
    );
    const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
    return {
      duckdbBytes: Number(arrowRows(t)[0]?.b ?? 0),
      heapBytes: heap,
      cachedResults: this.cache.size,
      statements,
      ...(this.kept ? { kept: await this.kept.usage() } : {}),
    };
  }

  profile(nodeId: string, port: string): Promise<ColumnProfile[]> {
    return profileTable(this.duck, this.tableOf(nodeId, port).table);
  }

  /**
   * A trained model as a zip: `model.json` and its weights in the TF.js layers format,
   * and `pipewright-model.json` (features, target, task, classes, upstream fitted
   * statistics, metrics, history, pipeline). `nodeId` is an `export.model` node (or any
   * node whose model input, or output, holds the model) of the latest run.
   */
  async exportModel(nodeId: string): Promise<Uint8Array> {
    const graph = this.lastGraph;
    if (!graph) throw new Error('Run the pipeline first.');
    const { handle, sourceId } = findModel(graph, this.cache, nodeId);
    if (!(await this.models.has(handle.id)))
      throw new Error('The model is no longer held: run the pipeline again.');
    const artifacts = await this.models.exportArtifacts(handle.id);
    return zipModel(artifacts, buildManifest(graph, this.cache, handle, sourceId, artifacts));
  }

  async exportTable(
    nodeId: string,
    port: string,
    format: ExportFormat,
    options: TableExportOptions = {},
  ): Promise<Uint8Array> {
    const select = this.exportSelect(nodeId, port, format, options);
    if (options.partitionBy?.length)
      return exportPartitionsZip(this.duck, select, options.partitionBy, format);
    return this.duck.exportQuery(select, format);
  }

  /** The SELECT whose result a download of the table holds (the CLI writes it straight to disk). */
  exportSelect(nodeId: string, port: string, format: ExportFormat, options: TableExportOptions = {}): string {
    const handle = this.tableOf(nodeId, port);
    const guard = format === 'csv' && !options.keepFormulas;
    const cols =
      handle.columns.map((c) => (guard ? formulaSafeColumn(c) : exportExpr(c, format))).join(', ') || '*';
    return `SELECT ${cols} FROM ${quoteIdent(handle.table)}`;
  }
}
