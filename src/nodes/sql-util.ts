import type { TableHandle } from '../shared/values';

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

/**
 * Throw unless every name is a column of `table`. Checked before any SQL runs so the
 * message names the param at fault instead of DuckDB's binder error.
 */
export function requireColumns(
  table: Pick<TableHandle, 'columns'>,
  names: readonly string[],
  param: string,
  input = 'in',
): void {
  const have = new Set(table.columns.map((c) => c.name));
  for (const name of names)
    if (!have.has(name)) throw new Error(`Param "${param}": column "${name}" is not in input "${input}".`);
}

/** The DuckDB type of a column, or undefined when the table has no such column. */
export function columnType(table: Pick<TableHandle, 'columns'>, name: string): string | undefined {
  return table.columns.find((c) => c.name === name)?.type;
}

/** True for DuckDB's integer, floating-point and DECIMAL types. */
export function isNumericType(type: string): boolean {
  // Anchored at both ends: "INTEGER[]" is a list, not a number.
  return /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL\(\d+, ?\d+\))$/.test(type);
}

/**
 * A column name not used by `table` (nor in `taken`), starting from `base`: helper
 * columns such as row numbers must not clash with whatever the user's data calls its columns.
 */
export function freshColumnName(
  table: Pick<TableHandle, 'columns'>,
  base: string,
  taken: readonly string[] = [],
): string {
  // DuckDB compares identifiers case-insensitively, so "Row" would clash with "row".
  const used = new Set([...table.columns.map((c) => c.name), ...taken].map((n) => n.toLowerCase()));
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  return name;
}
