import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { type Table, tableFromIPC } from 'apache-arrow';
import type { FileReadOptions } from '../../src/nodes/define-node-kind';
import { SIGNATURE_BYTES } from '../../src/nodes/ingest/file-format';
import { loadCsv } from '../csv-load';
import type { DuckBackend, SqlTokens } from '../duck-backend';
import { loadJson } from '../json-load';
import { tidyLoadedTable } from '../loaded-table';
import { explainSqlError, filePath, lockdownStatements } from '../lockdown';

const require = createRequire(import.meta.url);
const dist = require.resolve('@duckdb/duckdb-wasm/blocking').replace(/duckdb-node-blocking\.cjs$/, '');

/**
 * The same DuckDB-WASM build the browser runs, in Node (blocking API), for unit tests.
 * Files are registered from buffers; CSV and JSON only (the browser backend covers the rest).
 */
export class NodeDuckBackend implements DuckBackend {
  private readonly files = new Set<string>();
  private constructor(
    readonly db: duckdb.DuckDBBindings,
    readonly conn: duckdb.DuckDBConnection,
    private readonly dir: string,
  ) {}

  private get exportDir() {
    return `${this.dir}exports/`;
  }

  private get filesDir() {
    return `${this.dir}files/`;
  }

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
    // In Node, DuckDB-WASM reads and writes the real file system: use a temp dir.
    const dir = `${mkdtempSync(join(tmpdir(), 'pipewright-'))}/`;
    mkdirSync(`${dir}files`);
    mkdirSync(`${dir}exports`);
    for (const statement of lockdownStatements(`${dir}exports/`, `${dir}files/`)) conn.query(statement);
    return new NodeDuckBackend(db, conn, dir);
  }

  /** The blocking build runs a statement to its end: a cancel cannot interrupt it here. */
  async query(sql: string): Promise<Table> {
    try {
      // Decoded with the app's apache-arrow, not the copy bundled in DuckDB's Node build:
      // that copy's Tables are not ours (tableToIPC wrote nothing for them).
      return tableFromIPC(this.conn.useUnsafe((bindings, conn) => bindings.runQuery(conn, sql)));
    } catch (err) {
      throw new Error(explainSqlError(err instanceof Error ? err.message : String(err)));
    }
  }

  async tableNames(sql: string): Promise<string[]> {
    return this.conn.getTableNames(sql);
  }

  async tokenize(sql: string): Promise<SqlTokens> {
    return this.db.tokenize(sql);
  }

  addFile(name: string, content: string | Uint8Array): void {
    writeFileSync(filePath(name, this.filesDir), content);
    this.files.add(name);
  }

  hasFile(name: string): boolean {
    return this.files.has(name);
  }

  async loadFile(name: string, options: FileReadOptions, table: string): Promise<void> {
    const path = filePath(name, this.filesDir);
    if (options.format === 'json') {
      await loadJson(
        {
          insert: async (p) => this.conn.insertJSONFromPath(p, { name: table }),
          text: async () => readFileSync(path, 'utf8'),
          withText: async (p, text, fn) => {
            writeFileSync(p, text);
            try {
              return await fn();
            } finally {
              rmSync(p, { force: true });
            }
          },
        },
        name,
        path,
      );
      await tidyLoadedTable((sql) => this.query(sql), table);
      return;
    }
    if (options.format !== 'csv' && options.format !== 'tsv')
      throw new Error('Node test backend reads CSV and JSON only');
    const head = new Uint8Array(readFileSync(path).subarray(0, SIGNATURE_BYTES));
    await loadCsv((sql) => this.query(sql), name, path, head, options, table);
  }

  private exports = 0;

  async exportQuery(select: string): Promise<Uint8Array> {
    // A fresh name each time: a second COPY to the same path read back the first export.
    const path = `${this.exportDir}export-${++this.exports}.csv`;
    this.conn.query(`COPY (${select}) TO '${path}' (HEADER, DELIMITER ',')`);
    return new Uint8Array(readFileSync(path));
  }

  async insertArrow(ipc: Uint8Array, table: string): Promise<void> {
    this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
  }

  running(): number {
    return 0;
  }

  close(): void {
    this.conn.close();
    this.db.reset();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
