import type { Table } from 'apache-arrow';
import type { FileReadOptions } from '../src/nodes/define-node-kind';
import { type Generation, type Supervisor, superviseWorker } from '../src/shared/supervise-worker';
import type { DuckBackend, SqlTokens } from './duck-backend';
import type { ReportProgress } from './sql-progress';

/** A DuckDB backend that can die: its worker hits an uncaught error, or its WASM aborts. */
export interface MortalDuck extends DuckBackend {
  readonly version: string;
  /** Register an uploaded file by handle. */
  addFile(file: File): Promise<void>;
  removeFile(name: string): Promise<void>;
  terminate(): Promise<void>;
}

/** Start a backend; it calls `onDeath` when its worker dies. */
export type StartDuck = (onDeath: (reason: string) => void) => Promise<MortalDuck>;

/**
 * Messages that mean the WASM module itself failed (an abort, a trap, memory exhausted at
 * the WASM level) rather than a statement: after one, the instance cannot be trusted.
 */
const FATAL =
  /Aborted\(|memory access out of bounds|unreachable|WebAssembly\.Memory|Worker has been terminated|duckdb is not initialized/i;

function isFatal(err: unknown): boolean {
  if (err instanceof Error && err.name === 'RuntimeError') return true; // a WASM trap
  return FATAL.test(err instanceof Error ? err.message : String(err));
}

/**
 * Keeps a DuckDB backend alive for the engine: when it dies mid-statement, the calls in
 * flight fail with a plain message, and the next call starts a fresh DuckDB with every
 * uploaded file registered again. `onRestart` tells the engine that the tables are gone.
 */
export class SupervisedDuck implements DuckBackend {
  private readonly files = new Map<string, File>();
  private readonly ducks: Supervisor<MortalDuck>;
  version = '';

  constructor(
    start: StartDuck,
    private readonly onRestart: (reason: string) => void = () => undefined,
  ) {
    this.ducks = superviseWorker(
      async (gen) => {
        const duck = await start((reason) => this.died(gen, reason));
        for (const file of this.files.values()) await duck.addFile(file);
        this.version = duck.version;
        return duck;
      },
      { terminate: (duck) => duck.terminate() },
    );
  }

  /**
   * Mark `gen` dead (once): fail its calls in flight with `error` (a crash message by
   * default), drop its worker, tell the engine.
   */
  private died(gen: Generation<MortalDuck>, reason: string, error?: Error): Error {
    if (gen.dead) return gen.dead;
    const dead = gen.kill(
      error ??
        new Error(
          `DuckDB stopped unexpectedly (${reason.split('\n')[0]}); most often it ran out of memory. It was restarted with your files, but the tables it held are gone: run again.`,
        ),
    );
    this.onRestart(reason);
    return dead;
  }

  /** A call to the current backend that fails at once, plainly, if the backend dies. */
  private async call<T>(fn: (duck: MortalDuck) => Promise<T>): Promise<T> {
    const gen = this.ducks.generation();
    try {
      return await gen.run(fn);
    } catch (err) {
      if (gen.dead) throw gen.dead;
      const message = err instanceof Error ? err.message : String(err);
      if (isFatal(err)) throw this.died(gen, message);
      // Out of memory is an error DuckDB survives, but its WASM heap stays at its maximum and
      // later reads can silently come back short (a file read as empty was seen): restart
      // it, which also gives the memory back.
      if (/Out of Memory Error/i.test(message)) {
        this.died(
          gen,
          message,
          new Error(
            'DuckDB was restarted because another step ran out of memory; the tables it held are gone: run again.',
          ),
        );
        throw new Error(
          `${message} DuckDB was restarted to give its memory back; the other results it held are gone and re-run next time.`,
        );
      }
      throw err;
    }
  }

  /** Start DuckDB now (rather than on the first statement). */
  async ready(): Promise<void> {
    await this.call(async () => undefined);
  }

  async addFile(file: File): Promise<void> {
    await this.call((duck) => duck.addFile(file));
    this.files.set(file.name, file);
  }

  /** Unregister an uploaded file: nodes reading it then say it is missing. */
  async removeFile(name: string): Promise<void> {
    this.files.delete(name);
    await this.call((duck) => duck.removeFile(name));
  }

  hasFile(name: string): boolean {
    return this.files.has(name);
  }

  query(sql: string, signal?: AbortSignal, progress?: ReportProgress): Promise<Table> {
    return this.call((duck) => duck.query(sql, signal, progress));
  }

  tableNames(sql: string): Promise<string[]> {
    return this.call((duck) => duck.tableNames(sql));
  }

  tokenize(sql: string): Promise<SqlTokens> {
    return this.call((duck) => duck.tokenize(sql));
  }

  loadFile(
    name: string,
    options: FileReadOptions,
    table: string,
    signal?: AbortSignal,
    progress?: ReportProgress,
  ): Promise<void> {
    return this.call((duck) => duck.loadFile(name, options, table, signal, progress));
  }

  exportQuery(select: string, format: 'csv' | 'parquet'): Promise<Uint8Array> {
    return this.call((duck) => duck.exportQuery(select, format));
  }

  insertArrow(ipc: Uint8Array, table: string): Promise<void> {
    return this.call((duck) => duck.insertArrow(ipc, table));
  }

  running(): number {
    return this.ducks.live()?.running() ?? 0;
  }
}
