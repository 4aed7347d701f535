import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, Precision, type Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { FileReadOptions } from '../../src/nodes/define-node-kind';
import { SIGNATURE_BYTES } from '../../src/nodes/ingest/file-format';
import { quoteIdent, quoteLiteral } from '../../src/nodes/sql-util';
import { arrowRows } from '../arrow-rows';
import { loadCsv } from '../csv-load';
import type { DuckBackend, SqlTokens } from '../duck-backend';
import { loadJson } from '../json-load';
import { tidyLoadedTable } from '../loaded-table';
import { explainSqlError, filePath } from '../lockdown';
import { readerToArrow } from './native-arrow';
import { NativeDuck, type NativeDuckOptions } from './native-duck';
import { nativeTableNames, nativeTokenize } from './native-sql-parse';

export interface NativeBackendOptions extends NativeDuckOptions {
  /** Upload name → path of each input file: the only files DuckDB may read. */
  files?: Readonly<Record<string, string>>;
  /** More folders DuckDB may read and write (e.g. a disk cache). */
  directories?: readonly string[];
  /** Keep the tables compressed in a database file in the scratch folder, not in memory. */
  tablesOnDisk?: boolean;
}

const literalList = (items: readonly string[]) => `[${items.map(quoteLiteral).join(', ')}]`;

/**
 * The lockdown of workers/lockdown.ts, natively: no extension downloads, no URLs, no path but
 * the input files (`allowed_paths`, by their real path: DuckDB resolves links) and the
 * engine's own folders, and a locked configuration so user SQL cannot undo any of it.
 */
function nativeLockdown(files: readonly string[], directories: readonly string[]): string[] {
  return [
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    'SET allow_community_extensions = false',
    ...(files.length ? [`SET allowed_paths = ${literalList(files)}`] : []),
    `SET allowed_directories = ${literalList(directories)}`,
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ];
}

function sqlError(err: unknown): Error {
  return new Error(explainSqlError(err instanceof Error ? err.message : String(err)));
}

/** The first bytes of a file, for format sniffing. */
function head(path: string): Uint8Array {
  const bytes = new Uint8Array(SIGNATURE_BYTES);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, bytes, 0, SIGNATURE_BYTES, 0);
    return bytes.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The DuckDB column type for an Arrow field of a model output (see sql-api appendColumns). */
function columnType(type: DataType): string {
  if (DataType.isFloat(type)) return type.precision === Precision.SINGLE ? 'FLOAT' : 'DOUBLE';
  if (DataType.isInt(type)) return 'DOUBLE';
  if (DataType.isBool(type)) return 'BOOLEAN';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'VARCHAR';
  throw new Error(`Arrow columns of type ${String(type)} are not supported here.`);
}

/**
 * The engine's DuckDB on native DuckDB (@duckdb/node-api): the backend of the command-line
 * runner and of the native tests and benchmarks. DuckDB runs with its own threads, a
 * `memory_limit` and a `temp_directory`, so tables larger than memory spill to disk. Input
 * files are read where they lie; downloads and scratch files go to a private temp folder.
 */
export class NativeDuckBackend implements DuckBackend {
  private readonly files = new Map<string, string>();
  private exports = 0;
  private attached = 0;

  private constructor(
    readonly duck: NativeDuck,
    /** Private scratch folder: test files, exports, JSON rewrites. */
    private readonly dir: string,
    files: Readonly<Record<string, string>>,
  ) {
    for (const [name, path] of Object.entries(files)) this.files.set(name, path);
  }

  static async create(options: NativeBackendOptions = {}): Promise<NativeDuckBackend> {
    // Beside the spill when a temp folder is given: the tables file is as large as the data.
    const scratchRoot = options.tempDirectory ?? tmpdir();
    mkdirSync(scratchRoot, { recursive: true });
    const dir = realpathSync(mkdtempSync(join(scratchRoot, 'pipewright-native-')));
    mkdirSync(join(dir, 'files'));
    mkdirSync(join(dir, 'exports'));
    const files: Record<string, string> = {};
    for (const [name, path] of Object.entries(options.files ?? {})) files[name] = realpathSync(path);
    const database = options.tablesOnDisk ? join(dir, 'tables.duckdb') : undefined;
    const duck = await NativeDuck.create({ ...options, database });
    // ATTACH of a DuckDB database file (format duckdb) also opens its write-ahead log beside it.
    const readable = Object.values(files).flatMap((path) => [path, `${path}.wal`]);
    const directories = [`${dir}/`, ...(options.directories ?? []).map((d) => `${realpathSync(d)}/`)];
    for (const statement of nativeLockdown(readable, directories)) await duck.run(statement);
    return new NativeDuckBackend(duck, dir, files);
  }

