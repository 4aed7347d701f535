import pg from 'pg';
import type { DatabaseRead } from '../src/nodes/define-node-kind';
import { tableParts } from '../src/nodes/ingest/database-query';
import { quoteIdent } from '../src/nodes/sql-util';
import { tidyLoadedTable } from '../workers/loaded-table';
import type { NativeDuckBackend } from '../workers/native/duck-backend-native';
import { mapPostgresType } from './postgres-types';

/** The text forms of the connection string's secrets, to keep out of every message. */
function secretsOf(url: string): string[] {
  const secrets = [url];
  try {
    const password = new URL(url).password;
    if (password) secrets.push(password, decodeURIComponent(password));
  } catch {
    // Not a URL (a key=value string): only the whole string is known to be secret.
  }
  return secrets.filter((s) => s.length > 0);
}

function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

/** PostgreSQL's error for several statements where one was expected (extended protocol). */
const MULTIPLE_COMMANDS = /cannot insert multiple commands into a prepared statement/i;

/**
 * Streams a PostgreSQL table or read-only query into a DuckDB table of the native backend:
 * a server-side cursor in a READ ONLY transaction, fetched `batchRows` at a time as text,
 * appended to a staging table and cast into the mapped column types by DuckDB, batch by
 * batch, so memory holds one batch. The connection string is read from the environment
 * variable the node names, and never appears in an error.
 */
export class PostgresReader {
  private staged = 0;

  constructor(
    private readonly duck: NativeDuckBackend,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {}

  read = async (
    request: DatabaseRead,
    table: string,
    signal: AbortSignal,
    onRows: (rows: number) => void = () => {},
  ): Promise<void> => {
    const url = this.env[request.connectionEnv];
    if (!url)
      throw new Error(
        `Environment variable ${request.connectionEnv} is not set: set it to the PostgreSQL connection string (postgres://user:password@host:port/database) before running.`,
      );
    const secrets = secretsOf(url);
    try {
      await this.copy(url, request, table, signal, onRows);
    } catch (err) {
      if (signal.aborted) throw new Error('Run cancelled.');
      const message = err instanceof Error ? err.message : String(err);
      if (MULTIPLE_COMMANDS.test(message))
        throw new Error('Query must be one read-only SELECT: it holds more than one statement.');
      throw new Error(`PostgreSQL (${request.connectionEnv}): ${redact(message, secrets)}`);
    }
  };

  private async copy(
    url: string,
    request: DatabaseRead,
    table: string,
    signal: AbortSignal,
    onRows: (rows: number) => void,
  ): Promise<void> {
    const client = new pg.Client({
      connectionString: url,
      // Every value as PostgreSQL's text: DuckDB parses it into the mapped type.
      types: { getTypeParser: () => (text: string) => text },
    });
    const stop = () => void client.end().catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    const staging = `${table}__staging_${++this.staged}`;
    try {
      await client.connect();
      // One statement at a time (extended protocol), so a query cannot smuggle a second one.
      // The cast: pg's `queryMode` option is missing from @types/pg's QueryArrayConfig.
      const run = (text: string) =>
        client.query({ text, rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig);
      await run('BEGIN READ ONLY');
      await run("SET LOCAL TimeZone = 'UTC'");
      await run("SET LOCAL DateStyle = 'ISO, YMD'");
      await run("SET LOCAL bytea_output = 'hex'");
      await run('SET LOCAL extra_float_digits = 3');
      const source = request.query
        ? request.query.replace(/;\s*$/, '')
        : `SELECT * FROM ${(tableParts(request.table) ?? [request.table]).map((p) => client.escapeIdentifier(p)).join('.')}`;
      // A cursor takes only a SELECT or VALUES without data-modifying WITH.
      await run(`DECLARE pipewright_source NO SCROLL CURSOR FOR ${source}`);
      let created = false;
      let read = 0;
      for (;;) {
        const batch = await run(`FETCH FORWARD ${request.batchRows} FROM pipewright_source`);
        if (!created) {
          await this.createTables(table, staging, batch.fields);
          created = true;
        }
        if (!batch.rows.length) break;
        await this.duck.appendText(staging, batch.rows as (string | null)[][]);
        const casts = batch.fields.map((f, i) =>
          mapPostgresType(f.dataTypeID, f.dataTypeModifier).cast(quoteIdent(`c${i}`)),
        );
        await this.duck.query(
          `INSERT INTO ${quoteIdent(table)} SELECT ${casts.join(', ')} FROM ${quoteIdent(staging)}`,
          signal,
        );
        await this.duck.query(`DELETE FROM ${quoteIdent(staging)}`, signal);
        read += batch.rows.length;
        onRows(read);
        if (batch.rows.length < request.batchRows) break;
      }
      await run('COMMIT');
    } finally {
      signal.removeEventListener('abort', stop);
      await this.duck.query(`DROP TABLE IF EXISTS ${quoteIdent(staging)}`).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
    await tidyLoadedTable((sql) => this.duck.query(sql, signal), table);
  }

  private async createTables(table: string, staging: string, fields: readonly pg.FieldDef[]): Promise<void> {
    const columns = fields.map((f) => mapPostgresType(f.dataTypeID, f.dataTypeModifier).type);
    await this.duck.query(
      `CREATE OR REPLACE TABLE ${quoteIdent(table)} (${fields.map((f, i) => `${quoteIdent(f.name)} ${columns[i]}`).join(', ')})`,
    );
    await this.duck.query(
      `CREATE OR REPLACE TABLE ${quoteIdent(staging)} (${fields.map((_, i) => `${quoteIdent(`c${i}`)} VARCHAR`).join(', ')})`,
    );
  }
}
