import { quoteIdent, quoteLiteral } from '../sql-util';

/**
 * First characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV
 * Injection"): `=`, `+`, `-`, `@`, tab and carriage return.
 */
export const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'] as const;

/** Column types whose CSV cells are free text. Numbers, dates and nested values are not. */
function isTextType(type: string): boolean {
  return type === 'VARCHAR' || type === 'BLOB' || type.startsWith('ENUM(');
}

/** `name` as a header cell that a spreadsheet shows as text. */
export function safeHeader(name: string): string {
  return (FORMULA_STARTS as readonly string[]).includes(name.charAt(0)) ? `'${name}` : name;
}

/**
 * One column of a CSV download, as a `SELECT` item, with OWASP's defence: a text cell (and
 * a column name) starting like a formula gets a leading `'`, which spreadsheets show as
 * text. Only text columns are touched, so numbers (negative ones too) stay numbers.
 */
export function formulaSafeColumn(c: { name: string; type: string }): string {
  const q = quoteIdent(c.name);
  const alias = quoteIdent(safeHeader(c.name));
  if (!isTextType(c.type)) return `${q} AS ${alias}`;
  const text = `CAST(${q} AS VARCHAR)`;
  const starts = FORMULA_STARTS.map((ch) => quoteLiteral(ch)).join(', ');
  return `CASE WHEN left(${text}, 1) IN (${starts}) THEN '''' || ${text} ELSE ${text} END AS ${alias}`;
}
