import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFileName, encodeName, outputTableName } from './internal-names';

describe('internal names', () => {
  it('keep lowercase letters and digits, encode everything else', () => {
    expect(outputTableName('n1', 'out')).toBe('pw_n1__out');
    expect(outputTableName('S', 'out')).toBe('pw__53__out');
    expect(encodeName('é')).toBe('_c3_a9');
    expect(encodeFileName('x/y.csv')).toBe('x_2fy.csv');
    expect(encodeFileName('../x_y.csv')).toBe('_2e._2fx_5fy.csv');
    expect(encodeFileName('..')).toBe('_2e.');
  });

  it('never give two node ports one table, even ignoring case as DuckDB does', () => {
    const id = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        id,
        id,
        fc.constantFrom('out', 'applied'),
        fc.constantFrom('out', 'applied'),
        (a, b, p, q) => {
          fc.pre(a !== b || p !== q);
          expect(outputTableName(a, p).toLowerCase()).not.toBe(outputTableName(b, q).toLowerCase());
        },
      ),
      {
        examples: [
          ['S', 's', 'out', 'out'],
          ['a_b', 'a', 'out', 'out'],
        ],
      },
    );
  });

  it('never give two files one path, nor one outside the folder', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        fc.pre(a !== b);
        expect(encodeFileName(a).toLowerCase()).not.toBe(encodeFileName(b).toLowerCase());
        expect(encodeFileName(a)).not.toMatch(/\/|^\.\.?$|^\./);
      }),
      {
        examples: [
          ['x/y.csv', 'x_y.csv'],
          ['../x_y.csv', 'x_y.csv'],
          ['A.csv', 'a.csv'],
        ],
      },
    );
  });
});
