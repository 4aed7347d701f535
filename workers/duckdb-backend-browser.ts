import * as duckdb from '@duckdb/duckdb-wasm';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { type Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { FileReadOptions } from '../src/nodes/define-node-kind';
import { SIGNATURE_BYTES } from '../src/nodes/ingest/file-format';
import { quoteIdent } from '../src/nodes/sql-util';
import { workerMayEval } from './csp-eval';
import { loadCsv } from './csv-load';
import type { SqlTokens } from './duck-backend';
import type { MortalDuck } from './duck-supervisor';
import { exactResult } from './exact-integers';
import { loadJson } from './json-load';
import { tidyLoadedTable } from './loaded-table';
import { explainSqlError, filePath, lockdownStatements } from './lockdown';
import { readParquetToIpc, writeParquetFromIpc } from './parquet';
import { type DuckProgress, ProgressRouter, type ReportProgress, statementProgress } from './sql-progress';

/** Bundles served by the app itself (Vite `?url` assets): never DuckDB's CDN. */
const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};

const ARROW_FILE_MAGIC = 'ARROW1';
const EXPORT_DIR = '/pipewright/exports/';
/**
 * Connections opened with DuckDB's progress bar on. It is a per-connection setting that the
 * locked configuration then refuses to change, so they are opened before the lock: enough for
 * the executor's concurrent nodes and a preview; a connection opened later reports none.
 */
const PROGRESS_CONNECTIONS = 4;

/** AsyncDuckDB that gives each of its worker's progress reports to the statement it is about. */
class ProgressDuckDB extends duckdb.AsyncDuckDB {
  readonly progress = new ProgressRouter();

  /** A connection with its id (AsyncDuckDBConnection keeps the id to itself). */
  async connectWithId(): Promise<[duckdb.AsyncDuckDBConnection, number]> {
    const id = await this.connectInternal();
    return [new duckdb.AsyncDuckDBConnection(this, id), id];
  }

  protected override onMessage(event: MessageEvent): void {
    const message = event.data as { type?: unknown; requestId?: unknown; data?: unknown };
    if (message.type === 'PROGRESS_UPDATE') {
      this.progress.hold(message.data as DuckProgress);
      return;
    }
    const task =
      typeof message.requestId === 'number' ? this._pendingRequests.get(message.requestId) : undefined;
    this.progress.answered(
      task?.type === duckdb.WorkerRequestType.POLL_PENDING_QUERY
        ? task.data
        : task?.type === duckdb.WorkerRequestType.START_PENDING_QUERY
          ? task.data[0]
          : undefined,
    );
    super.onMessage(event);
  }
}

/** DuckDB-WASM (AsyncDuckDB in its own worker) as the engine's SQL backend. */
export class BrowserDuckBackend implements MortalDuck {
  private readonly files = new Map<string, File>();
  /**
   * Connections not running a statement. Each statement takes its own, so cancelling one
   * interrupts only that one, and a preview can run between the polls of a long statement.
   */
  private readonly idle: duckdb.AsyncDuckDBConnection[] = [];
  /** The ids of the connections opened with the progress bar on. */
  private readonly reporting = new Map<duckdb.AsyncDuckDBConnection, number>();
  private busy = 0;
  private constructor(
    private readonly db: ProgressDuckDB,
    private readonly conn: duckdb.AsyncDuckDBConnection,
    readonly version: string,
  ) {}

