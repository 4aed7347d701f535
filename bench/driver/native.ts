import { closeSync, existsSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  Bool,
  type DataType,
  Float32,
  Float64,
  makeVector,
  Table,
  tableFromIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import type { FileReadOptions } from '../../src/nodes/define-node-kind';
import { sensorsSql } from '../../src/nodes/ingest/sensors-sql';
import { quoteIdent, quoteLiteral } from '../../src/nodes/sql-util';
import { loadCsv } from '../../workers/csv-load';
import type { DuckBackend } from '../../workers/duck-backend';

/**
 * The parts of @duckdb/node-api the bench uses. The package is not a locked dependency
 * (its bindings for other platforms are missing from the registry, which breaks `npm ci`),
 * so it is loaded at run time and typed here rather than imported.
 */
interface ResultReader {
  columnNames(): string[];
  columnTypes(): { typeId: number }[];
  getColumnsJS(): unknown[][];
}
interface Appender {
  appendNull(): void;
  appendFloat(value: number): void;
  appendDouble(value: number): void;
  endRow(): void;
  closeSync(): void;
}
interface Connection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<ResultReader>;
  createAppender(table: string): Promise<Appender>;
  interrupt(): void;
  closeSync(): void;
}
interface Instance {
  connect(): Promise<Connection>;
  closeSync(): void;
}
interface NodeApi {
  DuckDBInstance: { create(path: string, options?: Record<string, string>): Promise<Instance> };
  DuckDBTypeId: Record<string, number>;
}

/** The version the bench was written against (DuckDB 1.4.3, as DuckDB-WASM 1.32.0). */
export const NODE_API = '@duckdb/node-api@1.4.3-r.1';

let api: NodeApi | undefined;

/** Load @duckdb/node-api, or say how to install it. */
export function nodeApi(): NodeApi {
  if (!api) {
    try {
      api = createRequire(import.meta.url)('@duckdb/node-api') as NodeApi;
    } catch (err) {
      throw new Error(
        `The benchmarks need native DuckDB, which is not a locked dependency: npm install --no-save ${NODE_API}\n(${String(err)})`,
      );
    }
  }
  return api;
}

/** A DuckDB type id by name (FLOAT, DOUBLE, …), -1 if this version has no such type. */
const typeId = (name: string): number => nodeApi().DuckDBTypeId[name] ?? -1;

/**
 * Native DuckDB (@duckdb/node-api, the same DuckDB release as the WASM build) in the
 * driver process: the reference for what DuckDB itself can do on this machine.
 */
export class NativeDuck {
  private constructor(
    readonly instance: Instance,
    readonly conn: Connection,
  ) {}

  static async create(threads?: number): Promise<NativeDuck> {
    const instance = await nodeApi().DuckDBInstance.create(
      ':memory:',
      threads ? { threads: String(threads) } : {},
    );
    return new NativeDuck(instance, await instance.connect());
  }

  async run(sql: string): Promise<ResultReader> {
    return this.conn.runAndReadAll(sql);
  }

  /** Wall time of one statement, ms. */
  async time(sql: string): Promise<number> {
    const t0 = performance.now();
    await this.conn.run(sql);
    return performance.now() - t0;
  }

