import { createRng } from '../../src/shared/rng';

/**
 * How one feature's raw values map to histogram bins. Numeric: a value goes to the first bin
 * b with `value <= thresholds[b]`, or to the last bin; thresholds are float32-representable
 * so an exported model compares exactly like the trainer did. Categorical: bin b holds the
 * category `categories[b]`. NaN (and, for categorical features, categories not seen in
 * training) go to the missing bin, whose side each split learns.
 */
export interface FeatureBins {
  categorical: boolean;
  thresholds: number[];
  categories: number[];
  /** Bins used by non-missing values (at most the `bins` parameter). */
  nBins: number;
}

/**
 * Binned features, row-major (`codes[i * features + f]`): a histogram pass over a node's
 * scattered rows then touches one cache line per row, not one per feature (LightGBM's
 * row-wise mode, the better one for tall tables with few columns).
 */
export interface BinnedMatrix {
  rows: number;
  features: number;
  /** Bin index reserved for missing values; equal to the `bins` parameter. */
  missingBin: number;
  codes: Uint8Array;
}

/** Rows sampled to find quantiles: enough for 255 bins, like scikit-learn's 2e5. */
const QUANTILE_SAMPLE = 200_000;

function float32Between(lo: number, hi: number): number {
  const mid = Math.fround((lo + hi) / 2);
  // Two adjacent float32 values have no float32 between them; `lo` itself keeps `hi` right.
  return mid >= hi || mid < lo ? lo : mid;
}

function numericThresholds(values: Float32Array, maxBins: number): number[] {
  values.sort();
  const m = values.length;
  const thresholds: number[] = [];
  if (m === 0) return thresholds;
  let distinct = 1;
  for (let i = 1; i < m && distinct <= maxBins; i++) if (values[i] !== values[i - 1]) distinct++;
  if (distinct <= maxBins) {
    for (let i = 1; i < m; i++) {
      const a = values[i - 1] as number;
      const b = values[i] as number;
      if (b !== a) thresholds.push(float32Between(a, b));
    }
    return thresholds;
  }
  for (let q = 1; q < maxBins; q++) {
    let idx = Math.min(m - 1, Math.floor((q * m) / maxBins));
    const v = values[idx] as number;
    while (idx < m && values[idx] === v) idx++;
    if (idx >= m) break;
    const t = float32Between(v, values[idx] as number);
    const last = thresholds[thresholds.length - 1];
    if (last === undefined || t > last) thresholds.push(t);
  }
  return thresholds;
}

/**
 * Learns the bins of every feature from the given rows of a row-major matrix. Throws when a
 * categorical feature holds a non-integer code or more categories than bins.
 */
export function fitBins(
  x: Float32Array,
  features: number,
  rowIndex: Uint32Array,
  maxBins: number,
  categorical: readonly boolean[],
  seed: number,
): FeatureBins[] {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
    throw new Error(`bins must be an integer from 2 to 255 (got ${maxBins})`);
  }
  let sample = rowIndex;
  if (rowIndex.length > QUANTILE_SAMPLE) {
    const rng = createRng(seed ^ 0x5bd1e995);
    const picked = new Uint32Array(QUANTILE_SAMPLE);
    for (let i = 0; i < QUANTILE_SAMPLE; i++) {
      picked[i] = rowIndex[Math.floor(rng() * rowIndex.length)] as number;
    }
    sample = picked;
  }
  const out: FeatureBins[] = [];
  for (let f = 0; f < features; f++) {
    if (categorical[f]) {
      const seen = new Set<number>();
      for (let i = 0; i < rowIndex.length; i++) {
        const v = x[(rowIndex[i] as number) * features + f] as number;
        if (Number.isNaN(v)) continue;
        if (!Number.isInteger(v)) {
          throw new Error(`categorical feature ${f} holds ${v}, not an integer category code`);
        }
        seen.add(v);
      }
      if (seen.size > maxBins) {
        throw new Error(`categorical feature ${f} has ${seen.size} categories, more than bins (${maxBins})`);
      }
      const categories = [...seen].sort((a, b) => a - b);
      out.push({ categorical: true, thresholds: [], categories, nBins: Math.max(1, categories.length) });
      continue;
    }
    const values = new Float32Array(sample.length);
    let m = 0;
    for (let i = 0; i < sample.length; i++) {
      const v = x[(sample[i] as number) * features + f] as number;
      if (!Number.isNaN(v)) values[m++] = v;
    }
    const thresholds = numericThresholds(values.subarray(0, m), maxBins);
    out.push({ categorical: false, thresholds, categories: [], nBins: thresholds.length + 1 });
  }
  return out;
}

/** The bin of a numeric value: binary search for the first threshold at or above it. */
export function numericBin(thresholds: readonly number[], v: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= (thresholds[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Bins the given rows of a row-major matrix with learnt bins. */
export function applyBins(
  x: Float32Array,
  features: number,
  rowIndex: Uint32Array,
  bins: readonly FeatureBins[],
  missingBin: number,
): BinnedMatrix {
  const rows = rowIndex.length;
  const codes = new Uint8Array(rows * features);
  for (let f = 0; f < features; f++) {
    const fb = bins[f] as FeatureBins;
    if (fb.categorical) {
      const lookup = new Map<number, number>();
      fb.categories.forEach((c, b) => {
        lookup.set(c, b);
      });
      for (let i = 0; i < rows; i++) {
        const v = x[(rowIndex[i] as number) * features + f] as number;
        codes[i * features + f] = lookup.get(v) ?? missingBin;
      }
      continue;
    }
    const t = fb.thresholds;
    for (let i = 0; i < rows; i++) {
      const v = x[(rowIndex[i] as number) * features + f] as number;
      codes[i * features + f] = Number.isNaN(v) ? missingBin : numericBin(t, v);
    }
  }
  return { rows, features, missingBin, codes };
}
