import { basename, join } from 'node:path';
import { BIG_DIR, ensureBigSensorsCsv } from './big-files';
import { cliFailure, runCli, writePipeline } from './cli-child';
import {
  assertOk,
  type BenchEnv,
  type BenchOutput,
  graphOf,
  nodeDurations,
  openBenchPage,
  runOn,
} from './context';
import { preparationOnFile } from './file-template';
import { median, type Row, ratioOf } from './results';

function push(into: Record<string, number[]>, id: string, ms: number): void {
  into[id] = [...(into[id] ?? []), ms];
}

const sizeLabel = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

/**
 * The command-line runner against the browser on the same sensors CSV (`rows` rows): the
 * "Sensor data preparation" template reading it, per node, as each engine timed the node
 * (run.json's seconds; the page's node-done durations). The browser runs first, each rep
 * after evicting the last one's tables, rep 0 a warm-up; then the CLI, a fresh process each
 * rep (so no warm-up applies), defaults (all cores, DuckDB's memory limit).
 */
export async function benchCliVsBrowser(env: BenchEnv, rows: number): Promise<BenchOutput> {
  const { reps } = env.cfg;
  const csv = await ensureBigSensorsCsv(rows);
  const name = basename(csv.path);
  const graph = preparationOnFile(name);

  const browser: Record<string, number[]> = {};
  const browserWall: number[] = [];
  const { page } = await openBenchPage(env, [csv.path]);
  try {
    for (let i = 0; i <= reps; i++) {
      await runOn(page, graphOf([]));
      const record = await runOn(page, graph);
      assertOk(record, 'browser run');
      env.log(`  browser rep ${i}${i ? '' : ' (warm-up)'}: ${record.wallMs.toFixed(0)} ms`);
      if (i === 0) continue;
      browserWall.push(record.wallMs);
      for (const [id, ms] of Object.entries(nodeDurations(record))) push(browser, id, ms);
    }
  } finally {
    await page.context().close();
  }

  const cli: Record<string, number[]> = {};
  const cliWall: number[] = [];
  const pipeline = writePipeline(join(BIG_DIR, 'pipelines'), 'sensor-preparation-vs-browser', graph);
  for (let i = 1; i <= reps; i++) {
    const run = await runCli(pipeline, { files: { [name]: csv.path }, out: join(BIG_DIR, 'out-vs-browser') });
    const failure = cliFailure(run);
    if (failure) throw new Error(`CLI run: ${failure}`);
    env.log(`  CLI rep ${i}: ${run.wallMs.toFixed(0)} ms (process)`);
    cliWall.push(run.wallMs);
    for (const [id, n] of Object.entries(run.report?.nodes ?? {})) push(cli, id, n.seconds * 1000);
  }

  const bench = '9 Past the browser';
  const what = `Sensor data preparation on a ${sizeLabel(rows)}-row CSV, CLI vs browser`;
  const out: Row[] = [];
  let cliSum = 0;
  let browserSum = 0;
  for (const n of graph.nodes) {
    const c = median(cli[n.id] ?? []);
    const b = median(browser[n.id] ?? []);
    cliSum += c;
    browserSum += b;
    out.push({
      bench,
      measure: `${what}: node ${n.id} (${n.kind})`,
      unit: 'ms',
      ours: c,
      baseline: { name: 'browser', value: b },
      ratio: ratioOf(c, b),
    });
  }
  out.push({
    bench,
    measure: `${what}: all nodes`,
    unit: 'ms',
    ours: cliSum,
    baseline: { name: 'browser', value: browserSum },
    ratio: ratioOf(cliSum, browserSum),
    note: `node seconds as each engine timed them (CLI: run.json; browser: node-done), median of ${reps}; CLI process spawn to exit ${median(cliWall).toFixed(0)} ms, browser run ${median(browserWall).toFixed(0)} ms; CLI: native DuckDB, all cores; browser: DuckDB-WASM, 1 thread`,
  });
  return { rows: out, details: { rows, cli, browser, cliWall, browserWall } };
}
