import type { Table } from 'apache-arrow';
import { plainTimestampTypes } from '../src/nodes/ingest/file-format';
import { quoteIdent } from '../src/nodes/sql-util';
import { arrowRows } from './arrow-rows';

type Query = (sql: string) => Promise<Table>;

/**
 * A column name every later statement can quote. DuckDB's parser ends a quoted identifier at
 * a NUL character, so a name holding one breaks every query naming it (preview, profile,
 * every node): NUL becomes U+FFFD, the replacement character, and the result stays unique.
 */
export function safeColumnNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = name.replaceAll('\0', '\uFFFD');
    let safe = base;
    // DuckDB compares identifiers case-insensitively.
    for (let i = 2; used.has(safe.toLowerCase()); i++) safe = `${base}_${i}`;
    used.add(safe.toLowerCase());
    return safe;
  });
}

/**
 * What every loaded file gets, whatever its format: names DuckDB can quote, and time-zone
 * timestamps as plain TIMESTAMP (UTC), since anything done with a zone needs the ICU
 * extension, which would be downloaded.
 */
export async function tidyLoadedTable(query: Query, table: string): Promise<void> {
  const target = quoteIdent(table);
  const columns = arrowRows(await query(`DESCRIBE ${target}`)).map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));
  const names = columns.map((c) => c.name);
  const safe = safeColumnNames(names);
  if (safe.some((n, i) => n !== names[i]))
    // A table alias with a column list renames by position: the old names are never written.
    await query(
      `CREATE OR REPLACE TABLE ${target} AS SELECT * FROM ${target} AS t(${safe.map(quoteIdent).join(', ')})`,
    );
  for (const [column, type] of Object.entries(plainTimestampTypes(columns))) {
    const name = safe[names.indexOf(column)] ?? column;
    await query(`ALTER TABLE ${target} ALTER ${quoteIdent(name)} TYPE ${type}`);
  }
}