  async query(sql: string, signal?: AbortSignal): Promise<Table> {
    try {
      return readerToArrow(await this.duck.run(sql, signal));
    } catch (err) {
      if (signal?.aborted) throw new Error('Run cancelled.');
      throw sqlError(err);
    }
  }

  tableNames(sql: string): Promise<string[]> {
    return nativeTableNames(this.duck, sql);
  }

  tokenize(sql: string): Promise<SqlTokens> {
    return nativeTokenize(this.duck, sql);
  }

  /** A file for tests: `content` written into the scratch folder under `name`. */
  addFile(name: string, content: string | Uint8Array): void {
    const path = filePath(name, `${this.dir}/files/`);
    writeFileSync(path, content);
    this.files.set(name, path);
  }

  hasFile(name: string): boolean {
    return this.files.has(name);
  }

  /** Where the file uploaded as `name` lies. */
  pathOf(name: string): string | undefined {
    return this.files.get(name);
  }

  async loadFile(name: string, options: FileReadOptions, table: string, signal?: AbortSignal): Promise<void> {
    const path = this.files.get(name);
    if (!path) throw new Error(`File "${name}" was not given: pass it with --file ${name}=<path>.`);
    const query = (sql: string) => this.query(sql, signal);
    const target = quoteIdent(table);
    switch (options.format) {
      case 'csv':
      case 'tsv':
        await loadCsv(query, name, path, head(path), options, table);
        return;
      case 'parquet':
        await query(
          `CREATE OR REPLACE TABLE ${target} AS SELECT * FROM read_parquet(${quoteLiteral(path)})`,
        ).catch((err: unknown) => {
          throw new Error(
            `Not a readable Parquet file ("${name}"): ${String(err instanceof Error ? err.message : err).slice(0, 300)}`,
          );
        });
        break;
      case 'json': {
        // loadJson rewrites NDJSON and single records beside the file: here, in scratch.
        const rewrites = new Map<string, string>();
        await loadJson(
          {
            insert: async (p) => {
              await query(
                `CREATE OR REPLACE TABLE ${target} AS SELECT * FROM read_json_auto(${quoteLiteral(rewrites.get(p) ?? p)})`,
              );
            },
            text: async () => readFileSync(path, 'utf8'),
            withText: async (p, text, fn) => {
              const scratch = join(this.dir, 'files', `rewrite-${rewrites.size}.json`);
              writeFileSync(scratch, text);
              rewrites.set(p, scratch);
              try {
                return await fn();
              } finally {
                rmSync(scratch, { force: true });
              }
            },
          },
          name,
          path,
        );
        break;
      }
      case 'arrow': {
        // No Arrow reader is built into native DuckDB: decode with apache-arrow and insert.
        let ipc: Uint8Array;
        try {
          // Re-encoded as one IPC stream, whatever the file's layout (file or stream format).
          ipc = tableToIPC(tableFromIPC(readFileSync(path)), 'stream');
        } catch (err) {
          throw new Error(
            `Not a readable Arrow file ("${name}"): ${String(err instanceof Error ? err.message : err)}`,
          );
        }
        await query(`DROP TABLE IF EXISTS ${target}`);
        await this.insertArrow(ipc, table);
        break;
      }
      case 'duckdb':
        await this.loadDuckdbTable(name, path, options.table ?? '', table, signal);
        break;
    }
    await tidyLoadedTable(query, table);
  }

