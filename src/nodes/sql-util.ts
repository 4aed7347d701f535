/** Quote an identifier for DuckDB: any column name (spaces, quotes, unicode) is safe. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal for DuckDB. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL literal for a JS number, string, boolean or null. */
export function sqlValue(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return quoteLiteral(value);
}

/** A comma-separated list of quoted identifiers. */
export function identList(names: readonly string[]): string {
  return names.map(quoteIdent).join(', ');
}

/** User SQL may end with `;` (one statement); strip it so it can be embedded. */
export function stripTrailingSemicolons(sql: string): string {
  return sql.trim().replace(/;+\s*$/, '');
}
