import type { TableHandle } from '../../shared/values';
import { columnType, isNumericType, quoteLiteral } from '../sql-util';

/**
 * A DOUBLE literal that reproduces `value` exactly. A bare `0.1` is a DECIMAL in DuckDB
 * and casting a decimal to DOUBLE may be off by one ulp, so fitted statistics go through
 * DuckDB's string-to-double parser, which round-trips JS's shortest representation; NaN
 * and ±Infinity (from float columns holding them) stay representable the same way.
 */
export function doubleLiteral(value: number): string {
  return `CAST(${quoteLiteral(String(value))} AS DOUBLE)`;
}

/**
 * The key under which DuckDB compares column names: ASCII letters ignore case ("A" and
 * "a" are the same column; a table given both silently renames one to "a_1"), while
 * other characters ("É" and "é") stay distinct.
 */
export function columnKey(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * A column name not used by `table`, for helper columns (row numbers) that must not
 * collide with any user column whatever its name.
 */
export function freshName(table: Pick<TableHandle, 'columns'>, base: string): string {
  const taken = new Set(table.columns.map((c) => columnKey(c.name)));
  let name = base;
  while (taken.has(columnKey(name))) name = `${name}_`;
  return name;
}

/**
 * Throw if a new column name equals (as DuckDB compares names) a `kept` column or another
 * new one: DuckDB would otherwise rename it silently to `<name>_1`, and downstream nodes
 * and the fitted report would name a column that does not exist.
 */
export function assertNewColumns(
  table: Pick<TableHandle, 'columns'>,
  added: readonly string[],
  kept: Iterable<string> = table.columns.map((c) => c.name),
): void {
  const seen = new Map<string, string>();
  for (const name of kept) seen.set(columnKey(name), name);
  for (const name of added) {
    const clash = seen.get(columnKey(name));
    if (clash !== undefined)
      throw new Error(
        `New column "${name}" clashes with column "${clash}" (DuckDB column names ignore ASCII case): rename one first.`,
      );
    seen.set(columnKey(name), name);
  }
}

/**
 * Throw unless every named column is numeric; the message names the param so the user
 * knows which setting to change.
 */
export function requireNumeric(
  table: Pick<TableHandle, 'columns'>,
  names: readonly string[],
  param: string,
): void {
  for (const name of names) {
    const type = columnType(table, name) ?? 'missing';
    if (!isNumericType(type))
      throw new Error(`Param "${param}": column "${name}" is ${type}, not a numeric column.`);
  }
}

/** Names of the numeric columns of `table`, in table order, except those in `skip`. */
export function numericColumns(table: Pick<TableHandle, 'columns'>, skip: Iterable<string> = []): string[] {
  const skipped = new Set(skip);
  return table.columns.filter((c) => isNumericType(c.type) && !skipped.has(c.name)).map((c) => c.name);
}

/** A number from a stats query cell, or null for SQL NULL (the cell of an empty aggregate). */
export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