  /**
   * Copy one table of the DuckDB database file at `path` into `table`: `wanted` names it
   * (`table` or `schema.table`, as DuckDB compares names); '' takes the file's only table.
   * The file is attached read-only, and only while it is copied.
   */
  private async loadDuckdbTable(
    name: string,
    path: string,
    wanted: string,
    table: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const alias = `pipewright_source_${++this.attached}`;
    await this.query(`ATTACH ${quoteLiteral(path)} AS ${quoteIdent(alias)} (READ_ONLY)`, signal).catch(
      (err: unknown) => {
        throw new Error(
          `Not a readable DuckDB database file ("${name}"): ${String(err instanceof Error ? err.message : err).slice(0, 300)}`,
        );
      },
    );
    try {
      const tables = arrowRows(
        await this.query(
          `SELECT schema_name AS s, table_name AS t FROM duckdb_tables() WHERE database_name = ${quoteLiteral(alias)} ORDER BY s <> 'main', s, t`,
          signal,
        ),
      ).map((r) => ({ schema: String(r.s), name: String(r.t) }));
      const label = (t: { schema: string; name: string }) =>
        t.schema === 'main' ? t.name : `${t.schema}.${t.name}`;
      const listed = tables.map(label).join(', ') || 'none';
      const key = wanted.trim().toLowerCase();
      const pick = key
        ? tables.find((t) => label(t).toLowerCase() === key || `${t.schema}.${t.name}`.toLowerCase() === key)
        : tables.length === 1
          ? tables[0]
          : undefined;
      if (!pick)
        throw new Error(
          key
            ? `"${name}" has no table "${wanted}": it holds ${listed}.`
            : `"${name}" holds ${tables.length} tables (${listed}): name one in Table.`,
        );
      await this.query(
        `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM ${quoteIdent(alias)}.${quoteIdent(pick.schema)}.${quoteIdent(pick.name)}`,
        signal,
      );
    } finally {
      await this.query(`DETACH ${quoteIdent(alias)}`);
    }
  }

  /** Append rows of text (null for NULL) to `table`, whose columns are all VARCHAR. */
  async appendText(table: string, rows: readonly (readonly (string | null)[])[]): Promise<void> {
    await this.duck.exclusive(async (conn) => {
      const appender = await conn.createAppender(table);
      for (const row of rows) {
        for (const value of row) {
          if (value === null) appender.appendNull();
          else appender.appendVarchar(value);
        }
        appender.endRow();
      }
      appender.closeSync();
    });
  }

  async exportQuery(select: string, format: 'csv' | 'parquet'): Promise<Uint8Array> {
    const path = join(this.dir, 'exports', `export-${++this.exports}.${format}`);
    const options = format === 'csv' ? "(HEADER, DELIMITER ',')" : '(FORMAT parquet, COMPRESSION zstd)';
    await this.query(`COPY (${select}) TO ${quoteLiteral(path)} ${options}`);
    try {
      return new Uint8Array(readFileSync(path));
    } finally {
      rmSync(path, { force: true });
    }
  }

  /**
   * Write a query's result straight to `path` (which must lie in an allowed folder). With
   * `partitionBy`, `path` is a folder of Hive partitions (`col=value/data_0.parquet`).
   */
  async copyTo(
    select: string,
    path: string,
    format: 'csv' | 'parquet',
    partitionBy: readonly string[] = [],
  ): Promise<void> {
    const options = [
      format === 'csv' ? "FORMAT csv, HEADER, DELIMITER ','" : 'FORMAT parquet, COMPRESSION zstd',
    ];
    if (partitionBy.length) options.push(`PARTITION_BY (${partitionBy.map(quoteIdent).join(', ')})`);
    await this.query(`COPY (${select}) TO ${quoteLiteral(path)} (${options.join(', ')})`);
  }

  async insertArrow(ipc: Uint8Array, table: string): Promise<void> {
    const t = tableFromIPC(ipc);
    const fields = t.schema.fields;
    const types = fields.map((f) => columnType(f.type));
    await this.query(
      `CREATE TABLE ${quoteIdent(table)} (${fields.map((f, i) => `${quoteIdent(f.name)} ${types[i]}`).join(', ')})`,
    );
    const vectors = fields.map((_, i) => t.getChildAt(i));
    await this.duck.exclusive(async (conn) => {
      const appender = await conn.createAppender(table);
      for (let r = 0; r < t.numRows; r++) {
        for (let c = 0; c < vectors.length; c++) {
          const value: unknown = vectors[c]?.get(r);
          if (value === null || value === undefined) appender.appendNull();
          else if (types[c] === 'FLOAT') appender.appendFloat(value as number);
          else if (types[c] === 'DOUBLE') appender.appendDouble(Number(value));
          else if (types[c] === 'BOOLEAN') appender.appendBoolean(Boolean(value));
          else appender.appendVarchar(String(value));
        }
        appender.endRow();
      }
      appender.closeSync();
    });
  }

  running(): number {
    return this.duck.running;
  }

  close(): void {
    this.duck.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
