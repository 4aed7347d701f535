import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializePipeline } from '../src/graph/pipeline-file';
import type { PipelineGraph } from '../src/shared/graph-types';
import { main } from './main';
import type { RunReport } from './run-report';
import { PipelineRunner } from './runner';
import { edge, node } from './testing/pipeline';
import { watchInputs } from './watch';

let dir: string;
const at = (name: string) => join(dir, name);

/** CSV in → filter → hourly SQL → CSV out, plus an independent sample → Parquet branch. */
const graph: PipelineGraph = {
  name: 'cli test',
  nodes: [
    node('readings', 'ingest.file', { file: 'readings.csv' }),
    node('warm', 'clean.filter', { where: 'temp > 10' }),
    node('stats', 'transform.sql', {
      sql: 'SELECT count(*)::DOUBLE AS n, sum(temp)::DOUBLE AS total FROM input',
    }),
    node('csv', 'export.data', { format: 'csv' }),
    node('sample', 'ingest.sample', { rows: 500 }),
    node('pq', 'export.data', { format: 'parquet' }),
  ],
  edges: [edge('readings', 'warm'), edge('warm', 'stats'), edge('stats', 'csv'), edge('sample', 'pq')],
};

/** Run the CLI in process; stdout and stderr captured. */
async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const readReport = (out: string) => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunReport;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-cli-test-'));
  writeFileSync(at('readings.csv'), 'temp,city\n5,a\n12,b\n20,c\n');
  writeFileSync(at('p.pipeline.json'), serializePipeline(graph));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pipewright run', () => {
  it('writes every export and run.json as PIPELINE_FORMAT §5 fixes it, and exits 0', async () => {
    const r = await cli(
      'run',
      at('p.pipeline.json'),
      '--file',
      `readings.csv=${at('readings.csv')}`,
      '--out',
      at('out1'),
      '--json',
    );
    expect(r.code).toBe(0);
    const report = readReport(at('out1'));
    expect(report.status).toBe('done');
    expect(Object.keys(report.nodes).sort()).toEqual(['csv', 'pq', 'readings', 'sample', 'stats', 'warm']);
    expect(report.nodes.warm).toMatchObject({ status: 'done', rows: 2, kind: 'clean.filter' });
    for (const n of Object.values(report.nodes)) expect(typeof n.seconds).toBe('number');
    expect(readFileSync(at('out1/csv.csv'), 'utf8')).toBe('n,total\n2.0,32.0\n');
    expect(readFileSync(at('out1/pq.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    expect(report.nodes.csv?.file).toBe('csv.csv');
    // --json: one event per line, ending with the report.
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.some((l) => l.type === 'node-done')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'run-report', status: 'done' });
  });

  it('exits 1 when a node fails, printing its id, kind and message; the rest still runs', async () => {
    const r = await cli(
      'run',
      at('p.pipeline.json'),
      '--file',
      `readings.csv=${at('readings.csv')}`,
      '--out',
      at('out2'),
      '--json',
      '--param',
      'stats.sql=SELECT nosuch FROM input',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/✗ node "stats" \(transform\.sql\) failed: Param "sql": binder error/);
    const report = readReport(at('out2'));
    expect(report.status).toBe('error');
    expect(report.nodes.stats?.status).toBe('error');
    expect(report.nodes.csv?.status).toBe('blocked');
    expect(report.nodes.pq?.status).toBe('done');
    expect(existsSync(at('out2/pq.parquet'))).toBe(true);
    expect(existsSync(at('out2/csv.csv'))).toBe(false);
  });

  it('refuses a bad command line, a missing --file and an invalid --param before running (exit 2)', async () => {
    expect((await cli('run', at('p.pipeline.json'), '--out', at('out3'))).stderr).toMatch(
      /reads "readings\.csv": give each with --file/,
    );
    const bad = await cli(
      'run',
      at('p.pipeline.json'),
      '--file',
      `readings.csv=${at('readings.csv')}`,
      '--param',
      'sample.rows=-5',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sample/);
    expect((await cli('run', at('p.pipeline.json'), '--param', 'nosuch.x=1')).stderr).toMatch(
      /no node "nosuch"/,
    );
    expect((await cli('frobnicate')).code).toBe(2);
    expect(existsSync(at('out3'))).toBe(false);
  });

  it('--cache: a new process re-running after one node changed recomputes only it and downstream', async () => {
    const args = [
      'run',
      at('p.pipeline.json'),
      '--file',
      `readings.csv=${at('readings.csv')}`,
      '--cache',
      at('cache'),
      '--json',
    ];
    expect((await cli(...args, '--out', at('c1'))).code).toBe(0);
    expect((await cli(...args, '--out', at('c2'), '--param', 'warm.where=temp > 15')).code).toBe(0);
    const report = readReport(at('c2'));
    const status = Object.fromEntries(Object.entries(report.nodes).map(([id, n]) => [id, n.status]));
    expect(status).toEqual({
      readings: 'cached',
      warm: 'done',
      stats: 'done',
      csv: 'done',
      sample: 'cached',
      pq: 'cached',
    });
    expect(readFileSync(at('c2/csv.csv'), 'utf8')).toBe('n,total\n1.0,20.0\n');
    // Cached nodes still write their exports.
    expect(existsSync(at('c2/pq.parquet'))).toBe(true);
  });

  it('--watch: rows appended to an input re-run what reads it, and only that', async () => {
    const csv = at('growing.csv');
    writeFileSync(csv, 'temp,city\n20,a\n');
    const runner = await PipelineRunner.create({ files: { 'readings.csv': csv }, out: at('w') });
    try {
      expect((await runner.run(graph)).nodes.stats?.rows).toBe(1);
      const reports: RunReport[] = [];
      const stop = new AbortController();
      const watching = watchInputs(
        [csv],
        async () => {
          reports.push(await runner.run(graph));
          stop.abort();
        },
        stop.signal,
        50,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      appendFileSync(csv, '30,b\n40,c\n');
      const timeout = setTimeout(() => stop.abort(), 10_000);
      await watching;
      clearTimeout(timeout);
      expect(reports).toHaveLength(1);
      const [second] = reports;
      expect(second?.nodes.readings).toMatchObject({ status: 'done', rows: 3 });
      expect(second?.nodes.sample?.status).toBe('cached');
      expect(readFileSync(at('w/csv.csv'), 'utf8')).toBe('n,total\n3.0,90.0\n');
    } finally {
      runner.close();
    }
  });

  it('runs as the package bin (cli/pipewright.mjs), with the exit code and messages of a failed node', () => {
    const r = spawnSync(
      process.execPath,
      [
        'cli/pipewright.mjs',
        'run',
        at('p.pipeline.json'),
        '--file',
        `readings.csv=${at('readings.csv')}`,
        '--out',
        at('bin'),
        '--param',
        'warm.where=nosuch > 1',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/✗ node "warm" \(clean\.filter\) failed: Param "where": binder error/);
    expect(readReport(at('bin')).nodes.pq?.status).toBe('done');
  }, 60_000);
});
