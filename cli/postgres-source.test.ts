import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializePipeline } from '../src/graph/pipeline-file';
import { quoteIdent } from '../src/nodes/sql-util';
import type { PipelineGraph } from '../src/shared/graph-types';
import { arrowRows } from '../workers/arrow-rows';
import { main } from './main';
import type { RunReport } from './run-report';
import { PipelineRunner } from './runner';
import { edge, node } from './testing/pipeline';
import { type PostgresServer, startPostgres } from './testing/postgres-server';

// A real PostgreSQL (Debian's server, started here on a temporary folder and port), never a
// mock. When it cannot be installed or started, beforeAll throws and every test fails.

const ROWS = 2_500;
let server: PostgresServer;
let dir: string;
const at = (name: string) => join(dir, name);

const dbNode = (id: string, params: Record<string, unknown>) =>
  node(id, 'ingest.database', { connectionEnv: 'PW_TEST_PG', batchRows: 1000, ...params });

async function cli(...argv: string[]) {
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  try {
    return { code: await main(argv), stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function pipeline(name: string, graph: Omit<PipelineGraph, 'name'>): string {
  const path = at(`${name}.pipeline.json`);
  writeFileSync(path, serializePipeline({ name, ...graph }));
  return path;
}

/** The rows of a node's `out` table, after a run. */
async function tableRows(runner: PipelineRunner, id: string): Promise<Record<string, unknown>[]> {
  const out = runner.engine.cache.get(id)?.outputs.out;
  if (out?.type !== 'table') throw new Error(`node ${id} has no table`);
  return arrowRows(await runner.duck.query(`SELECT * FROM ${quoteIdent(out.table)}`));
}

const readReport = (out: string) => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunReport;

beforeAll(async () => {
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'pw-pg-test-'));
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query(`
    CREATE SCHEMA plant;
    CREATE TABLE plant.readings (
      id int4 PRIMARY KEY, small int2, big int8, f4 float4, f8 float8, price numeric(10,2),
      ratio numeric, ok bool, name text, code varchar(8), grade char(2), day date,
      at timestamp, at_tz timestamptz, doc json, docb jsonb, uid uuid, raw bytea);
    INSERT INTO plant.readings
    SELECT i, (i % 100)::int2, i::int8 * 1000000000, i / 4.0, i / 8.0, (i / 100.0)::numeric(10,2),
      i / 3.0, i % 2 = 0, 'name ' || i, 'c' || (i % 7), 'g' || (i % 3),
      date '2024-01-01' + (i % 365), timestamp '2024-01-01 00:00:00' + i * interval '1 minute',
      timestamptz '2024-01-01 00:00:00+02' + i * interval '1 hour', json_build_object('i', i),
      jsonb_build_object('i', i), md5(i::text)::uuid, int4send(i)
    FROM generate_series(1, ${ROWS}) AS i;
    UPDATE plant.readings SET f8 = NULL, name = NULL WHERE id % 10 = 0;
    CREATE FUNCTION plant.wipe() RETURNS bigint LANGUAGE sql
      AS 'WITH gone AS (DELETE FROM plant.readings RETURNING 1) SELECT count(*) FROM gone';
  `);
  await client.end();
  process.env.PW_TEST_PG = server.url;
}, 120_000);

afterAll(() => {
  delete process.env.PW_TEST_PG;
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ingest.database on a real PostgreSQL', () => {
  it('streams a table in batches into DuckDB with its column types mapped and every row', async () => {
    const runner = await PipelineRunner.create({ files: {}, out: at('types') });
    try {
      const graph: PipelineGraph = {
        name: 'types',
        nodes: [
          dbNode('db', { table: 'plant.readings' }),
          node('totals', 'transform.sql', {
            sql: 'SELECT count(*) AS n, count(f8) AS f8s, sum(big) AS big, sum(price) AS price, sum(ok::INT) AS oks, min(day) AS d0, max(at_tz) AS t1, max(octet_length(raw)) AS raw FROM input',
          }),
        ],
        edges: [edge('db', 'totals')],
      };
      const report = await runner.run(graph);
      expect(report.nodes.totals?.error).toBeUndefined();
      expect(report.status).toBe('done');
      expect(report.nodes.db).toMatchObject({ status: 'done', rows: ROWS, kind: 'ingest.database' });
      const out = runner.engine.cache.get('db')?.outputs.out;
      const types = out?.type === 'table' ? Object.fromEntries(out.columns.map((c) => [c.name, c.type])) : {};
      expect(types).toEqual({
        id: 'INTEGER',
        small: 'SMALLINT',
        big: 'BIGINT',
        f4: 'FLOAT',
        f8: 'DOUBLE',
        price: 'DECIMAL(10,2)',
        ratio: 'DOUBLE',
        ok: 'BOOLEAN',
        name: 'VARCHAR',
        code: 'VARCHAR',
        grade: 'VARCHAR',
        day: 'DATE',
        at: 'TIMESTAMP',
        // Time-zone timestamps load as UTC TIMESTAMP, as they do from files.
        at_tz: 'TIMESTAMP',
        doc: 'VARCHAR',
        docb: 'VARCHAR',
        uid: 'VARCHAR',
        raw: 'BLOB',
      });
      const [totals] = await tableRows(runner, 'totals');
      // The same aggregates PostgreSQL computes.
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query(
        `SELECT count(*)::int AS n, count(f8)::int AS f8s, sum(big)::text AS big, sum(price)::text AS price,
           sum(ok::int)::int AS oks, min(day)::text AS d0,
           to_char(max(at_tz) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS t1 FROM plant.readings`,
      );
      await client.end();
      const pgTotals = rows[0] as Record<string, string | number>;
      expect(Number(totals?.n)).toBe(pgTotals.n);
      expect(Number(totals?.f8s)).toBe(pgTotals.f8s);
      expect(String(totals?.big)).toBe(pgTotals.big);
      expect(Number(totals?.price)).toBeCloseTo(Number(pgTotals.price), 6);
      expect(Number(totals?.oks)).toBe(pgTotals.oks);
      expect(new Date(Number(totals?.d0)).toISOString().slice(0, 10)).toBe(pgTotals.d0);
      expect(new Date(Number(totals?.t1)).toISOString().replace('T', ' ').slice(0, 19)).toBe(pgTotals.t1);
      expect(Number(totals?.raw)).toBe(4);
    } finally {
      runner.close();
    }
  }, 120_000);

  it('reads the database again on every run, and recomputes what follows it (regression: stale downstream)', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query('CREATE TABLE plant.growing AS SELECT generate_series(1, 3) AS id');
    const runner = await PipelineRunner.create({ files: {}, out: at('again') });
    try {
      const graph: PipelineGraph = {
        name: 'again',
        nodes: [
          dbNode('db', { table: 'plant.growing' }),
          node('n', 'transform.sql', { sql: 'SELECT count(*) AS n FROM input' }),
        ],
        edges: [edge('db', 'n')],
      };
      expect((await runner.run(graph)).nodes.db?.rows).toBe(3);
      expect(await tableRows(runner, 'n')).toEqual([{ n: 3 }]);
      await client.query('INSERT INTO plant.growing VALUES (4), (5)');
      const second = await runner.run(graph);
      expect(second.nodes.db).toMatchObject({ status: 'done', rows: 5 });
      expect(second.nodes.n?.status).toBe('done');
      expect(await tableRows(runner, 'n')).toEqual([{ n: 5 }]);
    } finally {
      runner.close();
      await client.end();
    }
  }, 120_000);

  it('runs a read-only SELECT through the CLI and exports it; run.json holds no password', async () => {
    const path = pipeline('query', {
      nodes: [
        dbNode('db', {
          query: 'SELECT code, count(*) AS n, avg(f4) AS mean FROM plant.readings GROUP BY code',
        }),
        node('csv', 'export.data', { format: 'csv' }),
      ],
      edges: [edge('db', 'csv')],
    });
    const r = await cli('run', path, '--out', at('q'), '--json');
    expect(r.code).toBe(0);
    const report = readReport(at('q'));
    expect(report.nodes.db).toMatchObject({ status: 'done', rows: 7 });
    const csv = readFileSync(at('q/csv.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('code,n,mean');
    expect(csv.slice(1).reduce((sum, line) => sum + Number(line.split(',')[1]), 0)).toBe(ROWS);
    expect(readFileSync(at('q/run.json'), 'utf8')).not.toContain(server.password);
    expect(readFileSync(path, 'utf8')).not.toContain(server.password);
  }, 120_000);

  it('refuses a query that is not one read-only SELECT, and the table is untouched', async () => {
    const queries = {
      del: 'DELETE FROM plant.readings',
      two: 'SELECT 1; DELETE FROM plant.readings',
      cte: 'WITH gone AS (DELETE FROM plant.readings RETURNING id) SELECT * FROM gone',
      // A SELECT whose function writes: only the READ ONLY transaction stops it.
      fn: 'SELECT plant.wipe()',
    };
    const path = pipeline('writes', {
      nodes: Object.entries(queries).map(([id, query]) => dbNode(id, { query })),
      edges: [],
    });
    const r = await cli('run', path, '--out', at('w'), '--json');
    expect(r.code).toBe(1);
    const report = readReport(at('w'));
    expect(report.nodes.del?.error).toBe(
      'Query must be one read-only SELECT: a DELETE statement is refused.',
    );
    expect(report.nodes.two?.error).toBe(
      'Query must be one read-only SELECT: it holds more than one statement.',
    );
    expect(report.nodes.cte?.status).toBe('error');
    expect(report.nodes.cte?.error).toBe(
      'PostgreSQL (PW_TEST_PG): DECLARE CURSOR must not contain data-modifying statements in WITH',
    );
    expect(report.nodes.fn?.error).toMatch(
      /^PostgreSQL \(PW_TEST_PG\): cannot execute .* in a read-only transaction/,
    );
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM plant.readings');
    await client.end();
    expect(rows[0]).toEqual({ n: ROWS });
  }, 120_000);

  it('names a missing environment variable, and never shows a password in an error', async () => {
    const path = pipeline('errors', {
      nodes: [
        dbNode('unset', { table: 'plant.readings', connectionEnv: 'PW_TEST_NOT_SET' }),
        dbNode('wrongpw', { table: 'plant.readings', connectionEnv: 'PW_TEST_BAD_PW' }),
        dbNode('notable', { table: 'plant.nosuch' }),
        dbNode('echo', { table: 'plant.readings', connectionEnv: 'PW_TEST_ECHO' }),
      ],
      edges: [],
    });
    const badPassword = 'wrong-Secret-123';
    process.env.PW_TEST_BAD_PW = `postgres://${server.user}:${badPassword}@127.0.0.1:${server.port}/postgres`;
    // The client's error for this one repeats part of the string (the certificate path).
    process.env.PW_TEST_ECHO = `postgres://u:${badPassword}@127.0.0.1:${server.port}/db?sslmode=verify-full&sslrootcert=/nonexistent/${badPassword}`;
    try {
      const r = await cli('run', path, '--out', at('e'), '--json');
      expect(r.code).toBe(1);
      const report = readReport(at('e'));
      expect(report.nodes.unset?.error).toBe(
        'Environment variable PW_TEST_NOT_SET is not set: set it to the PostgreSQL connection string (postgres://user:password@host:port/database) before running.',
      );
      expect(report.nodes.wrongpw?.error).toMatch(
        /^PostgreSQL \(PW_TEST_BAD_PW\): password authentication failed/,
      );
      expect(report.nodes.notable?.error).toMatch(
        /^PostgreSQL \(PW_TEST_PG\): relation "plant.nosuch" does not exist/,
      );
      expect(report.nodes.echo?.error).toBe(
        "PostgreSQL (PW_TEST_ECHO): ENOENT: no such file or directory, open '/nonexistent/***'",
      );
      const everything = `${readFileSync(at('e/run.json'), 'utf8')}\n${r.stderr}`;
      expect(everything).not.toContain(server.password);
      expect(everything).not.toContain(badPassword);
    } finally {
      delete process.env.PW_TEST_BAD_PW;
      delete process.env.PW_TEST_ECHO;
    }
  }, 120_000);
});
