import type { Table } from 'apache-arrow';
import type { FileReadOptions } from '../src/nodes/define-node-kind';

/**
 * What the engine needs from DuckDB. The browser implements it over AsyncDuckDB
 * (duckdb-backend-browser.ts, supervised by duck-supervisor.ts); Node tests over the
 * blocking duckdb-wasm build. Both are the same DuckDB-WASM, so unit tests exercise the SQL
 * the browser runs.
 *
 * `signal`: aborting it interrupts the statement (DuckDB's query cancellation) where the
 * backend can; the call then rejects.
 */
export interface DuckBackend {
  query(sql: string, signal?: AbortSignal): Promise<Table>;
  hasFile(name: string): boolean;
  /** Load a registered user file into `table` (created or replaced). */
  loadFile(name: string, options: FileReadOptions, table: string, signal?: AbortSignal): Promise<void>;
  /** Encode a query's result as a file for download. */
  exportQuery(select: string, format: 'csv' | 'parquet'): Promise<Uint8Array>;
  /**
   * Create `table` (it must not exist) from Arrow IPC stream bytes, e.g. model outputs
   * to join onto a table. The bytes may be transferred (detached).
   */
  insertArrow(ipc: Uint8Array, table: string): Promise<void>;
  /** Statements running now (0 where a statement cannot outlive its call). */
  running(): number;
}

/** The same backend with every statement bound to `signal` (a node's run). */
export function withSignal(duck: DuckBackend, signal: AbortSignal): DuckBackend {
  return {
    query: (sql) => duck.query(sql, signal),
    hasFile: (name) => duck.hasFile(name),
    loadFile: (name, options, table) => duck.loadFile(name, options, table, signal),
    exportQuery: (select, format) => duck.exportQuery(select, format),
    insertArrow: (ipc, table) => duck.insertArrow(ipc, table),
    running: () => duck.running(),
  };
}
