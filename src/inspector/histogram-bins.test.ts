import { describe, expect, it } from 'vitest';
import { axisNumber, histogramBins } from './histogram-bins';

describe('histogramBins', () => {
  it('gives each bar its value range, edge to edge from min to max', () => {
    const bins = histogramBins({ min: 1, max: 11, counts: [1, 0, 1, 0, 2] });
    expect(bins.map((b) => [b.from, b.to, b.count])).toEqual([
      [1, 3, 1],
      [3, 5, 0],
      [5, 7, 1],
      [7, 9, 0],
      [9, 11, 2],
    ]);
  });
  it('ends the last bin exactly at max despite rounding', () => {
    const bins = histogramBins({ min: 0.1, max: 0.7, counts: new Array(20).fill(1) });
    expect(bins.at(-1)?.to).toBe(0.7);
    expect(bins[0]?.from).toBe(0.1);
  });
  it('makes a constant column one bin at its value', () => {
    expect(histogramBins({ min: 7, max: 7, counts: [4] })).toEqual([{ from: 7, to: 7, count: 4 }]);
  });
});

describe('axisNumber', () => {
  it('keeps axis labels short', () => {
    expect(axisNumber(0.1 + 0.2)).toBe('0.3');
    expect(axisNumber(12345.678)).toBe('12,350');
    expect(axisNumber(-2)).toBe('-2');
  });
});
