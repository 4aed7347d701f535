import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBResultReader,
  type DuckDBValue,
} from '@duckdb/node-api';

/** How native DuckDB may use this machine. */
export interface NativeDuckOptions {
  /** Worker threads (DuckDB's default: one per core). */
  threads?: number;
  /** DuckDB's `memory_limit`, e.g. "4GB"; beyond it, operators spill to `tempDirectory`. */
  memoryLimit?: string;
  /** Where tables and intermediates larger than `memoryLimit` spill. */
  tempDirectory?: string;
  /**
   * A database file to hold the tables instead of memory: DuckDB stores them compressed
   * (several times smaller than an in-memory table, which spills uncompressed), so a
   * pipeline's intermediate tables over a 100M-row input fit on disk. Default: in memory.
   */
  database?: string;
}

/**
 * Native DuckDB (@duckdb/node-api) in this process, with one connection. Statements run one
 * at a time, in call order, as DuckDB-WASM queues them: DuckDB parallelises inside each
 * statement over its threads, and a cancel interrupts only the statement it belongs to.
 * Every other use of the connection (an appender, the statement splitter) waits its turn in
 * the same queue (`exclusive`): used while a statement runs, the connection closes that
 * statement's pending result ("Attempting to execute an unsuccessful or closed pending query
 * result"), which failed one of two model.evaluate nodes running side by side.
 */
export class NativeDuck {
  private tail: Promise<unknown> = Promise.resolve();
  private active = 0;

  private constructor(
    readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async create(options: NativeDuckOptions = {}): Promise<NativeDuck> {
    const config: Record<string, string> = {};
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    const instance = await DuckDBInstance.create(options.database ?? ':memory:', config);
    return new NativeDuck(instance, await instance.connect());
  }

  /** Statements running or queued now. */
  get running(): number {
    return this.active;
  }

  /**
   * Run one statement after those before it and read its whole result. Aborting `signal`
   * drops it from the queue, or interrupts it while it runs; the call then rejects.
   */
  run(sql: string, signal?: AbortSignal, values?: DuckDBValue[]): Promise<DuckDBResultReader> {
    return this.exclusive(async (conn) => {
      const onAbort = () => conn.interrupt();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await conn.runAndReadAll(sql, values);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }, signal);
  }

  /**
   * `work` with the connection to itself, once the statements queued before it are done;
   * what comes after waits for it. Aborting `signal` drops it from the queue.
   */
  exclusive<T>(work: (conn: DuckDBConnection) => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.active++;
    const turn = this.tail.then(() => {
      if (signal?.aborted) throw new Error('Run cancelled.');
      return work(this.conn);
    });
    const settled = turn.finally(() => {
      this.active--;
    });
    this.tail = settled.catch(() => undefined);
    return settled;
  }

  /** Wall time of one statement, ms. */
  async time(sql: string): Promise<number> {
    const t0 = performance.now();
    await this.run(sql);
    return performance.now() - t0;
  }

  /** The first value of a statement's result. */
  async scalar(sql: string): Promise<unknown> {
    const reader = await this.run(sql);
    return reader.getColumnsJS()[0]?.[0];
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
