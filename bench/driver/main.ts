import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCanvas, benchResponsiveness } from './bench-app';
import { benchBig } from './bench-big';
import { benchCliVsBrowser } from './bench-cli-browser';
import { benchIngest, benchTransforms, type CsvFile } from './bench-data';
import { benchEndToEnd } from './bench-e2e';
import { benchGraph } from './bench-graph';
import { benchMl } from './bench-ml';
import { benchPartitionedParquet } from './bench-parquet';
import { benchTraining } from './bench-train';
import { deleteBigFiles } from './big-files';
import { type BenchConfig, type BenchEnv, type BenchOutput, openBenchPage } from './context';
import { ensureSensorsCsv } from './native';
import { NativeEngine } from './native-engine';
import { markdownTable, type Row, textTable } from './results';
import { buildApp, buildBenchPage, launchChromium, preview } from './servers';

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALL = [
  'ingest',
  'transform',
  'train',
  'e2e',
  'responsiveness',
  'canvas',
  'graph',
  'ml',
  'big',
  'parquet',
  'cli-browser',
];

export function parseArgs(argv: readonly string[]): BenchConfig {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((a) => a.startsWith('--only='));
  const only = new Set(onlyArg ? onlyArg.slice('--only='.length).split(',').filter(Boolean) : []);
  for (const name of only)
    if (!ALL.includes(name)) throw new Error(`--only: unknown benchmark "${name}" (${ALL.join(', ')})`);
  const mlRowsArg = argv.find((a) => a.startsWith('--ml-rows='));
  const mlRows = mlRowsArg ? Number(mlRowsArg.slice('--ml-rows='.length)) : quick ? 50_000 : 200_000;
  if (!(Number.isInteger(mlRows) && mlRows >= 1000)) throw new Error('--ml-rows: a whole number ≥ 1000');
  const bigRowsArg = argv.find((a) => a.startsWith('--big-rows='));
  const bigRows = bigRowsArg
    ? Number(bigRowsArg.slice('--big-rows='.length))
    : quick
      ? 1_000_000
      : 100_000_000;
  if (!(Number.isInteger(bigRows) && bigRows >= 1000)) throw new Error('--big-rows: a whole number ≥ 1000');
  return quick
    ? {
        quick,
        csvRows: 100_000,
        reps: 3,
        trainRows: 20_000,
        trainFeatures: 10,
        e2eRows: [20_000, 100_000],
        canvasSizes: [300, 1000],
        mlRows,
        bigRows,
        parquetRows: 2_000_000,
        only,
      }
    : {
        quick,
        csvRows: 1_000_000,
        reps: 3,
        trainRows: 200_000,
        trainFeatures: 10,
        e2eRows: [100_000, 1_000_000],
        canvasSizes: [300, 1000],
        mlRows,
        bigRows,
        parquetRows: 45_000_000,
        only,
      };
}

/**
 * `npm run bench [-- --quick] [-- --only=ingest,transform,…,ml,big,parquet,cli-browser]
 * [-- --ml-rows=N] [-- --big-rows=N] [-- --delete-big-files] [-- --no-build]`
 */
