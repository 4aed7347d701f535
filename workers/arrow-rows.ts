import type { Table } from 'apache-arrow';

/** A result row keyed by column name. It has no prototype, so any column name is a key. */
export type Row = Record<string, unknown>;

/** Convert Arrow values that JS code handles poorly (bigint) into plain numbers. */
function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/**
 * The rows of an Arrow result as objects keyed by column name. Arrow's `row.toJSON()`
 * assigns keys onto `{}`, where a column called `__proto__` sets the prototype instead of a
 * key and `constructor` or `toString` read through to Object.prototype when absent; a
 * user's CSV can have any header, so each row here is a null-prototype object, and bigint
 * values become numbers.
 */
export function arrowRows(result: Table): Row[] {
  const names = result.schema.fields.map((f) => f.name);
  const vectors = names.map((_, i) => result.getChildAt(i));
  const rows: Row[] = [];
  for (let r = 0; r < result.numRows; r++) {
    const row: Row = Object.create(null);
    for (let c = 0; c < names.length; c++) row[names[c] as string] = plain(vectors[c]?.get(r));
    rows.push(row);
  }
  return rows;
}
