import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { columnRecord } from './params';

describe('columnRecord', () => {
  const schema = columnRecord(z.enum(['int', 'float'])).default({});

  it('keeps a key called __proto__ (zod record dropped it)', () => {
    const parsed = schema.parse(
      JSON.parse('{"__proto__": "int", "constructor": "float", "toString": "int"}'),
    );
    expect(Object.entries(parsed)).toEqual([
      ['__proto__', 'int'],
      ['constructor', 'float'],
      ['toString', 'int'],
    ]);
  });

  it('reports a bad value under its column name', () => {
    const r = schema.safeParse({ a: 'int', 'b c': 'decimal' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['b c']);
  });

  it('refuses a non-object and defaults to {}', () => {
    expect(schema.safeParse(['a']).success).toBe(false);
    expect(schema.safeParse('a').success).toBe(false);
    expect(schema.parse(undefined)).toEqual({});
  });
});
