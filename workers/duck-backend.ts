import type { Table } from 'apache-arrow';
import type { FileReadOptions } from '../src/nodes/define-node-kind';

/**
 * What the engine needs from DuckDB. The browser implements it over AsyncDuckDB
 * (duckdb-backend-browser.ts); Node tests over the blocking duckdb-wasm build. Both are
 * the same DuckDB-WASM, so unit tests exercise the SQL the browser runs.
 */
export interface DuckBackend {
  query(sql: string): Promise<Table>;
  hasFile(name: string): boolean;
  /** Load a registered user file into `table` (created or replaced). */
  loadFile(name: string, options: FileReadOptions, table: string): Promise<void>;
  /** Encode a query's result as a file for download. */
  exportQuery(select: string, format: 'csv' | 'parquet'): Promise<Uint8Array>;
  /**
   * Create `table` (it must not exist) from Arrow IPC stream bytes, e.g. model outputs
   * to join onto a table. The bytes may be transferred (detached).
   */
  insertArrow(ipc: Uint8Array, table: string): Promise<void>;
  /** Interrupt the running statement, if the backend can. */
  interrupt(): Promise<void>;
}
