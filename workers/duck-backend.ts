import type { Table } from 'apache-arrow';
import type { FileReadOptions } from '../src/nodes/define-node-kind';
import type { ReportProgress } from './sql-progress';

/**
 * What the engine needs from DuckDB. The browser implements it over AsyncDuckDB
 * (duckdb-backend-browser.ts, supervised by duck-supervisor.ts); Node tests over the
 * blocking duckdb-wasm build. Both are the same DuckDB-WASM, so unit tests exercise the SQL
 * the browser runs.
 *
 * `signal`: aborting it interrupts the statement (DuckDB's query cancellation) where the
 * backend can; the call then rejects. `progress` hears how far the statement has got, where
 * the backend can tell.
 */
/** DuckDB's tokenizer output: each token's start (a UTF-8 byte offset) and its type. */
export interface SqlTokens {
  offsets: number[];
  /** 0 identifier, 1 number, 2 string, 3 operator, 4 keyword, 5 comment. */
  types: number[];
}

export interface DuckBackend {
  query(sql: string, signal?: AbortSignal, progress?: ReportProgress): Promise<Table>;
  /**
   * DuckDB's own parser on `sql`: the tables its one statement reads (CTE names excluded).
   * Throws on a syntax error, and when `sql` is not exactly one statement.
   */
  tableNames(sql: string): Promise<string[]>;
  /** DuckDB's own tokenizer on `sql`. */
  tokenize(sql: string): Promise<SqlTokens>;
  hasFile(name: string): boolean;
  /** Load a registered user file into `table` (created or replaced). */
  loadFile(
    name: string,
    options: FileReadOptions,
    table: string,
    signal?: AbortSignal,
    progress?: ReportProgress,
  ): Promise<void>;
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

/** The same backend with every statement bound to `signal` (a node's run) and its progress. */
export function withSignal(duck: DuckBackend, signal: AbortSignal, progress?: ReportProgress): DuckBackend {
  return {
    query: (sql) => duck.query(sql, signal, progress),
    tableNames: (sql) => duck.tableNames(sql),
    tokenize: (sql) => duck.tokenize(sql),
    hasFile: (name) => duck.hasFile(name),
    loadFile: (name, options, table) => duck.loadFile(name, options, table, signal, progress),
    exportQuery: (select, format) => duck.exportQuery(select, format),
    insertArrow: (ipc, table) => duck.insertArrow(ipc, table),
    running: () => duck.running(),
  };
}
