import { describe, expect, it } from 'vitest';
import rulesKind from '../nodes/validate/rules.kind';
import {
  formatValues,
  newRule,
  parseBound,
  parseNames,
  parseValues,
  RULE_TYPES,
  withType,
} from './rule-form';

const valid = (rules: unknown[]) => rulesKind.paramsSchema.safeParse({ mode: 'warn', rules }).success;

describe('rule form', () => {
  it('reads thresholds as numbers, text (dates) or no bound', () => {
    expect(parseBound(' 150 ')).toBe(150);
    expect(parseBound('-0.5')).toBe(-0.5);
    expect(parseBound('2024-01-01')).toBe('2024-01-01');
    expect(parseBound('')).toBeNull();
  });
  it('reads and writes back value lists', () => {
    expect(parseValues('a, b ,3, true, "7"')).toEqual(['a', 'b', 3, true, '7']);
    expect(formatValues(['a', 3, true, '7'])).toBe('a, 3, true, "7"');
    expect(parseValues(formatValues(['x', '7', 7, 'false']))).toEqual(['x', '7', 7, 'false']);
    expect(parseNames('a, b,,c ')).toEqual(['a', 'b', 'c']);
  });
  it('changes a rule type keeping its column, and every type gives a valid rule', () => {
    const between = { type: 'between', column: 'temperature', min: -50, max: 150 };
    expect(withType(between, 'not_null')).toEqual({ type: 'not_null', column: 'temperature' });
    expect(withType(between, 'unique')).toEqual({ type: 'unique', columns: ['temperature'] });
    expect(withType({ type: 'unique', columns: ['a', 'b'] }, 'regex')).toEqual({
      type: 'regex',
      column: 'a',
      pattern: '',
    });
    for (const [type] of RULE_TYPES) {
      const rule = withType(newRule(['temperature']), type);
      // unique needs a column, which the new rule has.
      expect(valid([rule]), type).toBe(true);
    }
    expect(withType({ type: 'between', column: 'd', min: '2024-01-01' }, 'row_count')).toEqual({
      type: 'row_count',
      min: null,
      max: null,
    });
  });
});
