import { describe, expect, it } from 'vitest';
import { chiSquareTest, gammaQ, kolmogorovQ, ksPValue, psi } from './drift-stats';

describe('psi', () => {
  it('is 0 for the same shares and matches a hand computation otherwise', () => {
    expect(psi([10, 20, 70], [1, 2, 7])).toBeCloseTo(0, 12);
    // (0.5−0.25)·ln(2) + (0.5−0.75)·ln(2/3)
    expect(psi([25, 75], [50, 50])).toBeCloseTo(0.25 * Math.log(2) - 0.25 * Math.log(2 / 3), 12);
  });
  it('stays finite when a bin is empty on one side', () => {
    expect(Number.isFinite(psi([50, 50, 0], [0, 50, 50]))).toBe(true);
  });
});

describe('p-values', () => {
  it('Kolmogorov Q at the classic 5% and 1% critical values', () => {
    expect(kolmogorovQ(1.3581)).toBeCloseTo(0.05, 3);
    expect(kolmogorovQ(1.6276)).toBeCloseTo(0.01, 3);
    expect(kolmogorovQ(0.1)).toBe(1);
  });
  it('KS p-value falls with the statistic and the sample size', () => {
    expect(ksPValue(0.05, 1000, 1000)).toBeGreaterThan(0.1);
    expect(ksPValue(0.1, 1000, 1000)).toBeLessThan(1e-3);
    expect(ksPValue(0.1, 100, 100)).toBeGreaterThan(ksPValue(0.1, 1000, 1000));
  });
  it('upper incomplete gamma gives chi-square survival values (scipy.stats.chi2.sf)', () => {
    expect(gammaQ(0.5, 3.841458820694124 / 2)).toBeCloseTo(0.05, 10);
    expect(gammaQ(5 / 2, 10 / 2)).toBeCloseTo(0.07523524614651217, 10);
    expect(gammaQ(10, 2)).toBeCloseTo(0.9999535, 6);
  });
  it('chi-square test of homogeneity: equal shares give p = 1; a hand-computed 2×2 table', () => {
    expect(chiSquareTest([10, 30], [20, 60]).pValue).toBeCloseTo(1, 12);
    // Expected 15/15 and 15/15: χ² = 4 · 25/15.
    const t = chiSquareTest([10, 20], [20, 10]);
    expect(t.statistic).toBeCloseTo((4 * 25) / 15, 12);
    expect(t.df).toBe(1);
    expect(t.pValue).toBeCloseTo(gammaQ(0.5, (4 * 25) / 15 / 2), 12);
  });
});
