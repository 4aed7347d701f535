/**
 * The statistics a drift check reports that DuckDB has no function for: the population
 * stability index over shared bins, and p-values of the two-sample Kolmogorov–Smirnov and
 * chi-square tests from their statistics.
 */

/** Shares below this count as this in the PSI's logarithm (an empty bin would be infinite). */
const PSI_FLOOR = 1e-4;

/** Population stability index Σ (c − r)·ln(c / r) over bins given as counts. */
export function psi(reference: readonly number[], current: readonly number[]): number {
  const rTotal = reference.reduce((s, v) => s + v, 0);
  const cTotal = current.reduce((s, v) => s + v, 0);
  if (!rTotal || !cTotal) return 0;
  let total = 0;
  reference.forEach((r, i) => {
    const p = Math.max(r / rTotal, PSI_FLOOR);
    const q = Math.max((current[i] ?? 0) / cTotal, PSI_FLOOR);
    total += (q - p) * Math.log(q / p);
  });
  return total;
}

/** Kolmogorov's survival function Q(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²). */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += (j % 2 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Asymptotic p-value of the two-sample KS statistic `d` for samples of `n` and `m` values,
 * with Stephens' small-sample correction (as in Numerical Recipes' `kstwo`).
 */
export function ksPValue(d: number, n: number, m: number): number {
  if (!n || !m) return 1;
  const ne = Math.sqrt((n * m) / (n + m));
  return kolmogorovQ((ne + 0.12 + 0.11 / ne) * d);
}

/** ln Γ(x) by the Lanczos approximation (g = 7, 9 terms), accurate to ~1e-15 for x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0] as number;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised upper incomplete gamma Q(a, x): a series below a + 1, a continued fraction above. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * front);
  }
  // Lentz's method for the continued fraction.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, front * h);
}

/**
 * Chi-square test of homogeneity on two rows of counts (reference, current) over the same
 * categories: the statistic, its degrees of freedom and p-value. Empty categories are dropped.
 */
export function chiSquareTest(
  reference: readonly number[],
  current: readonly number[],
): { statistic: number; df: number; pValue: number } {
  const rTotal = reference.reduce((s, v) => s + v, 0);
  const cTotal = current.reduce((s, v) => s + v, 0);
  const total = rTotal + cTotal;
  let statistic = 0;
  let k = 0;
  reference.forEach((r, i) => {
    const c = current[i] ?? 0;
    const col = r + c;
    if (!col) return;
    k++;
    const er = (col * rTotal) / total;
    const ec = (col * cTotal) / total;
    statistic += (r - er) ** 2 / er + (c - ec) ** 2 / ec;
  });
  const df = Math.max(1, k - 1);
  if (!rTotal || !cTotal || k < 2) return { statistic: 0, df, pValue: 1 };
  return { statistic, df, pValue: gammaQ(df / 2, statistic / 2) };
}
