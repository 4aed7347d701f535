import type { PipelineGraph } from './graph-types';
import type { ColumnInfo, OutputSummary } from './values';

/**
 * The typed boundary between the UI and the engine worker. The UI calls `EngineApi`
 * through Comlink; the engine answers with `EngineEvent`s that a pure reducer applies.
 */

/**
 * A structured report a node attaches to its result (e.g. validation outcomes), as it crosses
 * the worker boundary. Read it through its kind (`readReport` in src/nodes/read-report.ts),
 * whose `report` schema types it.
 */
export type NodeReport = Record<string, unknown>;

export type EngineEvent =
  | { type: 'run-started'; runId: number; nodeIds: string[] }
  | { type: 'node-queued'; runId: number; nodeId: string }
  | { type: 'node-started'; runId: number; nodeId: string }
  | {
      type: 'node-progress';
      runId: number;
      nodeId: string;
      fraction: number;
      message?: string;
      /** DuckDB's progress of one of the node's SQL statements, not the node's own (epochs, rounds). */
      sql?: true;
    }
  | { type: 'node-log'; runId: number; nodeId: string; message: string }
  | { type: 'node-point'; runId: number; nodeId: string; values: Record<string, number> }
  | {
      type: 'node-done';
      runId: number;
      nodeId: string;
      outputs: Record<string, OutputSummary>;
      warnings: string[];
      report?: NodeReport;
      durationMs: number;
    }
  | {
      type: 'node-cached';
      runId: number;
      nodeId: string;
      outputs: Record<string, OutputSummary>;
      warnings: string[];
      report?: NodeReport;
    }
  | {
      type: 'node-failed';
      runId: number;
      nodeId: string;
      message: string;
      durationMs: number;
      /** What the node reported before failing (e.g. the rules that failed validation). */
      report?: NodeReport;
    }
  | { type: 'node-blocked'; runId: number; nodeId: string; message: string }
  /** DuckDB restarted (its worker died): these nodes' results are gone and re-run next time. */
  | { type: 'results-lost'; runId: number; nodeIds: string[] }
  | { type: 'run-finished'; runId: number; status: 'done' | 'error' | 'cancelled'; durationMs: number };

export interface UploadedFileInfo {
  name: string;
  size: number;
}

/** Whether an uploaded file was kept in the browser for later visits, and if not, why. */
export type FileKeepResult = { name: string; kept: true } | { name: string; kept: false; reason: string };

export interface RunOptions {
  /** Run only these nodes and what they depend on; all nodes when absent. */
  targets?: string[];
}

/** A preview of a table output: Arrow IPC stream bytes (transferred), plus its size. */
export interface TablePreview {
  ipc: Uint8Array;
  rowCount: number;
}

export type ExportFormat = 'csv' | 'parquet';

export interface TableExportOptions {
  /** CSV: write text starting like a spreadsheet formula raw instead of prefixing `'`. */
  keepFormulas?: boolean;
  /** Columns to split the table by: a zip of one file per distinct value (Hive layout). */
  partitionBy?: string[];
}

/** One saved version of a named dataset (Save as dataset; read by ingest.dataset). */
export interface DatasetVersion {
  name: string;
  version: number;
  rows: number;
  columns: ColumnInfo[];
  /** SHA-256 of the stored rows (Arrow IPC). */
  hash: string;
  bytes: number;
  savedAt: string;
  /** Where it came from: the pipeline, node and output port. */
  source: { pipeline: string; node: string; port: string };
}

/** One registered model version (the model registry). */
export interface RegisteredModel {
  name: string;
  version: number;
  family: string;
  task: string;
  target: string;
  features: string[];
  params: Record<string, unknown>;
  /** Metrics of an Evaluate node on this very model (the test split), when there was one. */
  testMetrics: Record<string, number> | null;
  /** Mean and sd over folds of a Cross-validate node on it, when there was one. */
  cvMetrics: { mean: Record<string, number>; sd: Record<string, number> } | null;
  /** Per-feature numbers the model reported (gain importance, coefficients), largest first. */
  importance: { title: string; rows: [string, number][] } | null;
  trainRows: number;
  pipeline: string;
  /** The training node's cache key: the data and settings that made it. */
  trainedFrom: string;
  /** Its training data, saved as this dataset version (a drift check's reference). */
  trainingData?: { name: string; version: number } | null;
  registeredAt: string;
  production: boolean;
  zipBytes: number;
}

