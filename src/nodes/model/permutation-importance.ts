import { createRng, permutation } from '../../shared/rng';

/** Most rows permutation importance predicts on (a sample of the evaluated table). */
export const IMPORTANCE_ROWS = 5000;
/** Most features it permutes (the first ones, in the model's order). */
export const IMPORTANCE_FEATURES = 30;
/** Shuffles per feature; the drop is their mean. */
export const IMPORTANCE_REPEATS = 3;

/** One feature's importance: how much the score falls when its column is shuffled. */
export interface FeatureImportance {
  feature: string;
  /** Mean over repeats of (score with the column intact − score with it shuffled). */
  drop: number;
  /** Population standard deviation of the drop over the repeats. */
  sd: number;
}

export interface PermutationInput {
  /** Row-major feature matrix, `features.length` columns. Not modified. */
  x: Float32Array;
  rows: number;
  features: readonly string[];
  /** How many of the first features to permute (the rest keep their values). */
  permute?: number;
  /** Model outputs for `rows` rows of a matrix shaped like `x`. */
  predict: (x: Float32Array, rows: number) => Promise<Float32Array>;
  /** The score of outputs for these rows, higher is better (undefined when it cannot be computed). */
  score: (out: Float32Array) => number | undefined;
  repeats?: number;
  seed?: number;
  /** Called after each feature, with the fraction done. */
  onFeature?: (done: number, total: number) => void;
}

/**
 * Permutation importance (Breiman; scikit-learn's `permutation_importance`): for each
 * feature, shuffle its column `repeats` times with a seeded permutation, predict, and
 * measure how far the score falls from the intact score. Works for any model that can
 * predict, so every family gets it. The repeats of one feature go to the model as one
 * stacked batch, one predict call per feature. Sorted by drop, largest first; undefined
 * when the intact score is.
 */
export async function permutationImportance(
  input: PermutationInput,
): Promise<{ baseline: number; features: FeatureImportance[] } | undefined> {
  const { x, rows, features, predict, score } = input;
  const cols = features.length;
  const repeats = input.repeats ?? IMPORTANCE_REPEATS;
  const permute = Math.min(cols, input.permute ?? IMPORTANCE_FEATURES);
  const baseline = score(await predict(x.slice(), rows));
  // E.g. AUC of a sample holding one class only: nothing to fall from.
  if (baseline === undefined) return undefined;
  const rng = createRng(input.seed ?? 42);
  const out: FeatureImportance[] = [];
  for (let j = 0; j < permute; j++) {
    const stacked = new Float32Array(repeats * rows * cols);
    for (let r = 0; r < repeats; r++) {
      const offset = r * rows * cols;
      stacked.set(x, offset);
      const order = permutation(rows, rng);
      for (let i = 0; i < rows; i++)
        stacked[offset + i * cols + j] = x[(order[i] as number) * cols + j] as number;
    }
    const predicted = await predict(stacked, repeats * rows);
    const width = predicted.length / (repeats * rows);
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const s = score(predicted.subarray(r * rows * width, (r + 1) * rows * width));
      if (s !== undefined) drops.push(baseline - s);
    }
    const mean = drops.length ? drops.reduce((a, b) => a + b, 0) / drops.length : 0;
    const sd = drops.length ? Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length) : 0;
    out.push({ feature: features[j] as string, drop: mean, sd });
    input.onFeature?.(j + 1, permute);
  }
  out.sort((a, b) => b.drop - a.drop);
  return { baseline, features: out };
}
