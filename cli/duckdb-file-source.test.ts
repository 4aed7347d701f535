import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializePipeline } from '../src/graph/pipeline-file';
import { main } from './main';
import type { RunReport } from './run-report';
import { node } from './testing/pipeline';

let dir: string;
const at = (name: string) => join(dir, name);

async function cli(...argv: string[]) {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await main(argv);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const readReport = (out: string) => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-duckdb-file-'));
  const db = await DuckDBInstance.create(at('plant.duckdb'));
  const conn = await db.connect();
  await conn.run(`
    CREATE TABLE readings AS SELECT range::INTEGER AS id, range * 0.5 AS temp FROM range(1000);
    CREATE SCHEMA archive;
    CREATE TABLE archive.old AS SELECT 1 AS x;`);
  conn.closeSync();
  db.closeSync();
  const one = await DuckDBInstance.create(at('one.duckdb'));
  const c1 = await one.connect();
  await c1.run('CREATE TABLE only_one AS SELECT 42 AS answer');
  c1.closeSync();
  one.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a DuckDB database file as a source (--file name=path.duckdb)', () => {
  it('reads the table a File node names (read-only), its only table when none is named, and says which exist', async () => {
    const path = at('p.pipeline.json');
    writeFileSync(
      path,
      serializePipeline({
        name: 'duckdb file',
        nodes: [
          node('readings', 'ingest.file', { file: 'plant.duckdb', table: 'readings' }),
          node('old', 'ingest.file', { file: 'plant.duckdb', table: 'archive.old' }),
          node('only', 'ingest.file', { file: 'one.duckdb' }),
          node('which', 'ingest.file', { file: 'plant.duckdb' }),
          node('nosuch', 'ingest.file', { file: 'plant.duckdb', table: 'nosuch' }),
          node('csv', 'export.data', { format: 'csv' }),
        ],
        edges: [{ source: 'only', sourcePort: 'out', target: 'csv', targetPort: 'in' }],
      }),
    );
    const code = await cli(
      'run',
      path,
      '--file',
      `plant.duckdb=${at('plant.duckdb')}`,
      '--file',
      `one.duckdb=${at('one.duckdb')}`,
      '--out',
      at('out'),
      '--json',
    );
    expect(code).toBe(1);
    const report = readReport(at('out'));
    expect(report.nodes.readings).toMatchObject({ status: 'done', rows: 1000 });
    expect(report.nodes.old).toMatchObject({ status: 'done', rows: 1 });
    expect(report.nodes.only).toMatchObject({ status: 'done', rows: 1 });
    expect(readFileSync(at('out/csv.csv'), 'utf8')).toBe('answer\n42\n');
    expect(report.nodes.which?.error).toBe(
      '"plant.duckdb" holds 2 tables (readings, archive.old): name one in Table.',
    );
    expect(report.nodes.nosuch?.error).toBe(
      '"plant.duckdb" has no table "nosuch": it holds readings, archive.old.',
    );
  }, 60_000);
});
