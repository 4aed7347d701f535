import { describe, expect, it } from 'vitest';
import { gridSettings, parseSearchSpace, randomSettings, type SettingRule } from './search-space';

const rules: Record<string, SettingRule> = {
  learningRate: { int: false, check: (v) => (v > 0 && v <= 1 ? undefined : 'must be in (0, 1].') },
  maxDepth: { int: true, check: (v) => (Number.isInteger(v) ? undefined : 'takes whole numbers only.') },
};

describe('parseSearchSpace', () => {
  it('reads lists and ranges, one setting per line or semicolon', () => {
    expect(parseSearchSpace('learningRate: 0.05, 0.1; maxDepth: 3, 6', rules)).toEqual([
      { name: 'learningRate', values: [0.05, 0.1] },
      { name: 'maxDepth', values: [3, 6] },
    ]);
    expect(parseSearchSpace('learningRate: 0.01..0.3 log\n# comment\n', rules)).toEqual([
      { name: 'learningRate', low: 0.01, high: 0.3, log: true },
    ]);
  });

  it('names the setting and what is wrong', () => {
    expect(() => parseSearchSpace('rounds: 10', rules)).toThrow(
      /"rounds" is not a setting.*learningRate, maxDepth/,
    );
    expect(() => parseSearchSpace('maxDepth: 2.5', rules)).toThrow(/setting 1: maxDepth takes whole numbers/);
    expect(() => parseSearchSpace('learningRate: 0.3..0.1', rules)).toThrow(/from low to high/);
    expect(() => parseSearchSpace('learningRate: fast', rules)).toThrow(
      /neither a list of numbers nor a range/,
    );
    expect(() => parseSearchSpace('  ', rules)).toThrow(/at least one setting/);
  });
});

describe('settings', () => {
  it('grid: every combination, refusing ranges and oversized grids', () => {
    const dims = parseSearchSpace('learningRate: 0.05, 0.1, 0.2; maxDepth: 3, 6', rules);
    const grid = gridSettings(dims, 200);
    expect(grid).toHaveLength(6);
    expect(grid).toContainEqual({ learningRate: 0.2, maxDepth: 6 });
    expect(() => gridSettings(dims, 5)).toThrow(/more than 5 settings/);
    expect(() => gridSettings(parseSearchSpace('learningRate: 0.01..0.3', rules), 200)).toThrow(
      /grid search needs a list/,
    );
  });

  it('random: seeded draws inside the ranges, integers rounded, no repeats', () => {
    const dims = parseSearchSpace('learningRate: 0.01..0.3 log; maxDepth: 2..8', rules);
    const a = randomSettings(dims, 12, 42, rules);
    expect(a).toEqual(randomSettings(dims, 12, 42, rules));
    expect(a).toHaveLength(12);
    for (const s of a) {
      expect(s.learningRate).toBeGreaterThanOrEqual(0.01);
      expect(s.learningRate).toBeLessThanOrEqual(0.3);
      expect(Number.isInteger(s.maxDepth)).toBe(true);
    }
    expect(new Set(a.map((s) => JSON.stringify(s))).size).toBe(12);
    // Two values only: the draw stops at the two distinct settings instead of repeating.
    expect(randomSettings(parseSearchSpace('maxDepth: 3, 6', rules), 10, 1, rules)).toHaveLength(2);
  });
});
