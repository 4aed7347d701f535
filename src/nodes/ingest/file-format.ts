import type { FileReadOptions } from '../define-node-kind';
import { quoteLiteral } from '../sql-util';

export const FILE_FORMATS = ['auto', 'csv', 'tsv', 'parquet', 'json', 'arrow', 'duckdb'] as const;
export type FileFormatParam = (typeof FILE_FORMATS)[number];

/** The format to read a file as: the param, or for `auto` the file's extension. */
export function resolveFormat(fileName: string, format: FileFormatParam): FileReadOptions['format'] {
  if (format !== 'auto') return format;
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'parquet' || ext === 'pq') return 'parquet';
  if (ext === 'json' || ext === 'ndjson' || ext === 'jsonl') return 'json';
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc') return 'arrow';
  if (ext === 'duckdb' || ext === 'ddb') return 'duckdb';
  return 'csv';
}

/** A `read_csv` call over a registered file, with the options a user set. */
export type CsvEncoding = 'utf-8' | 'utf-16' | 'latin-1';

export function readCsvSql(
  path: string,
  options: FileReadOptions,
  types: Record<string, string> = {},
  encoding: CsvEncoding = 'utf-8',
  gzip = false,
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
  // DuckDB guesses compression from a `.gz` name only; the bytes said so.
  if (gzip) args.push("compression = 'gzip'");
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

/** Formats recognised by their first bytes, and what to tell someone who named one `.csv`. */
const SIGNATURES: { magic: string; what: string; advice: string }[] = [
  {
    magic: 'PK\x03\x04',
    what: 'a ZIP archive (or an Excel/ODF file)',
    advice: 'unzip it (or save the sheet as CSV) and upload the file inside',
  },
  { magic: 'PAR1', what: 'a Parquet file', advice: 'set Format to parquet in the inspector' },
  { magic: 'ARROW1', what: 'an Arrow IPC file', advice: 'set Format to arrow in the inspector' },
  { magic: 'SQLite format 3\0', what: 'a SQLite database', advice: 'export a table from it as CSV' },
  { magic: '%PDF', what: 'a PDF document', advice: 'export its table as CSV' },
  { magic: '\x89PNG', what: 'a PNG image', advice: 'upload a data file' },
  { magic: '\xff\xd8\xff', what: 'a JPEG image', advice: 'upload a data file' },
  { magic: 'BZh', what: 'a bzip2 archive', advice: 'decompress it first' },
  { magic: '\xfd7zXZ\0', what: 'an xz archive', advice: 'decompress it first' },
  { magic: "7z\xbc\xaf'\x1c", what: 'a 7-Zip archive', advice: 'extract it first' },
  { magic: '\xd0\xcf\x11\xe0', what: 'an old Excel (or other Office) file', advice: 'save the sheet as CSV' },
];

/** Bytes enough to recognise every signature above. */
export const SIGNATURE_BYTES = 16;

/**
 * Why a file meant as delimited text is not: a message naming the file and what it really is,
 * or undefined when its first bytes match no known binary format. (Gzip is not here: DuckDB
 * reads gzip-compressed text.)
 */
export function notTextReason(name: string, head: Uint8Array): string | undefined {
  for (const sig of SIGNATURES) {
    if (head.length < sig.magic.length) continue;
    let match = true;
    for (let i = 0; i < sig.magic.length && match; i++) match = head[i] === sig.magic.charCodeAt(i);
    if (match) return `"${name}" is ${sig.what}, not delimited text: ${sig.advice}.`;
  }
  return undefined;
}

/** True when the bytes start like gzip (what `.csv.gz` holds, whatever the name). */
export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}
