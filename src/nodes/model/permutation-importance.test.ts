import { describe, expect, it } from 'vitest';
import { rankAuc } from '../../shared/rank-auc';
import { createRng } from '../../shared/rng';
import { permutationImportance } from './permutation-importance';

/** `rows` rows of `cols` uniform features, seeded. */
function matrix(rows: number, cols: number, seed = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * cols }, () => rng());
}

/** R² of `out` against `y`. */
function r2(out: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] as number;
  mean /= n;
  let ss = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    ss += ((y[i] as number) - (out[i] as number)) ** 2;
    tot += ((y[i] as number) - mean) ** 2;
  }
  return 1 - ss / tot;
}

const ROWS = 2000;
const COLS = 3;

describe('permutationImportance', () => {
  // The "model" reads feature 0 only; the target is that feature.
  const x = matrix(ROWS, COLS);
  const y = Float32Array.from({ length: ROWS }, (_, i) => x[i * COLS] as number);
  const calls: number[] = [];
  const predict = async (m: Float32Array, rows: number) => {
    calls.push(rows);
    return Float32Array.from({ length: rows }, (_, i) => m[i * COLS] as number);
  };

  it('a feature the model does not use has drop 0; the one it uses drops R² by about 2 (shuffled R² ≈ −1)', async () => {
    const before = x.slice();
    calls.length = 0;
    const result = await permutationImportance({
      x,
      rows: ROWS,
      features: ['used', 'unused_a', 'unused_b'],
      predict,
      score: (out) => r2(out, y),
      repeats: 3,
      seed: 7,
    });
    expect(result?.baseline).toBe(1);
    expect(result?.features.map((f) => f.feature)[0]).toBe('used');
    const byName = Object.fromEntries((result?.features ?? []).map((f) => [f.feature, f]));
    expect(byName.unused_a?.drop).toBe(0);
    expect(byName.unused_b?.drop).toBe(0);
    expect(byName.unused_a?.sd).toBe(0);
    expect(byName.used?.drop).toBeGreaterThan(1.8);
    expect(byName.used?.drop).toBeLessThan(2.2);
    expect(byName.used?.sd).toBeGreaterThan(0);
    // The input is left as it was; one intact call, then one stacked call per feature.
    expect(x).toEqual(before);
    expect(calls).toEqual([ROWS, 3 * ROWS, 3 * ROWS, 3 * ROWS]);
  });

  it('is seeded: the same seed gives the same drops, another seed other ones', async () => {
    const run = (seed: number) =>
      permutationImportance({
        x,
        rows: ROWS,
        features: ['a', 'b', 'c'],
        predict,
        score: (o) => r2(o, y),
        seed,
      });
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect((await run(4))?.features[0]?.drop).not.toBe(a?.features[0]?.drop);
  });

  it('permutes at most `permute` features (the first ones)', async () => {
    const result = await permutationImportance({
      x,
      rows: ROWS,
      features: ['a', 'b', 'c'],
      permute: 2,
      predict,
      score: (o) => r2(o, y),
    });
    expect(result?.features.map((f) => f.feature).sort()).toEqual(['a', 'b']);
  });

  it('binary AUC: a perfect ranking by feature 1 falls to about 0.5 when it is shuffled', async () => {
    const labels = Float32Array.from({ length: ROWS }, (_, i) => ((x[i * COLS + 1] as number) > 0.5 ? 1 : 0));
    const result = await permutationImportance({
      x,
      rows: ROWS,
      features: ['a', 'b', 'c'],
      predict: async (m, rows) => Float32Array.from({ length: rows }, (_, i) => m[i * COLS + 1] as number),
      score: (out) => rankAuc(out, labels),
    });
    expect(result?.baseline).toBe(1);
    expect(result?.features[0]?.feature).toBe('b');
    expect(result?.features[0]?.drop).toBeGreaterThan(0.4);
    expect(result?.features[0]?.drop).toBeLessThan(0.6);
    expect(result?.features.slice(1).map((f) => f.drop)).toEqual([0, 0]);
  });

  it('gives nothing when the intact score is undefined (one class in the sample)', async () => {
    const result = await permutationImportance({
      x,
      rows: ROWS,
      features: ['a', 'b', 'c'],
      predict,
      score: (out) => rankAuc(out, new Float32Array(ROWS)),
    });
    expect(result).toBeUndefined();
  });
});