  /** Start DuckDB in a worker of its own; `onDeath` hears of that worker's uncaught errors. */
  static async create(onDeath: (reason: string) => void = () => undefined): Promise<BrowserDuckBackend> {
    const bundle = await duckdb.selectBundle(BUNDLES);
    const worker = new Worker(bundle.mainWorker as string, { name: 'pipewright-duckdb' });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      onDeath(event.message || 'its worker stopped');
    });
    const db = new ProgressDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(bundle.mainModule);
    await db.open({ query: { castBigIntToDouble: true } });
    const conn = await db.connect();
    // DuckDB-WASM reports progress through a function it builds with `new Function`: where
    // the worker's policy forbids that, the report would fail the statement itself.
    const reporting = new Map<duckdb.AsyncDuckDBConnection, number>();
    if (await workerMayEval(bundle.mainWorker as string))
      for (let i = 0; i < PROGRESS_CONNECTIONS; i++) {
        const [c, id] = await db.connectWithId();
        await c.query('SET enable_progress_bar = true');
        await c.query('SET progress_bar_time = 0');
        reporting.set(c, id);
      }
    for (const statement of lockdownStatements(EXPORT_DIR)) await conn.query(statement);
    const version = String((await conn.query('SELECT version() AS v')).get(0)?.toJSON().v ?? '?');
    const backend = new BrowserDuckBackend(db, conn, version);
    for (const [c, id] of reporting) backend.reporting.set(c, id);
    backend.idle.push(...reporting.keys());
    return backend;
  }

  /**
   * An idle connection: one that reports progress for a statement with a listener, one that
   * does not for the rest (previews, kept results), so those leave the reporting ones free.
   */
  private async take(progress: boolean): Promise<duckdb.AsyncDuckDBConnection> {
    const at = this.idle.findLastIndex((c) => this.reporting.has(c) === progress);
    if (at >= 0) return this.idle.splice(at, 1)[0] as duckdb.AsyncDuckDBConnection;
    return this.idle.pop() ?? (await this.db.connect());
  }

  /**
   * Run a statement as a pending query: DuckDB executes it in slices between which its
   * worker reads messages, so aborting `signal` cancels it (DuckDB's query cancellation)
   * instead of letting it run on unseen.
   */
  async query(sql: string, signal?: AbortSignal, progress?: ReportProgress): Promise<Table> {
    const conn = await this.take(progress !== undefined);
    const id = this.reporting.get(conn);
    if (progress && id !== undefined) this.db.progress.listeners.set(id, statementProgress(progress));
    const cancel = () => {
      void conn.cancelSent().catch(() => undefined);
      // A statement on the same connection ends the interrupted one's transaction (rolled
      // back). Sent at once, it runs before anything sent later could meet that
      // transaction's uncommitted tables (a write-write conflict).
      void conn.query('SELECT 1').catch(() => undefined);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    this.busy++;
    try {
      if (signal?.aborted) throw new Error('Run cancelled.');
      const reader = await conn.send(sql);
      if (!reader) throw new Error('Worker has been terminated');
      return await tableFromIPC(reader);
    } catch (err) {
      if (signal?.aborted) throw new Error('Run cancelled.');
      if (err instanceof Error && err.name === 'RuntimeError') throw err; // a WASM trap: fatal
      throw new Error(explainSqlError(err instanceof Error ? err.message : String(err)));
    } finally {
      signal?.removeEventListener('abort', cancel);
      if (id !== undefined) this.db.progress.listeners.delete(id);
      this.busy--;
      this.idle.push(conn);
    }
  }

  async tableNames(sql: string): Promise<string[]> {
    const conn = this.idle.pop() ?? (await this.db.connect());
    try {
      return await conn.getTableNames(sql);
    } finally {
      this.idle.push(conn);
    }
  }

  async tokenize(sql: string): Promise<SqlTokens> {
    return this.db.tokenize(sql);
  }

  running(): number {
    return this.busy;
  }

  async terminate(): Promise<void> {
    await this.db.terminate();
  }

  hasFile(name: string): boolean {
    return this.files.has(name);
  }

  /** Register a user file by handle: DuckDB reads it lazily, never copying it whole. */
  async addFile(file: File): Promise<void> {
    const path = filePath(file.name);
    if (this.files.has(file.name)) await this.db.dropFile(path);
    await this.db.registerFileHandle(path, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    this.files.set(file.name, file);
  }

  async removeFile(name: string): Promise<void> {
    if (!this.files.delete(name)) return;
    await this.db.dropFile(filePath(name));
  }

  async loadFile(
    name: string,
    options: FileReadOptions,
    table: string,
    signal?: AbortSignal,
    progress?: ReportProgress,
  ): Promise<void> {
    const file = this.files.get(name);
    if (!file) throw new Error(`File "${name}" has not been uploaded.`);
    const target = quoteIdent(table);
    await this.query(`DROP TABLE IF EXISTS ${target}`);
    if (file.size === 0) throw new Error(`"${name}" is empty (0 bytes).`);
    try {
      switch (options.format) {
        case 'csv':
        case 'tsv': {
          const head = new Uint8Array(await file.slice(0, SIGNATURE_BYTES).arrayBuffer());
          await loadCsv(
            (sql) => this.query(sql, signal, progress),
            name,
            filePath(name),
            head,
            options,
            table,
          );
          return;
        }
        case 'json':
          await loadJson(
            {
              insert: (path) => this.conn.insertJSONFromPath(path, { name: table }),
              text: () => file.text(),
              withText: async (path, text, fn) => {
                await this.db.registerFileText(path, text);
                try {
                  return await fn();
                } finally {
                  await this.db.dropFile(path);
                }
              },
            },
            name,
            filePath(name),
          );
          await tidyLoadedTable((sql) => this.query(sql, signal), table);
          return;
        case 'parquet': {
          const ipc = await readParquetToIpc(new Uint8Array(await file.arrayBuffer()), name);
          await this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
          await tidyLoadedTable((sql) => this.query(sql, signal), table);
          return;
        }
        case 'arrow': {
          let bytes: Uint8Array = new Uint8Array(await file.arrayBuffer());
          // DuckDB takes the IPC stream format; re-encode the file format.
          if (new TextDecoder().decode(bytes.subarray(0, 6)) === ARROW_FILE_MAGIC)
            bytes = tableToIPC(tableFromIPC(bytes), 'stream');
          await this.conn.insertArrowFromIPCStream(bytes, { name: table, create: true });
          await tidyLoadedTable((sql) => this.query(sql, signal), table);
          return;
        }
        case 'duckdb':
          throw new Error(
            `"${name}" is a DuckDB database file: the command-line runner reads those (npx pipewright run … --file ${name}=<path>). Here, export its table as Parquet (COPY t TO 't.parquet') and drop that file instead.`,
          );
      }
    } catch (err) {
      // The CSV loader words its own errors; the other formats' out-of-memory needs it too.
      const message = err instanceof Error ? err.message : String(err);
      if (/^Out of Memory Error/i.test(message))
        throw new Error(`Could not read "${name}": ${explainSqlError(message)}`);
      throw err;
    }
  }

  async exportQuery(select: string, format: 'csv' | 'parquet'): Promise<Uint8Array> {
    if (format === 'parquet') {
      // Written from Arrow results: the 64-bit integers are read so they arrive exact.
      return writeParquetFromIpc(tableToIPC(await exactResult(this, select), 'stream'));
    }
    const path = `${EXPORT_DIR}export-${Date.now()}.csv`;
    await this.query(`COPY (${select}) TO '${path}' (HEADER, DELIMITER ',')`);
    try {
      return await this.db.copyFileToBuffer(path);
    } finally {
      await this.db.dropFile(path);
    }
  }

  async insertArrow(ipc: Uint8Array, table: string): Promise<void> {
    await this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
  }
}
