/** One bar of a profile histogram: the values it counts, `from` ≤ v < `to` (the last one ≤ `to`). */
export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/**
 * The value range of each bin of an equal-width histogram from `min` to `max`, as
 * workers/profile.ts bins it; a constant column is one bin from its value to itself.
 */
export function histogramBins(h: { min: number; max: number; counts: readonly number[] }): HistogramBin[] {
  const n = h.counts.length;
  if (n <= 1 || h.max <= h.min) return h.counts.map((count) => ({ from: h.min, to: h.max, count }));
  const width = (h.max - h.min) / n;
  // The last edge is `max` itself, not min + n × width, which rounding can put below it.
  return h.counts.map((count, i) => ({
    from: h.min + i * width,
    to: i === n - 1 ? h.max : h.min + (i + 1) * width,
    count,
  }));
}

/** A bin edge or width, short enough for an axis: four significant digits, grouped. */
export function axisNumber(v: number): string {
  return v.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}
