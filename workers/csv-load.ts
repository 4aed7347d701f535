import type { Table } from 'apache-arrow';
import type { FileReadOptions } from '../src/nodes/define-node-kind';
import {
  type CsvEncoding,
  encodingFromBom,
  plainTimestampTypes,
  readCsvSql,
} from '../src/nodes/ingest/file-format';
import { quoteIdent } from '../src/nodes/sql-util';

/**
 * Load a delimited text file into `table`, as forgiving as is still correct: UTF-16 by its
 * byte-order mark, Latin-1 when the bytes are not UTF-8, short rows padded with NULLs,
 * time-zone timestamps read as plain TIMESTAMP (no ICU download). Errors name the file.
 */
export async function loadCsv(
  query: (sql: string) => Promise<Table>,
  name: string,
  path: string,
  head: Uint8Array,
  options: FileReadOptions,
  table: string,
): Promise<void> {
  const target = quoteIdent(table);
  const attempt = async (encoding: CsvEncoding) => {
    // One pass: the sniffer runs once, inside the load itself.
    await query(`CREATE OR REPLACE TABLE ${target} AS ${readCsvSql(path, options, {}, encoding)}`);
    const described = await query(`DESCRIBE ${target}`);
    const columns = described.toArray().map((r) => {
      const row = r.toJSON() as { column_name: string; column_type: string };
      return { name: row.column_name, type: row.column_type };
    });
    for (const [column, type] of Object.entries(plainTimestampTypes(columns)))
      await query(`ALTER TABLE ${target} ALTER ${quoteIdent(column)} TYPE ${type}`);
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

function explainCsvError(name: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/not possible to automatically detect the CSV parsing dialect|Error when sniffing/i.test(message))
    return new Error(
      `Could not read "${name}" as delimited text: no consistent delimiter or columns were found (is it binary, or another format?). Set the format or delimiter in the inspector.`,
    );
  return new Error(`Could not read "${name}": ${message.split('\n').slice(0, 3).join(' ')}`);
}
