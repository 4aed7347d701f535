import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializePipeline } from '../src/graph/pipeline-file';
import { main } from './main';
import type { RunReport } from './run-report';
import { edge, node } from './testing/pipeline';

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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-partition-'));
  const rows = Array.from({ length: 300 }, (_, i) => `${i},${['north', 'south', 'east'][i % 3]},${i % 2}`);
  writeFileSync(at('readings.csv'), `temp,site,shift\n${rows.join('\n')}\n`);
  writeFileSync(
    at('p.pipeline.json'),
    serializePipeline({
      name: 'partitions',
      nodes: [
        node('readings', 'ingest.file', { file: 'readings.csv' }),
        node('parts', 'export.data', { format: 'parquet', partitionBy: ['site', 'shift'] }),
        node('bad', 'export.data', { format: 'parquet', partitionBy: ['nosuch'] }),
      ],
      edges: [edge('readings', 'parts'), edge('readings', 'bad')],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export.data partitionBy in the CLI', () => {
  it('writes a folder of Hive-partitioned Parquet into --out, replaced on a re-run', async () => {
    const args = ['run', at('p.pipeline.json'), '--file', `readings.csv=${at('readings.csv')}`, '--json'];
    expect(await cli(...args, '--out', at('out'))).toBe(1);
    // Run again into the same folder: the partitions are replaced, not added to.
    expect(await cli(...args, '--out', at('out'))).toBe(1);
    const report = readReport(at('out'));
    expect(report.nodes.parts).toMatchObject({ status: 'done', file: 'parts/' });
    expect(report.nodes.bad?.error).toBe('Partition by: no column "nosuch" in the input.');
    expect(readdirSync(at('out/parts')).sort()).toEqual(['site=east', 'site=north', 'site=south']);
    expect(readdirSync(at('out/parts/site=north')).sort()).toEqual(['shift=0', 'shift=1']);
    expect(existsSync(at('out/parts/site=north/shift=0/data_0.parquet'))).toBe(true);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const read = await conn.runAndReadAll(
        `SELECT count(*)::INT AS n, sum(temp)::INT AS total, count(DISTINCT site)::INT AS sites
         FROM read_parquet('${at('out/parts')}/**/*.parquet', hive_partitioning = true)`,
      );
      expect(read.getRowObjectsJS()).toEqual([{ n: 300, total: (299 * 300) / 2, sites: 3 }]);
      // The partition columns live in the folder names, not inside the files.
      const inside = await conn.runAndReadAll(
        `SELECT name FROM parquet_schema('${at('out/parts/site=north/shift=0/data_0.parquet')}') WHERE name <> 'duckdb_schema'`,
      );
      expect(inside.getRowObjectsJS()).toEqual([{ name: 'temp' }]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  }, 60_000);
});
