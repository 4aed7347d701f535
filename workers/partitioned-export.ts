import { zipSync } from 'fflate';
import { quoteIdent, quoteLiteral } from '../src/nodes/sql-util';
import type { ExportFormat } from '../src/shared/protocol';
import { arrowRows } from './arrow-rows';
import type { DuckBackend } from './duck-backend';

/** More files than this make a download nobody wants: the command-line runner writes a folder. */
export const MAX_PARTITIONS = 1_000;

/** A folder-safe partition value, escaped as Hive paths are (`%` + hex). */
function pathValue(value: string | null): string {
  if (value === null) return '__HIVE_DEFAULT_PARTITION__';
  return value.replace(
    /[/\\:*?"<>|=%]/g,
    (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`,
  );
}

/**
 * The browser's partitioned export, where DuckDB-WASM cannot write a folder: a zip of one file
 * per distinct value of `partitionBy`, laid out as DuckDB's `COPY … PARTITION_BY` writes it
 * (`col=value/data_0.<ext>`, the partition columns in the folder names, not in the files).
 * Rows are matched by their values as text, so every type partitions (NULL as Hive's `__HIVE_DEFAULT_PARTITION__`).
 */
export async function exportPartitionsZip(
  duck: DuckBackend,
  select: string,
  partitionBy: readonly string[],
  format: ExportFormat,
): Promise<Uint8Array> {
  const cols = partitionBy.map(quoteIdent);
  const values = arrowRows(
    await duck.query(
      `SELECT DISTINCT ${cols.map((c, i) => `${c}::VARCHAR AS v${i}`).join(', ')} FROM (${select}) ORDER BY ALL LIMIT ${MAX_PARTITIONS + 1}`,
    ),
  ).map((row) => partitionBy.map((_, i) => (row[`v${i}`] === null ? null : String(row[`v${i}`]))));
  if (values.length > MAX_PARTITIONS)
    throw new Error(
      `Partition by makes more than ${MAX_PARTITIONS.toLocaleString('en-US')} files, too many for a download: run the pipeline with npx pipewright run, which writes them into a folder.`,
    );
  const files: Record<string, Uint8Array> = {};
  for (const value of values) {
    const where = cols
      .map((c, i) => {
        const v = value[i] ?? null;
        return v === null ? `${c} IS NULL` : `${c}::VARCHAR = ${quoteLiteral(v)}`;
      })
      .join(' AND ');
    const folder = partitionBy.map((name, i) => `${name}=${pathValue(value[i] ?? null)}`).join('/');
    files[`${folder}/data_0.${format}`] = await duck.exportQuery(
      `SELECT * EXCLUDE (${cols.join(', ')}) FROM (${select}) WHERE ${where}`,
      format,
    );
  }
  return zipSync(files);
}
