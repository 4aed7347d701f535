import { existsSync, renameSync, statSync } from 'node:fs';
import { sensorsSql } from '../../src/nodes/ingest/sensors-sql';
import { quoteIdent, quoteLiteral } from '../../src/nodes/sql-util';
import { NativeDuck } from '../../workers/native/native-duck';

// Native DuckDB is the app's own backend for the command line (workers/native/): the bench
// measures that one, not a copy.
export { NativeDuck };

/** The sensors CSV's columns: the built-in sample data set minus its label (6 columns). */
export const CSV_COLUMNS = ['timestamp', 'sensor_id', 'temperature', 'vibration', 'pressure', 'status'];

/**
 * Write `rows` rows of the app's own sample sensor data (src/nodes/ingest/sensors-sql.ts,
 * with its missing values and glitches) as CSV with native DuckDB COPY, once: the file is
 * cached and reused by later runs. Returns the path and whether it was generated now.
 */
export async function ensureSensorsCsv(
  path: string,
  rows: number,
): Promise<{ path: string; generated: boolean }> {
  if (existsSync(path) && statSync(path).size > 0) return { path, generated: false };
  const duck = await NativeDuck.create();
  try {
    const tmp = `${path}.tmp`;
    const cols = CSV_COLUMNS.map(quoteIdent).join(', ');
    await duck.time(
      `COPY (SELECT ${cols} FROM (${sensorsSql(rows, 42)})) TO ${quoteLiteral(tmp)} (HEADER, DELIMITER ',')`,
    );
    renameSync(tmp, path);
  } finally {
    duck.close();
  }
  return { path, generated: true };
}
