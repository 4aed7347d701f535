/**
 * Names the engine derives from user-chosen strings (node ids, file names) for DuckDB
 * tables and file paths. DuckDB compares identifiers ignoring case and a path treats `/`
 * and `..` specially, so the raw strings cannot be used: `S` and `s` would share a table,
 * `x/y.csv` and `x_y.csv` a path. This encoding is injective and case-proof: lowercase
 * letters and digits stay as they are, every other UTF-8 byte becomes `_` and two hex
 * digits (so an `_` in the output is always followed by a hex digit, never by another `_`).
 */
export function encodeName(value: string, keep: (char: string, index: number) => boolean = plain): string {
  let out = '';
  let index = 0;
  for (const char of value) {
    if (keep(char, index)) out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `_${byte.toString(16).padStart(2, '0')}`;
    index += char.length;
  }
  return out;
}

function plain(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= '0' && char <= '9');
}

/**
 * A file name as it sits in DuckDB's file system: `.` and `-` stay readable (so is the
 * extension) except a leading dot, so the result is never `.`, `..` or hidden, and it holds
 * no `/`.
 */
export function encodeFileName(name: string): string {
  return encodeName(name, (char, index) => plain(char) || char === '-' || (char === '.' && index > 0));
}

/** Every table the engine creates for a node starts with this. */
export const OUTPUT_TABLE_PREFIX = 'pw_';

/**
 * The DuckDB table for a node's output port. `__` separates the encoded node id from the
 * encoded port: it never occurs inside an encoded name, so two (node, port) pairs never
 * share a table.
 */
export function outputTableName(nodeId: string, port: string): string {
  return `${OUTPUT_TABLE_PREFIX}${encodeName(nodeId)}__${encodeName(port)}`;
}
