import { describe, expect, it } from 'vitest';
import { splitExcerpt } from './NodeError';

describe('splitExcerpt', () => {
  it('finds the user line and the caret column in a SQL error', () => {
    expect(
      splitExcerpt('Param "sql": syntax error near "input" at line 2, column 6:\n  FORM input\n       ^'),
    ).toEqual({
      head: 'Param "sql": syntax error near "input" at line 2, column 6',
      source: 'FORM input',
      at: 5,
      tail: '',
    });
  });
  it('leaves other messages alone', () => {
    expect(splitExcerpt('Param "x": column "a" is not in input "in".')).toBeUndefined();
  });
});
