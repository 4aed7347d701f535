import { join } from 'node:path';
import { quoteLiteral } from '../../src/nodes/sql-util';
import type { PipelineGraph } from '../../src/shared/graph-types';
import { NativeDuck } from '../../workers/native/native-duck';
import { BIG_MEMORY_LIMIT } from './bench-big';
import { BIG_DIR, ensureBigReadingsParquet } from './big-files';
import { cliFailure, runCli, writePipeline } from './cli-child';
import { type BenchEnv, type BenchOutput, edge, graphOf, node } from './context';
import type { Row } from './results';

/** The column the export splits by: 20 sensors, so 20 folders. */
const PARTITION_COLUMN = 'sensor_id';

/** Parquet in → export.data with Partition by → a Hive folder in --out. */
export function partitionPipeline(fileName: string): PipelineGraph {
  return graphOf(
    [
      node('readings', 'ingest.file', { file: fileName, format: 'parquet' }),
      node('parts', 'export.data', { format: 'parquet', partitionBy: [PARTITION_COLUMN] }),
    ],
    [edge('readings', 'parts')],
  );
}

/** Rows and partition folders of a Hive-partitioned Parquet output, read back by native DuckDB. */
async function countPartitions(folder: string): Promise<{ rows: number; partitions: number }> {
  const duck = await NativeDuck.create();
  try {
    const files = quoteLiteral(`${folder}/**/*.parquet`);
    const reader = await duck.run(
      `SELECT count(*)::BIGINT AS n, count(DISTINCT ${PARTITION_COLUMN})::BIGINT AS parts FROM read_parquet(${files}, hive_partitioning = true)`,
    );
    const [n, parts] = reader.getRowsJS()[0] ?? [];
    return { rows: Number(n), partitions: Number(parts) };
  } finally {
    duck.close();
  }
}

/**
 * A ~1 GB Parquet file (`rows` rows of sensor readings) through the command-line runner into
 * partitioned Parquet, memory_limit 4GB: seconds and input MB/s from spawn to exit, peak RSS,
 * and whether the partitions hold every input row.
 */
export async function benchPartitionedParquet(env: BenchEnv, rows: number): Promise<BenchOutput> {
  const file = await ensureBigReadingsParquet(rows);
  const mb = file.bytes / 1e6;
  env.log(`  ${file.generated ? 'generated' : 'reusing'} ${file.path} (${mb.toFixed(0)} MB)`);
  const name = 'readings.parquet';
  const out = join(BIG_DIR, 'out-parquet');
  const pipeline = writePipeline(join(BIG_DIR, 'pipelines'), 'partitioned-parquet', partitionPipeline(name));
  const run = await runCli(pipeline, {
    files: { [name]: file.path },
    out,
    memoryLimit: BIG_MEMORY_LIMIT,
    tempDir: join(BIG_DIR, 'spill-parquet'),
    events: join(BIG_DIR, 'parquet-events.jsonl'),
  });
  const failure = cliFailure(run);
  const written = failure ? undefined : await countPartitions(join(out, 'parts'));
  const seconds = run.wallMs / 1000;
  env.log(
    `  partitioned Parquet: ${failure ?? 'done'} in ${seconds.toFixed(1)} s, ${written?.partitions ?? 0} partitions, ${written?.rows ?? 0} of ${rows} rows`,
  );
  const bench = '9 Past the browser';
  const what = `${(mb / 1000).toFixed(2)} GB Parquet (${rows / 1e6}M rows) → export.data partitionBy ${PARTITION_COLUMN}, CLI, memory_limit ${BIG_MEMORY_LIMIT}`;
  const complete = written?.rows === rows;
  const result: Row[] = [
    {
      bench,
      measure: `${what}: input MB/s (spawn to exit)`,
      unit: 'MB/s',
      ours: failure ? null : mb / seconds,
      target: { text: 'completes, all rows in the partitions', pass: !failure && complete },
      note: failure
        ? `failed after ${seconds.toFixed(0)} s: ${failure}`
        : `${seconds.toFixed(1)} s; ${written?.partitions} partition folders holding ${written?.rows} rows (input ${rows}); ingest ${run.report?.nodes.readings?.seconds.toFixed(1)} s`,
    },
    {
      bench,
      measure: `${what}: peak RSS of the CLI process`,
      unit: 'bytes',
      ours: run.peakRss,
    },
  ];
  return {
    rows: result,
    details: { rows, bytes: file.bytes, wallMs: run.wallMs, peakRss: run.peakRss, written, failure },
  };
}
