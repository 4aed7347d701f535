import { describe, expect, it } from 'vitest';
import { assignFolds, foldRows } from './folds';

describe('assignFolds', () => {
  const y = Float32Array.from({ length: 103 }, (_, i) => (i % 10 === 0 ? 1 : 0));

  it('stratified: every fold holds each class in its share, sizes differ by at most one', () => {
    const fold = assignFolds(y, 5, 42, true);
    for (let f = 0; f < 5; f++) {
      const { train, test } = foldRows(fold, f);
      expect(train.length + test.length).toBe(103);
      expect(test.length === 20 || test.length === 21).toBe(true);
      const positives = [...test].filter((i) => y[i] === 1).length;
      // 11 positives over 5 folds: 2 or 3 each.
      expect(positives === 2 || positives === 3).toBe(true);
    }
  });

  it('is seeded: the same seed gives the same folds, another seed others', () => {
    expect(assignFolds(y, 5, 42, true)).toEqual(assignFolds(y, 5, 42, true));
    expect(assignFolds(y, 5, 43, true)).not.toEqual(assignFolds(y, 5, 42, true));
    expect(assignFolds(y, 4, 1, false)).toEqual(assignFolds(y, 4, 1, false));
  });

  it('plain k-fold shuffles: folds are not contiguous blocks', () => {
    const fold = assignFolds(new Float32Array(100), 4, 7, false);
    const { test } = foldRows(fold, 0);
    expect(test.length).toBe(25);
    expect(test[test.length - 1]).toBeGreaterThan(30);
  });

  it('refuses fewer than two folds', () => {
    expect(() => assignFolds(y, 1, 42, false)).toThrow(/between 2 and 255/);
  });
});
