import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import type { Table } from 'apache-arrow';
import type { FileReadOptions } from '../../src/nodes/define-node-kind';
import { readCsvSql } from '../../src/nodes/ingest/file-format';
import { quoteIdent } from '../../src/nodes/sql-util';
import type { DuckBackend } from '../duck-backend';

const require = createRequire(import.meta.url);
const dist = require.resolve('@duckdb/duckdb-wasm/blocking').replace(/duckdb-node-blocking\.cjs$/, '');

/**
 * The same DuckDB-WASM build the browser runs, in Node (blocking API), for unit tests.
 * Files are registered from buffers; CSV only (the browser backend covers the rest).
 */
export class NodeDuckBackend implements DuckBackend {
  private readonly files = new Set<string>();
  private constructor(
    readonly db: duckdb.DuckDBBindings,
    readonly conn: duckdb.DuckDBConnection,
  ) {}

  static async create(): Promise<NodeDuckBackend> {
    const db = await duckdb.createDuckDB(
      {
        mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: '' },
        eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: '' },
      },
      new duckdb.VoidLogger(),
      duckdb.NODE_RUNTIME,
    );
    await db.instantiate();
    db.open({ query: { castBigIntToDouble: true } });
    const conn = db.connect();
    conn.query('SET autoinstall_known_extensions = false');
    conn.query('SET autoload_known_extensions = false');
    return new NodeDuckBackend(db, conn);
  }

  async query(sql: string): Promise<Table> {
    return this.conn.query(sql);
  }

  addFile(name: string, content: string | Uint8Array): void {
    this.db.registerFileBuffer(
      name,
      typeof content === 'string' ? new TextEncoder().encode(content) : content,
    );
    this.files.add(name);
  }

  hasFile(name: string): boolean {
    return this.files.has(name);
  }

  async loadFile(name: string, options: FileReadOptions, table: string): Promise<void> {
    if (options.format !== 'csv' && options.format !== 'tsv')
      throw new Error('Node test backend reads CSV only');
    this.conn.query(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS ${readCsvSql(name, options)}`);
  }

  async exportQuery(select: string): Promise<Uint8Array> {
    const path = 'export.csv';
    this.conn.query(`COPY (${select}) TO '${path}' (HEADER, DELIMITER ',')`);
    const bytes = this.db.copyFileToBuffer(path);
    this.db.dropFile(path);
    return bytes;
  }

  async interrupt(): Promise<void> {}

  close(): void {
    this.conn.close();
    this.db.reset();
  }
}