export async function main(argv: readonly string[]): Promise<number> {
  const cfg = parseArgs(argv);
  if (argv.includes('--delete-big-files')) {
    deleteBigFiles();
    console.log('Deleted the generated large inputs (os.tmpdir()/pipewright-bench).');
    if (argv.length === 1) return 0;
  }
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const log = (message: string) => console.log(message);
  const wants = (name: string) => !cfg.only.size || cfg.only.has(name);
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    log(`▶ ${name} (at ${elapsed()})`);
    try {
      return await work();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };

  const needsApp = wants('responsiveness') || wants('canvas');
  const needsPage = ['ingest', 'transform', 'train', 'e2e', 'graph', 'cli-browser'].some(wants);
  if (!argv.includes('--no-build')) {
    if (needsPage) await step('build bench page', buildBenchPage);
    if (needsApp) await step('build app (vite build)', buildApp);
  }
  const cacheDir = resolve(BENCH_DIR, '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const csv: CsvFile = {
    path: resolve(cacheDir, `sensors-${cfg.csvRows}.csv`),
    name: `sensors-${cfg.csvRows}.csv`,
    rows: cfg.csvRows,
  };
  if (wants('ingest') || wants('transform'))
    await step('sensors CSV', async () => {
      const r = await ensureSensorsCsv(csv.path, cfg.csvRows);
      log(`  ${r.generated ? 'generated' : 'reusing'} ${csv.path}`);
    });

  const benchServer = needsPage ? await preview(4273, 'bench/vite.config.ts') : undefined;
  const appServer = needsApp ? await preview(4274) : undefined;
  const browser = await launchChromium();
  const env: BenchEnv = {
    cfg,
    browser,
    benchUrl: benchServer?.url ?? '',
    appUrl: appServer?.url ?? '',
    log,
    blocked: [],
  };
  // The native engines read the sensors CSV only when it was made (ingest/transform asked for).
  const files: Record<string, string> = existsSync(csv.path) ? { [csv.name]: csv.path } : {};
  const native = await NativeEngine.create(files);
  const native1 = await NativeEngine.create(files, 1);

  const outputs: Record<string, BenchOutput> = {};
  const failures: Record<string, string> = {};
  const attempt = async (name: string, work: () => Promise<BenchOutput>) => {
    if (!wants(name)) return;
    try {
      outputs[name] = await step(name, work);
    } catch (err) {
      failures[name] = err instanceof Error ? (err.stack ?? err.message) : String(err);
      log(`  ✗ ${name} failed: ${failures[name]}`);
    }
  };
  let engineInfo: { duckdb: string; startMs: number } | undefined;
  try {
    if (['ingest', 'transform', 'train'].some(wants)) {
      const { page, ...info } = await openBenchPage(
        env,
        wants('ingest') || wants('transform') ? [csv.path] : [],
      );
      engineInfo = info;
      log(`  engine: DuckDB ${info.duckdb}, started in ${info.startMs.toFixed(0)} ms`);
      await attempt('ingest', () => benchIngest(env, page, csv));
      await attempt('transform', () =>
        benchTransforms(env, page, native1 ? [native, native1] : [native], csv),
      );
      await attempt('train', () => benchTraining(env, page));
      await page.context().close();
    }
    // One thread, as DuckDB-WASM has (and on this loaded 2-core machine mostly the faster).
    await attempt('e2e', () => benchEndToEnd(env, native1, () => openBenchPage(env)));
    await attempt('cli-browser', () => benchCliVsBrowser(env, cfg.csvRows));
    await attempt('canvas', () => benchCanvas(env));
    await attempt('graph', () => benchGraph(env, () => openBenchPage(env)));
    await attempt('responsiveness', () => benchResponsiveness(env));
    // In Node, last: the browser benches above must not share the 2 cores with it.
    await attempt('ml', () => benchMl(env));
    await attempt('big', () => benchBig(env, cfg.bigRows));
    await attempt('parquet', () => benchPartitionedParquet(env, cfg.parquetRows));
  } finally {
    native.close();
    native1.close();
    await browser.close();
    await benchServer?.close();
    await appServer?.close();
  }

  const rows: Row[] = ALL.flatMap((name) => outputs[name]?.rows ?? []);
  for (const [name, message] of Object.entries(failures))
    rows.push({
      bench: name,
      measure: `benchmark failed: ${message.split('\n')[0]}`,
      unit: 'ms',
      ours: null,
      target: { text: 'runs', pass: false },
    });
  const totalSec = Math.round((performance.now() - started) / 1000);
  log('');
  log(textTable(rows));
  log('');
  log(
    `Ours/base = ours ÷ baseline in the row's unit. Bench took ${totalSec} s (${cfg.quick ? 'quick' : 'full'}).`,
  );
  if (env.blocked.length) log(`Requests blocked (left localhost): ${env.blocked.join(', ')}`);

  const results = {
    date: new Date().toISOString(),
    mode: cfg.quick ? 'quick' : 'full',
    config: { ...cfg, only: [...cfg.only] },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '?',
      memoryBytes: totalmem(),
      node: process.version,
      chromium: browser.version(),
      duckdbWasm: engineInfo?.duckdb ?? null,
      engineStartMs: engineInfo?.startMs ?? null,
    },
    benchSeconds: totalSec,
    stepMs: timings,
    blockedRequests: env.blocked,
    rows,
    failures,
    details: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.details])),
  };
  const outDir = resolve(BENCH_DIR, 'results');
  mkdirSync(outDir, { recursive: true });
  const name = cfg.only.size || cfg.quick ? `latest-${cfg.quick ? 'quick' : 'partial'}` : 'latest';
  writeFileSync(resolve(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(resolve(outDir, `${name}.md`), `${markdownTable(rows)}\n`);
  log(`Wrote bench/results/${name}.json and ${name}.md`);
  // Missed targets are results (FAIL in the table); only a benchmark that broke fails the command.
  return Object.keys(failures).length ? 1 : 0;
}
