import type { FileReadOptions } from '../define-node-kind';
import { quoteLiteral } from '../sql-util';

export const FILE_FORMATS = ['auto', 'csv', 'tsv', 'parquet', 'json', 'arrow'] as const;
export type FileFormatParam = (typeof FILE_FORMATS)[number];

/** The format to read a file as: the param, or for `auto` the file's extension. */
export function resolveFormat(fileName: string, format: FileFormatParam): FileReadOptions['format'] {
  if (format !== 'auto') return format;
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'parquet' || ext === 'pq') return 'parquet';
  if (ext === 'json' || ext === 'ndjson' || ext === 'jsonl') return 'json';
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc') return 'arrow';
  return 'csv';
}

/** A `read_csv` call over a registered file, with the options a user set. */
export type CsvEncoding = 'utf-8' | 'utf-16' | 'latin-1';

export function readCsvSql(
  path: string,
  options: FileReadOptions,
  types: Record<string, string> = {},
  encoding: CsvEncoding = 'utf-8',
): string {
  // null_padding: a short row gets NULLs instead of derailing the sniffer into a wrong header.
  // It needs the serial reader to allow quoted newlines; single-threaded WASM loses nothing.
  const args = [
    quoteLiteral(path),
    `header = ${options.header ? 'true' : 'false'}`,
    'null_padding = true',
    'parallel = false',
  ];
  if (encoding !== 'utf-8') args.push(`encoding = ${quoteLiteral(encoding)}`);
  const delim = options.format === 'tsv' && options.delimiter === 'auto' ? '\t' : options.delimiter;
  if (delim !== 'auto' && delim !== '') args.push(`delim = ${quoteLiteral(delim)}`);
  const typed = Object.entries(types);
  if (typed.length)
    args.push(`types = {${typed.map(([col, t]) => `${quoteLiteral(col)}: ${quoteLiteral(t)}`).join(', ')}}`);
  return `SELECT * FROM read_csv(${args.join(', ')})`;
}

/**
 * Time-zone-aware timestamps need DuckDB's ICU extension, which would be downloaded: read
 * them as plain TIMESTAMP (UTC) instead. Returns the `types` override for read_csv.
 */
export function plainTimestampTypes(
  columns: readonly { name: string; type: string }[],
): Record<string, string> {
  // No prototype: a column may be called `__proto__`.
  const types: Record<string, string> = Object.create(null);
  for (const c of columns) if (c.type === 'TIMESTAMP WITH TIME ZONE') types[c.name] = 'TIMESTAMP';
  return types;
}

/** The encoding a byte-order mark announces (UTF-16 either way); UTF-8 otherwise. */
export function encodingFromBom(head: Uint8Array): CsvEncoding {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'utf-16';
  return 'utf-8';
}
