import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sensorsSql } from '../../src/nodes/ingest/sensors-sql';
import { quoteLiteral } from '../../src/nodes/sql-util';
import { NativeDuck } from '../../workers/native/native-duck';

/**
 * Where the large generated inputs live: outside the repository (they are gigabytes and
 * never committed), reused between bench runs, removed by `--delete-big-files`.
 */
export const BIG_DIR = join(tmpdir(), 'pipewright-bench');

export interface BigFile {
  path: string;
  rows: number;
  bytes: number;
  generated: boolean;
}

/** What a finished generation wrote beside the file, so a later run can trust and reuse it. */
interface Stamp {
  rows: number;
  bytes: number;
}

function readStamp(path: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(`${path}.json`, 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/**
 * `path` if a previous run finished writing it with `rows` rows (its stamp matches the
 * file's size), else written now by `copy(tmp)` and stamped. A half-written file (killed
 * run, full disk) has no stamp and is regenerated.
 */
async function ensure(path: string, rows: number, copy: (tmp: string) => string): Promise<BigFile> {
  const stamp = readStamp(path);
  if (stamp && existsSync(path) && stamp.rows === rows && statSync(path).size === stamp.bytes)
    return { path, rows, bytes: stamp.bytes, generated: false };
  mkdirSync(BIG_DIR, { recursive: true });
  rmSync(`${path}.json`, { force: true });
  const tmp = `${path}.tmp`;
  // One generator per file at a time: all cores, DuckDB's default memory limit.
  const duck = await NativeDuck.create({ tempDirectory: join(BIG_DIR, 'spill-generate') });
  try {
    await duck.run(copy(tmp));
  } finally {
    duck.close();
  }
  renameSync(tmp, path);
  const bytes = statSync(path).size;
  writeFileSync(`${path}.json`, `${JSON.stringify({ rows, bytes })}\n`);
  return { path, rows, bytes, generated: true };
}

/**
 * The app's sample sensor data (src/nodes/ingest/sensors-sql.ts, all 7 columns, glitches and
 * missing values included) as a CSV of `rows` rows, written by native DuckDB COPY. Not
 * ordered by row number: the ORDER BY of the sample query would sort 100M rows for nothing.
 */
export function ensureBigSensorsCsv(rows: number): Promise<BigFile> {
  const path = join(BIG_DIR, `sensors-${rows}.csv`);
  return ensure(
    path,
    rows,
    (tmp) => `COPY (${unordered(sensorsSql(rows, 42))}) TO ${quoteLiteral(tmp)} (HEADER, DELIMITER ',')`,
  );
}

/**
 * Sensor readings at full precision as Parquet (zstd), `rows` rows: about 25 bytes a row, so
 * 40M rows ≈ 1 GB. Not the sample data set: its rounded, patterned values compress to 8 bytes
 * a row, and 120M rows of it would take the bench longer to generate than to read.
 */
export function ensureBigReadingsParquet(rows: number): Promise<BigFile> {
  const path = join(BIG_DIR, `readings-${rows}.parquet`);
  const select = `SELECT
    TIMESTAMP '2026-01-01 00:00:00' + to_seconds((i // 20)::BIGINT) AS "timestamp",
    'S' || lpad((i % 20 + 1)::VARCHAR, 3, '0') AS sensor_id,
    60 + 20 * random() AS temperature,
    2.5 * random() AS vibration,
    95 + 10 * random() AS pressure
  FROM range(${Math.floor(rows)}) r(i)`;
  return ensure(
    path,
    rows,
    (tmp) => `COPY (${select}) TO ${quoteLiteral(tmp)} (FORMAT parquet, COMPRESSION zstd)`,
  );
}

/** The sample query without its final ORDER BY (generation order is row order anyway, per thread). */
export function unordered(sql: string): string {
  const at = sql.lastIndexOf('ORDER BY i');
  return at < 0 ? sql : sql.slice(0, at);
}

/** `--delete-big-files`: remove the generated inputs and any spill left by a killed run. */
export function deleteBigFiles(): void {
  rmSync(BIG_DIR, { recursive: true, force: true });
}
