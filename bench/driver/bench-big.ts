import { join } from 'node:path';
import { BIG_DIR, ensureBigSensorsCsv } from './big-files';
import { cliFailure, runCli, writePipeline } from './cli-child';
import type { BenchEnv, BenchOutput } from './context';
import { preparationOnFile } from './file-template';
import type { Row } from './results';

/** The machine budget the issue sets for the command-line run: DuckDB's memory_limit. */
export const BIG_MEMORY_LIMIT = '4GB';

const sizeLabel = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

/**
 * Data past the browser: the "Sensor data preparation" template over a generated sensors CSV
 * of `rows` rows (100M ≈ 5 GB in the full run) in the command-line runner, a child process
 * with memory_limit 4GB spilling into a temp folder. One run (a 100M run takes tens of
 * minutes): rows/s from spawn to exit, and the process's peak RSS.
 */
export async function benchBig(env: BenchEnv, rows: number): Promise<BenchOutput> {
  const csv = await ensureBigSensorsCsv(rows);
  env.log(`  ${csv.generated ? 'generated' : 'reusing'} ${csv.path} (${(csv.bytes / 1e9).toFixed(2)} GB)`);
  const name = 'sensors.csv';
  const pipeline = writePipeline(join(BIG_DIR, 'pipelines'), 'sensor-preparation', preparationOnFile(name));
  const run = await runCli(pipeline, {
    files: { [name]: csv.path },
    out: join(BIG_DIR, 'out-big'),
    memoryLimit: BIG_MEMORY_LIMIT,
    tempDir: join(BIG_DIR, 'spill'),
    events: join(BIG_DIR, 'big-events.jsonl'),
  });
  const failure = cliFailure(run);
  const seconds = run.wallMs / 1000;
  env.log(
    `  CLI ${sizeLabel(rows)} rows: ${failure ? `failed (${failure})` : 'done'} in ${seconds.toFixed(0)} s, peak RSS ${run.peakRss === null ? '?' : `${(run.peakRss / 2 ** 30).toFixed(2)} GiB`}`,
  );
  const nodes = Object.entries(run.report?.nodes ?? {})
    .map(([id, n]) => `${id} ${n.seconds.toFixed(0)} s`)
    .join(', ');
  const bench = '9 Past the browser';
  const what = `Sensor data preparation, ${sizeLabel(rows)}-row CSV (${(csv.bytes / 1e9).toFixed(1)} GB), CLI, memory_limit ${BIG_MEMORY_LIMIT}`;
  const out: Row[] = [
    {
      bench,
      measure: `${what}: rows/s (spawn to exit)`,
      unit: 'rows/s',
      ours: failure ? null : rows / seconds,
      target: { text: 'completes', pass: !failure },
      note: failure
        ? `failed after ${seconds.toFixed(0)} s: ${failure}`
        : `${seconds.toFixed(0)} s; ${nodes}`,
    },
    {
      bench,
      measure: `${what}: peak RSS of the CLI process`,
      unit: 'bytes',
      ours: run.peakRss,
      note: 'GNU time ru_maxrss: DuckDB buffers (memory_limit) + its untracked allocations + Node',
    },
  ];
  return {
    rows: out,
    details: {
      rows,
      bytes: csv.bytes,
      wallMs: run.wallMs,
      peakRss: run.peakRss,
      report: run.report,
      failure,
    },
  };
}
