import { quoteIdent } from '../src/nodes/sql-util';

/** LIST, ARRAY, STRUCT, MAP and UNION types: DuckDB prints them, but most casts refuse them. */
export function isNestedType(type: string): boolean {
  return /\]$/.test(type) || /^(STRUCT|MAP|UNION)\(/.test(type);
}

/**
 * A column as the preview reads it. Nested values become DuckDB's own text (a BIGINT[] cast
 * to DOUBLE fails, and Arrow's BIGINT-as-double option garbles lists). DECIMAL and the big
 * integers become their text too, so the preview shows every digit: as doubles (the engine's
 * BIGINT-as-double option) 9007199254740993 would show as …992, and a DECIMAL(38,10) would
 * lose its last digits; Arrow's JSON gives DECIMAL as its unscaled integer. A time-zone
 * timestamp becomes the plain one (UTC) the UI formats.
 */
export function previewExpr(c: { name: string; type: string }): string {
  const q = quoteIdent(c.name);
  if (isNestedType(c.type)) return `${q}::VARCHAR AS ${q}`;
  if (/^(DECIMAL|HUGEINT|UHUGEINT|BIGINT|UBIGINT)$|^DECIMAL\(/.test(c.type)) return `${q}::VARCHAR AS ${q}`;
  if (c.type === 'TIMESTAMP WITH TIME ZONE') return `${q}::TIMESTAMP AS ${q}`;
  return q;
}

/**
 * A column as a download writes it. Parquet (parquet-wasm) cannot write Arrow intervals, so
 * an INTERVAL (or a nested type holding one) is written as DuckDB's text for it ("3 days 04:00:00"), which reads back.
 */
export function exportExpr(c: { name: string; type: string }, format: 'csv' | 'parquet'): string {
  const q = quoteIdent(c.name);
  if (format === 'parquet' && /\bINTERVAL\b/.test(c.type)) return `${q}::VARCHAR AS ${q}`;
  return q;
}
