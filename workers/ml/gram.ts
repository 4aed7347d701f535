/**
 * Rows per block of the blocked Gram products: a block of a dozen float64 columns stays in
 * the L1/L2 cache while every pair of columns is multiplied over it.
 */
export const BLOCK_ROWS = 256;

/**
 * Adds the lower triangle of Σ_i u[a·stride + i] · v[b·stride + i] (b ≤ a < cols, i < n)
 * to `out[a·ld + b]`. The columns are column-major blocks (`stride` apart), so each inner loop
 * walks two or five arrays contiguously and keeps its sums in registers; four columns of v
 * at a time share each load of u. Pass the same array twice for XᵀX, weighted columns as u
 * for XᵀWX.
 */
export function addBlockGram(
  u: Float64Array,
  v: Float64Array,
  stride: number,
  n: number,
  cols: number,
  out: Float64Array,
  ld: number,
): void {
  for (let a = 0; a < cols; a++) {
    const ua = a * stride;
    const row = a * ld;
    let b = 0;
    for (; b + 3 <= a; b += 4) {
      const v0 = b * stride;
      const v1 = v0 + stride;
      const v2 = v1 + stride;
      const v3 = v2 + stride;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const w = u[ua + i] as number;
        s0 += w * (v[v0 + i] as number);
        s1 += w * (v[v1 + i] as number);
        s2 += w * (v[v2 + i] as number);
        s3 += w * (v[v3 + i] as number);
      }
      out[row + b] = (out[row + b] as number) + s0;
      out[row + b + 1] = (out[row + b + 1] as number) + s1;
      out[row + b + 2] = (out[row + b + 2] as number) + s2;
      out[row + b + 3] = (out[row + b + 3] as number) + s3;
    }
    for (; b <= a; b++) {
      const vb = b * stride;
      let s = 0;
      for (let i = 0; i < n; i++) s += (u[ua + i] as number) * (v[vb + i] as number);
      out[row + b] = (out[row + b] as number) + s;
    }
  }
}

/**
 * Copies rows [start, start + n) of the row-major `x` (`features` wide) into the
 * column-major block `cols` (`stride` apart) as float64 x − shift, and adds each column's
 * sum of those values to `sums`. Returns Σ v · 0 over the values read: NaN exactly when one
 * is missing or infinite, so callers check completeness without a pass of their own.
 * Column by column, so the stores and sums run contiguously.
 */
export function loadShiftedBlock(
  x: Float32Array,
  features: number,
  start: number,
  n: number,
  cols: Float64Array,
  stride: number,
  shift: Float64Array,
  sums: Float64Array,
): number {
  const base = start * features;
  let probe = 0;
  for (let f = 0; f < features; f++) {
    const o = f * stride;
    const c = shift[f] as number;
    let s = 0;
    let j = base + f;
    for (let i = 0; i < n; i++) {
      const v = x[j] as number;
      probe += v * 0;
      const d = v - c;
      cols[o + i] = d;
      s += d;
      j += features;
    }
    sums[f] = (sums[f] as number) + s;
  }
  return probe;
}

/**
 * Copies rows [start, start + n) of `x` into the column-major block `cols`, as
 * `loadShiftedBlock` does without the shift, and sets z[i] = bias + Σ_f w[f] · x[i, f]
 * for the block's rows while each value is at hand.
 */
export function loadScoredBlock(
  x: Float32Array,
  features: number,
  start: number,
  n: number,
  cols: Float64Array,
  stride: number,
  w: Float64Array,
  bias: number,
  z: Float64Array,
): void {
  const base = start * features;
  z.fill(bias, 0, n);
  for (let f = 0; f < features; f++) {
    const o = f * stride;
    const wf = w[f] as number;
    let j = base + f;
    for (let i = 0; i < n; i++) {
      const v = x[j] as number;
      cols[o + i] = v;
      z[i] = (z[i] as number) + wf * v;
      j += features;
    }
  }
}
