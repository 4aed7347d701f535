import type { Table } from 'apache-arrow';
import type { FileReadOptions } from '../src/nodes/define-node-kind';
import {
  type CsvEncoding,
  encodingFromBom,
  isGzip,
  notTextReason,
  readCsvSql,
} from '../src/nodes/ingest/file-format';
import { quoteIdent } from '../src/nodes/sql-util';
import { tidyLoadedTable } from './loaded-table';

/**
 * Load a delimited text file into `table`, as forgiving as is still correct: UTF-16 by its
 * byte-order mark, Latin-1 when the bytes are not UTF-8, gzip by its signature, short rows
 * padded with NULLs, time-zone timestamps read as plain TIMESTAMP (no ICU download), NUL
 * characters in names replaced. Archives, images and other binary formats are refused by
 * their first bytes (`head`, at least SIGNATURE_BYTES long). Errors name the file.
 */
export async function loadCsv(
  query: (sql: string) => Promise<Table>,
  name: string,
  path: string,
  head: Uint8Array,
  options: FileReadOptions,
  table: string,
): Promise<void> {
  const binary = notTextReason(name, head);
  if (binary) throw new Error(binary);
  const target = quoteIdent(table);
  const gzip = isGzip(head);
  const attempt = async (encoding: CsvEncoding) => {
    // One pass: the sniffer runs once, inside the load itself.
    await query(`CREATE OR REPLACE TABLE ${target} AS ${readCsvSql(path, options, {}, encoding, gzip)}`);
    await tidyLoadedTable(query, table);
  };
  const encoding = encodingFromBom(head);
  try {
    await attempt(encoding);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (encoding === 'utf-8' && /not utf-8 encoded/i.test(message)) {
      await attempt('latin-1').catch((e: unknown) => {
        throw explainCsvError(name, e);
      });
      return;
    }
    throw explainCsvError(name, err);
  }
}

/** A quoted line from the file, cut so the message stays short. */
function excerpt(line: string): string {
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * DuckDB's CSV errors put the offending line (whole: it may be megabytes) before the cause.
 * The cause comes first here, with the line cut to a short excerpt.
 */
export function explainCsvError(name: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/not possible to automatically detect the CSV parsing dialect|Error when sniffing/i.test(message))
    return new Error(
      `Could not read "${name}" as delimited text: no consistent delimiter or columns were found (is it binary, or another format?). Set the format or delimiter in the inspector.`,
    );
  const lines = message.split('\n');
  const lineNo = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const original = lines.find((l) => l.startsWith('Original Line: '))?.slice('Original Line: '.length);
  const tooLong = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+)/.exec(message);
  if (tooLong)
    return new Error(
      `Could not read "${name}": line ${lineNo ?? '?'} is ${megabytes(Number(tooLong[2]))} long, more than the ${megabytes(Number(tooLong[1]))} a line may have. An unclosed quote can make the rest of a file one line.`,
    );
  const cause =
    lines.find(
      (l) =>
        l.trim() &&
        !/^(\w+ )*Error: CSV Error on Line|^CSV Error on Line|^Original Line: |^Possible Solution/.test(l),
    ) ?? lines[0];
  const where = lineNo ? ` (line ${lineNo}${original !== undefined ? `: ${excerpt(original)}` : ''})` : '';
  return new Error(`Could not read "${name}": ${(cause ?? '').trim()}${where}`);
}
