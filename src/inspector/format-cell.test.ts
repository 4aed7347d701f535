import { describe, expect, it } from 'vitest';
import { formatCell, roundedFrom } from './format-cell';

describe('formatCell', () => {
  it('formats timestamps, dates, numbers and nulls', () => {
    expect(formatCell(Date.UTC(2026, 0, 1, 5, 30), 'TIMESTAMP')).toBe('2026-01-01 05:30:00');
    expect(formatCell(Date.UTC(2026, 1, 2), 'DATE')).toBe('2026-02-02');
    expect(formatCell(1 / 3, 'DOUBLE')).toBe('0.33333333');
    expect(formatCell(42, 'INTEGER')).toBe('42');
    expect(formatCell(null, 'VARCHAR')).toBe('');
    expect(formatCell('<img src=x>', 'VARCHAR')).toBe('<img src=x>');
  });
  it('gives the whole value of a number it rounds, and nothing for one shown whole', () => {
    expect(roundedFrom(1 / 3, 'DOUBLE')).toBe('0.3333333333333333');
    expect(roundedFrom(0.25, 'DOUBLE')).toBeUndefined();
    expect(roundedFrom(42, 'INTEGER')).toBeUndefined();
    expect(roundedFrom('0.3333333333333333', 'VARCHAR')).toBeUndefined();
    expect(roundedFrom(Date.UTC(2026, 0, 1) + 0.5, 'TIMESTAMP')).toBeUndefined();
  });
});
