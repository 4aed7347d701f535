import { statSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { quoteLiteral } from '../../src/nodes/sql-util';
import type { PipelineGraph } from '../../src/shared/graph-types';
import { assertOk, type BenchEnv, type BenchOutput, edge, eventOf, graphOf, node, runOn } from './context';
import { NativeDuck } from './native';
import type { NativeEngine } from './native-engine';
import { median, type Row, ratioOf } from './results';

/** The uploaded CSV as both sides see it. */
export interface CsvFile {
  path: string;
  /** Upload name in the engine (and the native engine). */
  name: string;
  rows: number;
}

const ingestNode = (id: string, file: string) =>
  node(id, 'ingest.file', { file, format: 'csv', delimiter: 'auto', header: true });

/**
 * 1. Ingest: the engine's ingest.file node (from EngineApi.run to its node-done) vs
 * PapaParse (typed) in a worker of the same page vs native DuckDB's read_csv in Node.
 */
export async function benchIngest(env: BenchEnv, page: Page, csv: CsvFile): Promise<BenchOutput> {
  const { reps } = env.cfg;
  const bytes = statSync(csv.path).size;
  const mb = bytes / 1e6;

  // Repetitions interleave the three readers, so load from elsewhere on the machine
  // falls on all of them alike; rep 0 is the warm-up of each.
  const oursRun = async (i: number) => {
    // An empty run first evicts the previous rep's table, so dropping it is not timed.
    await runOn(page, graphOf([]));
    const id = `ingest${i}`;
    const record = await runOn(page, graphOf([ingestNode(id, csv.name)]));
    assertOk(record, 'ingest');
    const done = eventOf(record, 'node-done', id);
    if (done?.rows !== csv.rows) throw new Error(`ingest read ${done?.rows} rows, expected ${csv.rows}`);
    return done.at;
  };
  const papaRun = async (keep: boolean) => {
    const r = await page.evaluate(([name, k]) => window.bench.papa(name, k), [csv.name, keep] as const);
    if (r.rows !== csv.rows) throw new Error(`PapaParse read ${r.rows} rows, expected ${csv.rows}`);
    return r.ms;
  };
  const bareRun = async () => {
    const r = await page.evaluate((name) => window.bench.bareReadCsv(name), csv.name);
    if (r.rows !== csv.rows) throw new Error(`bare DuckDB-WASM read ${r.rows} rows, expected ${csv.rows}`);
    return r.ms;
  };
  const nativeRun = async (duck: NativeDuck) => {
    const ms = await duck.time(
      `CREATE OR REPLACE TABLE sensors AS SELECT * FROM read_csv(${quoteLiteral(csv.path)})`,
    );
    const n = Number(await duck.scalar('SELECT count(*) FROM sensors'));
    if (n !== csv.rows) throw new Error(`native read ${n} rows, expected ${csv.rows}`);
    return ms;
  };
  const duck = await NativeDuck.create();
  const duck1 = await NativeDuck.create({ threads: 1 });
  const threads = Number(await duck.scalar("SELECT current_setting('threads')"));
  const ours: number[] = [];
  const papa: number[] = [];
  const papaParseOnly: number[] = [];
  const bare: number[] = [];
  const native = { times: [] as number[], threads };
  const native1 = { times: [] as number[] };
  try {
    for (let i = 0; i <= reps; i++) {
      const r = {
        ours: await oursRun(i),
        papa: await papaRun(true),
        papaParseOnly: await papaRun(false),
        bare: await bareRun(),
        native: await nativeRun(duck),
        native1: await nativeRun(duck1),
      };
      env.log(
        `  ingest rep ${i}${i ? '' : ' (warm-up)'}: engine ${r.ours.toFixed(0)} ms, PapaParse ${r.papa.toFixed(0)} ms (parse only ${r.papaParseOnly.toFixed(0)} ms), bare DuckDB-WASM ${r.bare.toFixed(0)} ms, native ${r.native.toFixed(0)} ms (1 thread ${r.native1.toFixed(0)} ms)`,
      );
      if (i === 0) continue;
      ours.push(r.ours);
      papa.push(r.papa);
      papaParseOnly.push(r.papaParseOnly);
      bare.push(r.bare);
      native.times.push(r.native);
      native1.times.push(r.native1);
    }
  } finally {
    duck.close();
    duck1.close();
  }

  const rowsPerSec = (ms: number) => csv.rows / (ms / 1000);
  const mbPerSec = (ms: number) => mb / (ms / 1000);
  const o = median(ours);
  const p = median(papa);
  // The limit is native DuckDB at its best here: on a loaded 2-core machine one thread
  // can beat two, so the faster of the two settings is the baseline.
  const nDefault = median(native.times);
  const n1 = median(native1.times);
  const n = Math.min(nDefault, n1);
  const nName = n === n1 && threads !== 1 ? 'native, 1 thread' : `native, ${threads} threads`;
  const label = `CSV ${(csv.rows / 1e6).toFixed(csv.rows >= 1e6 ? 0 : 1)}M rows × 6 cols, ${mb.toFixed(1)} MB`;
  const vsPapa = ratioOf(rowsPerSec(o), rowsPerSec(p));
  const vsNative = ratioOf(rowsPerSec(o), rowsPerSec(n));
  const rows: Row[] = [
    {
      bench: '1 Ingest',
      measure: `${label}: engine vs PapaParse (typed, worker, rows kept)`,
      unit: 'rows/s',
      ours: rowsPerSec(o),
      baseline: { name: 'PapaParse', value: rowsPerSec(p) },
      ratio: vsPapa,
      target: { text: '≥ 4', pass: vsPapa !== null && vsPapa >= 4 },
    },
    {
      bench: '1 Ingest',
      measure: `${label}: engine vs native DuckDB read_csv`,
      unit: 'rows/s',
      ours: rowsPerSec(o),
      baseline: { name: nName, value: rowsPerSec(n) },
      ratio: vsNative,
      target: { text: '≥ 0.33 (within 3×)', pass: vsNative !== null && vsNative >= 1 / 3 },
    },
    {
      bench: '1 Ingest',
      measure: 'same, MB/s',
      unit: 'MB/s',
      ours: mbPerSec(o),
      baseline: { name: nName, value: mbPerSec(n) },
      ratio: ratioOf(mbPerSec(o), mbPerSec(n)),
      note: `PapaParse ${mbPerSec(p).toFixed(1)} MB/s keeping the rows (${mbPerSec(median(papaParseOnly)).toFixed(1)} MB/s parsing only, dropping each chunk); native DuckDB ${mbPerSec(nDefault).toFixed(1)} MB/s on ${threads} threads, ${mbPerSec(n1).toFixed(1)} MB/s on 1 (baseline: the faster); engine times from EngineApi.run to node-done`,
    },
    {
      bench: '1 Ingest',
      measure: `${label}: engine vs bare DuckDB-WASM (same bundle, one CREATE TABLE … read_csv)`,
      unit: 'rows/s',
      ours: rowsPerSec(o),
      baseline: { name: 'bare DuckDB-WASM', value: rowsPerSec(median(bare)) },
      ratio: ratioOf(rowsPerSec(o), rowsPerSec(median(bare))),
      note: 'the engine runs one CREATE TABLE … read_csv (null_padding, parallel=false; the sniffer runs inside it), then describes and counts the table; ≈1 = no overhead',
    },
  ];
  return {
    rows,
    details: {
      file: { rows: csv.rows, bytes },
      engineMs: ours,
      papaMs: papa,
      papaParseOnlyMs: papaParseOnly,
      bareDuckdbWasmMs: bare,
      nativeMs: native.times,
      nativeThreads: native.threads,
      native1ThreadMs: native1.times,
    },
  };
}

const AGGREGATE = {
  groupBy: ['sensor_id'],
  timeBucket: { column: 'timestamp', unit: 'hour' },
  aggregations: [
    { column: 'temperature', fn: 'mean' },
    { column: 'temperature', fn: 'std' },
    { column: 'vibration', fn: 'max' },
    { column: 'pressure', fn: 'mean' },
  ],
};

const ROLLING = {
  partitionBy: ['sensor_id'],
  orderBy: 'timestamp',
  window: { range: '5 minutes' },
  columns: ['temperature', 'vibration'],
  stats: ['mean', 'std'],
};

/**
 * 2. Transforms on the ingested CSV: the same transform.aggregate and features.rolling
 * nodes in the browser engine and in the native engine (same kinds, same SQL).
 */
export async function benchTransforms(
  env: BenchEnv,
  page: Page,
  natives: NativeEngine[],
  csv: CsvFile,
): Promise<BenchOutput> {
  const { reps } = env.cfg;
  const cases = [
    {
      key: 'aggregate',
      kind: 'transform.aggregate',
      params: AGGREGATE,
      title: 'group-by sensor × hour (transform.aggregate)',
    },
    {
      key: 'rolling',
      kind: 'features.rolling',
      params: ROLLING,
      title: '5-minute rolling mean/std per sensor (features.rolling)',
    },
  ];
  const source = ingestNode('csv', csv.name);
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  for (const c of cases) {
    const sides = [
      { name: 'engine', run: (g: PipelineGraph) => runOn(page, g), times: [] as number[], rows: 0 },
      ...natives.map((n) => ({
        name: `native ${n.threadsNote}`,
        run: (g: PipelineGraph) => n.run(g),
        times: [] as number[],
        rows: 0,
      })),
    ];
    // Browser and native repetitions alternate; rep 0 is the warm-up of each.
    for (let i = 0; i <= reps; i++) {
      for (const side of sides) {
        // Evict the previous rep's output first (the source stays cached), untimed.
        assertOk(await side.run(graphOf([source])), `${c.key} source`);
        const id = `${c.key}${i}`;
        const record = await side.run(graphOf([source, node(id, c.kind, c.params)], [edge('csv', id)]));
        assertOk(record, c.key);
        const done = eventOf(record, 'node-done', id);
        if (!done) throw new Error(`${c.key}: no node-done`);
        side.rows = done.rows ?? 0;
        if (i > 0) side.times.push(done.at);
      }
    }
    env.log(
      `  ${c.key}: ${sides.map((x) => `${x.name} ${x.times.map((t) => t.toFixed(0)).join(', ')} ms`).join('; ')}`,
    );
    const [ours, ...nat] = sides;
    if (!ours || !nat.length) throw new Error('no sides');
    for (const x of nat)
      if (x.rows !== ours.rows)
        throw new Error(`${c.key}: ${ours.rows} rows in the browser, ${x.rows} natively`);
    // The baseline is native at its best: the faster of its thread settings.
    const best = nat.reduce((a, x) => (median(x.times) < median(a.times) ? x : a));
    const o = median(ours.times);
    const n = median(best.times);
    const r = ratioOf(o, n);
    rows.push({
      bench: '2 Transform',
      measure: `${(csv.rows / 1e6).toFixed(csv.rows >= 1e6 ? 0 : 1)}M rows: ${c.title}`,
      unit: 'ms',
      ours: o,
      baseline: { name: best.name, value: n },
      ratio: r,
      target: { text: '≤ 3 (within 3×)', pass: r !== null && r <= 3 },
      note: `${ours.rows.toLocaleString('en-US')} output rows; native = the same node kind over native DuckDB (${nat.map((x) => `${x.name.replace('native ', '')} ${median(x.times).toFixed(0)} ms`).join(', ')})`,
    });
    details[c.key] = Object.fromEntries(sides.map((x) => [x.name, x.times]));
  }
  return { rows, details };
}

/** `n` rows of 10 FLOAT features in [-1, 1] and a learnable 0/1 label `y`, from DuckDB's hash. */
export function trainingDataSql(n: number, features: number): string {
  const f = Array.from({ length: features }, (_, j) => j);
  const cols = f.map((j) => `((hash(i, ${j}) % 2000001)::DOUBLE / 1000000.0 - 1.0)::FLOAT AS f${j}`);
  const signal = f.map((j) => `${(j % 3) - 1} * f${j}`).join(' + ');
  return `SELECT * EXCLUDE (noise), (${signal} + 0.3 * noise > 0)::INTEGER AS y FROM (
  SELECT ${cols.join(', ')}, (hash(i, 99) % 1000)::DOUBLE / 1000.0 - 0.5 AS noise FROM range(${n}) r(i)
)`;
}
