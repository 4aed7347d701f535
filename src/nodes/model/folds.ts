import { createRng, permutation } from '../../shared/rng';

/**
 * The fold (0..k−1) of each row, seeded. Stratified: each class's rows are shuffled and
 * dealt round the folds in turn, class after class, so every fold holds each class in
 * (nearly) its share and folds differ in size by at most one row.
 */
export function assignFolds(y: ArrayLike<number>, k: number, seed: number, stratified: boolean): Uint8Array {
  const n = y.length;
  if (k < 2 || k > 255) throw new Error(`folds must be between 2 and 255, got ${k}.`);
  const rng = createRng(seed);
  const order = permutation(n, rng);
  const fold = new Uint8Array(n);
  if (!stratified) {
    for (let j = 0; j < n; j++) fold[order[j] as number] = j % k;
    return fold;
  }
  // Classes in index order, each class's rows in the shuffled order.
  const byClass = new Map<number, number[]>();
  for (let j = 0; j < n; j++) {
    const i = order[j] as number;
    const c = y[i] as number;
    const rows = byClass.get(c) ?? [];
    if (!rows.length) byClass.set(c, rows);
    rows.push(i);
  }
  let dealt = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b))
    for (const i of byClass.get(c) as number[]) fold[i] = dealt++ % k;
  return fold;
}

/** Rows of fold `f` (test) and of every other fold (train). */
export function foldRows(fold: Uint8Array, f: number): { train: Uint32Array; test: Uint32Array } {
  let testCount = 0;
  for (const v of fold) if (v === f) testCount++;
  const test = new Uint32Array(testCount);
  const train = new Uint32Array(fold.length - testCount);
  let a = 0;
  let b = 0;
  fold.forEach((v, i) => {
    if (v === f) test[a++] = i;
    else train[b++] = i;
  });
  return { train, test };
}
