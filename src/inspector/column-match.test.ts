import { describe, expect, it } from 'vitest';
import { columnProblem } from './column-match';

describe('columnProblem', () => {
  const cols = ['failure_24h', 'temperature', 'Sensor ID'];
  it('accepts a known column, an empty name, and anything while columns are unknown', () => {
    expect(columnProblem('temperature', cols)).toBeUndefined();
    expect(columnProblem('  ', cols)).toBeUndefined();
    expect(columnProblem('anything', [])).toBeUndefined();
  });
  it('flags a typo and suggests the near name', () => {
    expect(columnProblem('failure_24', cols)).toBe(
      'No column "failure_24" in the input: did you mean "failure_24h"?',
    );
    expect(columnProblem('temprature', cols)).toContain('did you mean "temperature"?');
    expect(columnProblem('failrue_24h', cols)).toContain('did you mean "failure_24h"?');
    expect(columnProblem('sensor id', cols)).toBe(
      'No column "sensor id" in the input: did you mean "Sensor ID"?',
    );
  });
  it('flags an unrelated name without a suggestion', () => {
    expect(columnProblem('xyz', cols)).toBe('No column "xyz" in the input.');
  });
});
