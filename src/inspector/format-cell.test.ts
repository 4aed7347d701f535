import { describe, expect, it } from 'vitest';
import { formatCell } from './format-cell';

describe('formatCell', () => {
  it('formats timestamps, dates, numbers and nulls', () => {
    expect(formatCell(Date.UTC(2026, 0, 1, 5, 30), 'TIMESTAMP')).toBe('2026-01-01 05:30:00');
    expect(formatCell(Date.UTC(2026, 1, 2), 'DATE')).toBe('2026-02-02');
    expect(formatCell(1 / 3, 'DOUBLE')).toBe('0.33333333');
    expect(formatCell(42, 'INTEGER')).toBe('42');
    expect(formatCell(null, 'VARCHAR')).toBe('');
    expect(formatCell('<img src=x>', 'VARCHAR')).toBe('<img src=x>');
  });
});
