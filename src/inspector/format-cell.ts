/** Render an Arrow cell value as text for a DuckDB column type (never as markup). */
export function formatCell(value: unknown, type: string): string {
  if (value === null || value === undefined) return '';
  if (type.startsWith('TIMESTAMP') && typeof value === 'number')
    return new Date(value)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$|Z$/, '');
  if (type === 'DATE' && typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    return Number(value.toPrecision(8)).toString();
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object')
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

/**
 * The whole value, when `formatCell` shows it rounded (a double past 8 significant digits):
 * the cell's tooltip, so a rounded number never passes for the value itself.
 */
export function roundedFrom(value: unknown, type: string): string | undefined {
  if (typeof value !== 'number' || Number.isInteger(value) || type.startsWith('TIMESTAMP') || type === 'DATE')
    return undefined;
  const whole = String(value);
  return formatCell(value, type) === whole ? undefined : whole;
}