  async scalar(sql: string): Promise<unknown> {
    const reader = await this.run(sql);
    return reader.getColumnsJS()[0]?.[0];
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** The sensors CSV's columns: the built-in sample data set minus its label (6 columns). */
export const CSV_COLUMNS = ['timestamp', 'sensor_id', 'temperature', 'vibration', 'pressure', 'status'];

/**
 * Write `rows` rows of the app's own sample sensor data (src/nodes/ingest/sensors-sql.ts,
 * with its missing values and glitches) as CSV with native DuckDB COPY, once: the file is
 * cached and reused by later runs. Returns the path and whether it was generated now.
 */
export async function ensureSensorsCsv(
  path: string,
  rows: number,
): Promise<{ path: string; generated: boolean }> {
  if (existsSync(path) && statSync(path).size > 0) return { path, generated: false };
  const duck = await NativeDuck.create();
  try {
    const tmp = `${path}.tmp`;
    const cols = CSV_COLUMNS.map(quoteIdent).join(', ');
    await duck.time(
      `COPY (SELECT ${cols} FROM (${sensorsSql(rows, 42)})) TO ${quoteLiteral(tmp)} (HEADER, DELIMITER ',')`,
    );
    renameSync(tmp, path);
  } finally {
    duck.close();
  }
  return { path, generated: true };
}

const FLOAT_TYPES = ['FLOAT'];
// Numbers, and timestamps and dates as epoch ms, as DuckDB-WASM's Arrow rows give them.
const DOUBLE_TYPES = [
  'DOUBLE',
  'DECIMAL',
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT',
  'TIMESTAMP',
  'TIMESTAMP_S',
  'TIMESTAMP_MS',
  'TIMESTAMP_NS',
  'TIMESTAMP_TZ',
  'DATE',
];

/** An Arrow vector for one result column, typed as DuckDB-WASM would give it to the engine. */
function toVector(type: number, values: unknown[]): Vector {
  const hasNull = values.some((v) => v === null || v === undefined);
  const numeric = (ArrayType: Float32ArrayConstructor | Float64ArrayConstructor, arrow: DataType) => {
    const nums = values.map((v) =>
      v === null || v === undefined ? null : v instanceof Date ? v.getTime() : Number(v),
    );
    return hasNull ? vectorFromArray(nums, arrow) : makeVector(ArrayType.from(nums as number[]));
  };
  if (FLOAT_TYPES.some((t) => typeId(t) === type)) return numeric(Float32Array, new Float32());
  if (DOUBLE_TYPES.some((t) => typeId(t) === type)) return numeric(Float64Array, new Float64());
  if (type === typeId('BOOLEAN'))
    return vectorFromArray(
      values.map((v) => (v === null || v === undefined ? null : Boolean(v))),
      new Bool(),
    );
  return vectorFromArray(
    values.map((v) => (v === null || v === undefined ? null : String(v))),
    new Utf8(),
  );
}

/**
 * The engine's DuckBackend over native DuckDB, so the very same executor and node kinds
 * (workers/engine.ts) run a pipeline natively: the baseline for end-to-end runs. Results
 * come back as Arrow tables built from the native result (small: stats, schemas, counts;
 * feature matrices as Float32 vectors).
 */
export class NativeDuckBackend implements DuckBackend {
  private readonly files = new Map<string, string>();
  constructor(readonly duck: NativeDuck) {}

  async query(sql: string): Promise<Table> {
    const reader = await this.duck.run(sql);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const columns = reader.getColumnsJS();
    const vectors: Record<string, Vector> = {};
    names.forEach((name, i) => {
      vectors[name] = toVector(types[i]?.typeId ?? typeId('VARCHAR'), (columns[i] ?? []) as unknown[]);
    });
    return names.length ? new Table(vectors) : new Table();
  }

  /** Register a file on disk under an upload name. */
  addFile(name: string, path: string): void {
    this.files.set(name, path);
  }

  hasFile(name: string): boolean {
    return this.files.has(name);
  }

  async loadFile(name: string, options: FileReadOptions, table: string): Promise<void> {
    const path = this.files.get(name);
    if (!path) throw new Error(`File "${name}" has not been registered.`);
    if (options.format !== 'csv' && options.format !== 'tsv')
      throw new Error('native bench backend: CSV only');
    const head = new Uint8Array(4);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
    await loadCsv((sql) => this.query(sql), name, path, head, options, table);
  }

  async exportQuery(): Promise<Uint8Array> {
    throw new Error('native bench backend: export is not benchmarked');
  }

  async insertArrow(ipc: Uint8Array, table: string): Promise<void> {
    // Model outputs (Float32 columns of predictions) to join back onto a table.
    const t = tableFromIPC(ipc);
    const float32 = t.schema.fields.map((f) => f.type instanceof Float32);
    const cols = t.schema.fields
      .map((f, i) => `${quoteIdent(f.name)} ${float32[i] ? 'FLOAT' : 'DOUBLE'}`)
      .join(', ');
    await this.duck.run(`CREATE TABLE ${quoteIdent(table)} (${cols})`);
    const appender = await this.duck.conn.createAppender(table);
    const vectors = t.schema.fields.map((_, i) => t.getChildAt(i));
    for (let r = 0; r < t.numRows; r++) {
      vectors.forEach((v, i) => {
        const value = v?.get(r) as number | null | undefined;
        if (value === null || value === undefined) appender.appendNull();
        else if (float32[i]) appender.appendFloat(value);
        else appender.appendDouble(Number(value));
      });
      appender.endRow();
    }
    appender.closeSync();
  }

  running(): number {
    return 0;
  }
}
