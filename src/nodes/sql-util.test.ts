import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  freshColumnName,
  identList,
  isNumericType,
  quoteIdent,
  quoteLiteral,
  requireColumns,
  sqlValue,
  stripTrailingSemicolons,
} from './sql-util';

describe('quoteIdent', () => {
  it('wraps in double quotes and doubles embedded quotes', () => {
    expect(quoteIdent('a b')).toBe('"a b"');
    expect(quoteIdent('say "hi"')).toBe('"say ""hi"""');
    expect(quoteIdent('$ (€) ✓')).toBe('"$ (€) ✓"');
  });
  it('round-trips any string: unquoting gives the original back', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const q = quoteIdent(s);
        expect(q.startsWith('"') && q.endsWith('"')).toBe(true);
        expect(q.slice(1, -1).replaceAll('""', '"')).toBe(s);
        // Every quote inside is doubled, so no lone quote can end the identifier early.
        expect(/(^|[^"])"([^"]|$)/.test(q.slice(1, -1).replaceAll('""', ''))).toBe(false);
      }),
    );
  });
});

describe('literals', () => {
  it('quotes strings and renders values', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(sqlValue(null)).toBe('NULL');
    expect(sqlValue(1.5)).toBe('1.5');
    expect(sqlValue(true)).toBe('TRUE');
    expect(() => sqlValue(Number.NaN)).toThrow(/finite/);
    expect(identList(['a', 'b c'])).toBe('"a", "b c"');
  });
  it('strips trailing semicolons only', () => {
    expect(stripTrailingSemicolons(' SELECT 1;;  ')).toBe('SELECT 1');
    expect(stripTrailingSemicolons("SELECT ';'")).toBe("SELECT ';'");
  });
});

describe('column helpers', () => {
  const table = {
    columns: [
      { name: 'a b', type: 'INTEGER' },
      { name: '__pw_row', type: 'BIGINT' },
    ],
  };
  it('requireColumns names the missing column, the param and the input', () => {
    expect(() => requireColumns(table, ['a b'], 'columns')).not.toThrow();
    expect(() => requireColumns(table, ['A B'], 'columns', 'apply')).toThrow(
      'Param "columns": column "A B" is not in input "apply".',
    );
  });
  it('freshColumnName avoids existing names, case-insensitively', () => {
    expect(freshColumnName(table, 'x')).toBe('x');
    expect(freshColumnName(table, '__PW_ROW')).toBe('__PW_ROW_2');
    expect(freshColumnName(table, '__pw_row', ['__pw_row_2'])).toBe('__pw_row_3');
  });
  it('isNumericType knows integers, floats and decimals', () => {
    for (const t of ['INTEGER', 'UBIGINT', 'HUGEINT', 'FLOAT', 'DOUBLE', 'DECIMAL(18,3)'])
      expect(isNumericType(t)).toBe(true);
    for (const t of ['VARCHAR', 'BOOLEAN', 'TIMESTAMP', 'INTERVAL', 'INTEGER[]'])
      expect(isNumericType(t)).toBe(false);
  });
});