export interface EngineStats {
  /** Bytes DuckDB reports in use (duckdb_memory()). */
  duckdbBytes: number;
  /** Size of the engine worker's JS heap, where the browser tells (Chromium). */
  heapBytes?: number;
  cachedResults: number;
  /** DuckDB statements running now, this stats query not counted. */
  statements: number;
  /** Results kept across sessions (the browser's private file system) and their budget. */
  kept?: { bytes: number; results: number; budgetBytes: number };
}

/** One column's profile, computed in DuckDB for the inspector. */
export interface ColumnProfile {
  name: string;
  type: string;
  rows: number;
  nulls: number;
  /** Distinct non-null values: exact, or estimated (HyperLogLog) when `distinctApproximate`. */
  distinct: number;
  /** True when `distinct` is an estimate (large tables); the UI shows it with "≈". */
  distinctApproximate?: boolean;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  /** Numeric columns: equal-width bins from min to max. */
  histogram?: { min: number; max: number; counts: number[] };
  /** Other columns: the most frequent values. */
  top?: { value: string; count: number }[];
}

export interface EngineApi {
  /** Start DuckDB; resolves with its version and the files kept from earlier sessions (re-registered). */
  init(): Promise<{ duckdb: string; files: UploadedFileInfo[] }>;
  /**
   * Register user files by handle (read lazily, never copied whole). Each is also copied into
   * browser storage in the background; `onKept` (a Comlink proxy) hears how that went.
   */
  addFiles(files: File[], onKept?: (result: FileKeepResult) => void): Promise<UploadedFileInfo[]>;
  /** Run the graph; events stream through `onEvent` (a Comlink proxy). */
  run(graph: PipelineGraph, onEvent: (event: EngineEvent) => void, options?: RunOptions): Promise<void>;
  /** Cancel the current run. */
  cancel(): Promise<void>;
  /** First `limit` rows of a node's table output as Arrow IPC. */
  preview(nodeId: string, port: string, limit: number): Promise<TablePreview>;
  /** Column profile of a node's table output (type, nulls, distinct, stats, histogram). */
  profile(nodeId: string, port: string): Promise<ColumnProfile[]>;
  /** The whole table output of a node, encoded for download. */
  exportTable(
    nodeId: string,
    port: string,
    format: ExportFormat,
    options?: TableExportOptions,
  ): Promise<Uint8Array>;
  /**
   * The trained model of a node whose card offers a model download (the model on its input) from the latest
   * run, as zip bytes: `model.json` + `group1-shard1of1.bin` (TF.js layers format) and
   * `pipewright-model.json`. Rejects when the node has no model (not run, or failed).
   */
  exportModel(nodeId: string): Promise<Uint8Array>;
  /** Memory the engine holds: DuckDB's buffers and the number of cached node results. */
  stats(): Promise<EngineStats>;
  /** Drop every result kept across sessions. */
  clearKept(): Promise<void>;
  /** Stop keeping these uploaded files for later visits (they still work in this session). */
  forgetFiles(names: string[]): Promise<void>;
  /** Delete an uploaded file: not kept, not readable; nodes reading it say it is missing. */
  deleteFile(name: string): Promise<void>;
  /** Every saved dataset version. */
  listDatasets(): Promise<DatasetVersion[]>;
  /** Save a node's table output as the next version of dataset `name`. */
  saveDataset(nodeId: string, port: string, name: string, pipeline: string): Promise<DatasetVersion>;
  deleteDataset(name: string, version: number): Promise<void>;
  /** A dataset version as a CSV or Parquet file. */
  exportDataset(name: string, version: number, format: ExportFormat): Promise<Uint8Array>;
  /** Every registered model version. */
  listModels(): Promise<RegisteredModel[]>;
  /** Register the model a node holds (or receives) as the next version of `name`. */
  registerModel(nodeId: string, name: string, pipeline: string): Promise<RegisteredModel>;
  promoteModel(name: string, version: number): Promise<void>;
  deleteModel(name: string, version: number): Promise<void>;
  /** A registered version's export zip. */
  registeredModelZip(name: string, version: number): Promise<Uint8Array>;
}
