import { createRng, permutation } from '../../src/shared/rng';
import { applyBins, type BinnedMatrix, type FeatureBins, fitBins } from './bin-mapper';
import { type BinnedTree, binnedLeaf, TreeGrower } from './gbdt-grow';
import type { GbdtModel, GbdtTree, MlTask } from './gbdt-model';
import { scoresToPredictions } from './link';

export type { GbdtModel, GbdtTree, MlTask } from './gbdt-model';

/** Progress after each boosting round. */
export interface GbdtProgress {
  round: number;
  rounds: number;
  trainLoss: number;
  validLoss: number | null;
}

/**
 * Parameters (names and defaults as PIPELINE_FORMAT.md §5 `model.gbdt`). Trees grow
 * leaf-wise (best gain first, like LightGBM and scikit-learn), stopping at `maxLeaves`
 * leaves; `maxDepth` (0 = unlimited) caps the depth as well.
 */
export interface GbdtParams {
  task: MlTask;
  /** Class count for multiclass (default: largest label + 1). */
  numClasses?: number;
  rounds?: number;
  learningRate?: number;
  maxDepth?: number;
  maxLeaves?: number;
  minSamplesLeaf?: number;
  l2?: number;
  /** Fraction of rows drawn (without replacement) for each round's trees. */
  subsample?: number;
  /** Fraction of features drawn for each tree. */
  colsample?: number;
  bins?: number;
  /** Stop after this many rounds without a better validation loss; 0 = off. */
  earlyStoppingRounds?: number;
  validationFraction?: number;
  seed?: number;
  /** Per feature: true when its values are integer category codes. */
  categorical?: readonly boolean[];
  /**
   * Record the training loss of every round in `trainLoss` (on whenever `onRound` is given).
   * Off by default because its logarithms cost about 7% of the training time.
   */
  trackTrainLoss?: boolean;
  /** Called after each round; returning false stops training and keeps the rounds so far. */
  onRound?: (progress: GbdtProgress) => boolean | undefined;
  /** Aborting throws the signal's reason at the next round boundary. */
  signal?: AbortSignal;
}

const DEFAULTS = {
  rounds: 100,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: 31,
  minSamplesLeaf: 20,
  l2: 0,
  subsample: 1,
  colsample: 1,
  bins: 255,
  earlyStoppingRounds: 0,
  validationFraction: 0.1,
  seed: 42,
};

const EPS = 1e-15;

function check(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

function labelsOf(task: MlTask, y: Float32Array, numClasses: number | undefined): number {
  if (task === 'regression') {
    for (let i = 0; i < y.length; i++)
      check(Number.isFinite(y[i]), `target has a missing or infinite value at row ${i}`);
    return 1;
  }
  let max = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    check(Number.isInteger(v) && v >= 0, `class labels must be integers from 0 (row ${i} holds ${v})`);
    if (v > max) max = v;
  }
  const k = task === 'binary' ? 2 : (numClasses ?? max + 1);
  check(max < k, `class label ${max} is out of range for ${k} classes`);
  return task === 'binary' ? 1 : k;
}

/** Mean loss of raw scores (row-major, `outputs` per row): MSE or log loss. */
function lossOf(task: MlTask, raw: Float64Array, y: Float64Array, outputs: number): number {
  const n = y.length;
  if (n === 0) return Number.NaN;
  let total = 0;
  if (task === 'regression') {
    for (let i = 0; i < n; i++) {
      const d = (raw[i] as number) - (y[i] as number);
      total += d * d;
    }
  } else if (task === 'binary') {
    for (let i = 0; i < n; i++) {
      const z = raw[i] as number;
      // log(1 + e^z) - y z, written to stay finite for large |z|.
      total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (y[i] as number) * z;
    }
  } else {
    for (let i = 0; i < n; i++) {
      let m = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < outputs; k++) m = Math.max(m, raw[i * outputs + k] as number);
      let s = 0;
      for (let k = 0; k < outputs; k++) s += Math.exp((raw[i * outputs + k] as number) - m);
      total += m + Math.log(s) - (raw[i * outputs + (y[i] as number)] as number);
    }
  }
  return total / n;
}

function baseScores(task: MlTask, y: Float64Array, outputs: number): number[] {
  const n = y.length;
  if (task === 'regression') {
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i] as number;
    return [n ? s / n : 0];
  }
  const counts = new Float64Array(task === 'binary' ? 2 : outputs);
  for (let i = 0; i < n; i++) counts[y[i] as number] = (counts[y[i] as number] as number) + 1;
  if (task === 'binary') {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, (counts[1] as number) / Math.max(1, n)));
    return [Math.log(p / (1 - p))];
  }
  return [...counts].map((c) => Math.log(Math.max(c, 1e-12) / Math.max(1, n)));
}

/**
 * Gradients and hessians of the loss for each output, from raw scores; returns the mean
 * loss of those scores, computed in the same pass since it needs the same exponentials.
 */
function gradients(
  task: MlTask,
  raw: Float64Array,
  y: Float64Array,
  outputs: number,
  g: Float32Array[],
  h: Float32Array[],
  withLoss: boolean,
  expNeg: Float64Array,
): number {
  const n = y.length;
  let loss = 0;
  if (task === 'regression') {
    const g0 = g[0] as Float32Array;
    for (let i = 0; i < n; i++) {
      const d = (raw[i] as number) - (y[i] as number);
      g0[i] = d;
      loss += d * d;
    }
    return loss / n;
  }
  if (task === 'binary') {
    const g0 = g[0] as Float32Array;
    const h0 = h[0] as Float32Array;
    for (let i = 0; i < n; i++) {
      // expNeg[i] = e^-z, kept up to date by multiplying in e^-leaf: one exp per leaf, not row.
      const e = expNeg[i] as number;
      const p = 1 / (1 + e);
      const label = y[i] as number;
      g0[i] = p - label;
      h0[i] = Math.max(p * (1 - p), EPS);
      if (!withLoss) continue;
      // -log p(label) = log(1 + e^-z) + (1 - y) z.
      loss += Math.log1p(e) + (1 - label) * (raw[i] as number);
    }
    return loss / n;
  }
  for (let i = 0; i < n; i++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < outputs; k++) m = Math.max(m, raw[i * outputs + k] as number);
    let s = 0;
    for (let k = 0; k < outputs; k++) s += Math.exp((raw[i * outputs + k] as number) - m);
    const label = y[i] as number;
    if (withLoss) loss += m + Math.log(s) - (raw[i * outputs + label] as number);
    for (let k = 0; k < outputs; k++) {
      const p = Math.exp((raw[i * outputs + k] as number) - m) / s;
      (g[k] as Float32Array)[i] = p - (k === label ? 1 : 0);
      (h[k] as Float32Array)[i] = Math.max(p * (1 - p), EPS);
    }
  }
  return loss / n;
}

function toModelTree(tree: BinnedTree, bins: readonly FeatureBins[], missingBin: number): GbdtTree {
  const categories: (number[] | null)[] = [];
  const threshold: number[] = [];
  for (let i = 0; i < tree.feature.length; i++) {
    const f = tree.feature[i] as number;
    const mask = tree.catMask[i];
    if (f >= 0 && mask) {
      const fb = bins[f] as FeatureBins;
      categories.push(fb.categories.filter((_, b) => mask[b] === 1));
      threshold.push(0);
    } else {
      categories.push(null);
      threshold.push(f >= 0 ? ((bins[f] as FeatureBins).thresholds[tree.bin[i] as number] as number) : 0);
    }
  }
  return {
    feature: tree.feature.slice(),
    threshold,
    categories,
    missingLeft: tree.missingLeft.map((m, i) =>
      tree.catMask[i] ? (tree.catMask[i] as Uint8Array)[missingBin] === 1 : m === 1,
    ),
    left: tree.left.slice(),
    right: tree.right.slice(),
    value: tree.value.slice(),
    count: tree.count.slice(),
  };
}

/**
 * Trains gradient-boosted trees on a row-major `x` (rows × features, NaN = missing) and
 * targets `y` (value, or class index 0..K-1). Squared error for regression, log loss for
 * binary, softmax with one tree per class per round for multiclass.
 */
export function trainGbdt(
  x: Float32Array,
  y: Float32Array,
  rows: number,
  features: number,
  params: GbdtParams,
): GbdtModel {
  const p = { ...DEFAULTS, ...params };
  const task = p.task;
  check(x.length === rows * features, `x holds ${x.length} values, not rows × features = ${rows * features}`);
  check(y.length === rows, `y holds ${y.length} values for ${rows} rows`);
  check(rows > 0 && features > 0, 'training needs at least one row and one feature');
  check(Number.isInteger(p.rounds) && p.rounds >= 1, 'rounds must be a positive integer');
  check(p.learningRate > 0, 'learningRate must be positive');
  check(Number.isInteger(p.maxLeaves) && p.maxLeaves >= 2, 'maxLeaves must be at least 2');
  check(p.minSamplesLeaf >= 1, 'minSamplesLeaf must be at least 1');
  check(p.l2 >= 0, 'l2 must not be negative');
  check(p.subsample > 0 && p.subsample <= 1, 'subsample must be in (0, 1]');
  check(p.colsample > 0 && p.colsample <= 1, 'colsample must be in (0, 1]');
  const outputs = labelsOf(task, y, p.numClasses);
  const categorical = Array.from({ length: features }, (_, f) => p.categorical?.[f] === true);

  // Seeded validation split, held out before binning so the bins never see it.
  const rng = createRng(p.seed);
  let trainIdx: Uint32Array;
  let validIdx = new Uint32Array(0);
  if (p.earlyStoppingRounds > 0) {
    check(p.validationFraction > 0 && p.validationFraction < 1, 'validationFraction must be in (0, 1)');
    const perm = permutation(rows, rng);
    const nValid = Math.max(1, Math.floor(rows * p.validationFraction));
    check(rows - nValid >= 2, 'too few rows to hold out a validation set');
    validIdx = perm.slice(0, nValid).sort();
    trainIdx = perm.slice(nValid).sort();
  } else {
    trainIdx = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) trainIdx[i] = i;
  }
  const bins = fitBins(x, features, trainIdx, p.bins, categorical, p.seed);
  const train = applyBins(x, features, trainIdx, bins, p.bins);
  const valid: BinnedMatrix | null = validIdx.length ? applyBins(x, features, validIdx, bins, p.bins) : null;
  const n = trainIdx.length;
  const yTrain = Float64Array.from(trainIdx, (i) => y[i] as number);
  const yValid = Float64Array.from(validIdx, (i) => y[i] as number);

  const base = baseScores(task, yTrain, outputs);
  const raw = new Float64Array(n * outputs);
  const rawValid = new Float64Array(validIdx.length * outputs);
  for (let i = 0; i < n; i++) for (let k = 0; k < outputs; k++) raw[i * outputs + k] = base[k] as number;
  for (let i = 0; i < validIdx.length; i++) {
    for (let k = 0; k < outputs; k++) rawValid[i * outputs + k] = base[k] as number;
  }
  // float32 gradients, as scikit-learn keeps them: histogram building reads them at random
  // rows, and half the bytes made training ~15% faster; sums stay float64.
  const g = Array.from({ length: outputs }, () => new Float32Array(n));
  const h = Array.from({ length: outputs }, () => new Float32Array(n));
  const constantHessian = task === 'regression';
  const grower = new TreeGrower(train, bins, {
    maxDepth: p.maxDepth,
    maxLeaves: p.maxLeaves,
    minSamplesLeaf: p.minSamplesLeaf,
    l2: p.l2,
    learningRate: p.learningRate,
  });
  const rowBuf = new Int32Array(n);
  const inBag = Math.max(1, Math.floor(n * p.subsample));
  const nCols = Math.max(1, Math.round(features * p.colsample));
  const trees: BinnedTree[] = [];
  const trainLoss: number[] = [];
  const validLoss: number[] = [];
  let bestRound = 0;
  let bestValid = Number.POSITIVE_INFINITY;

  const trackLoss = p.trackTrainLoss === true || p.onRound !== undefined;
  const expNeg = task === 'binary' ? raw.map((z) => Math.exp(-z)) : new Float64Array(0);
  gradients(task, raw, yTrain, outputs, g, h, false, expNeg);
  for (let round = 0; round < p.rounds; round++) {
    p.signal?.throwIfAborted();
    let bag: Int32Array | null = null;
    if (inBag < n) bag = Int32Array.from(permutation(n, rng).subarray(0, inBag)).sort();
    for (let k = 0; k < outputs; k++) {
      let active: Int32Array;
      if (nCols < features) active = Int32Array.from(permutation(features, rng).subarray(0, nCols)).sort();
      else active = Int32Array.from({ length: features }, (_, f) => f);
      let rowsUsed: Int32Array;
      if (bag) {
        rowsUsed = rowBuf.subarray(0, inBag);
        rowsUsed.set(bag);
      } else {
        rowsUsed = rowBuf;
        for (let i = 0; i < n; i++) rowBuf[i] = i;
      }
      const { tree, leafRanges } = grower.grow(
        g[k] as Float32Array,
        h[k] as Float32Array,
        constantHessian,
        rowsUsed,
        bag === null,
        active,
      );
      trees.push(tree);
      const binary = task === 'binary';
      if (bag) {
        const factor = tree.value.map((v) => Math.exp(-v));
        for (let i = 0; i < n; i++) {
          const leaf = binnedLeaf(tree, train, i);
          raw[i * outputs + k] = (raw[i * outputs + k] as number) + (tree.value[leaf] as number);
          if (binary) expNeg[i] = (expNeg[i] as number) * (factor[leaf] as number);
        }
      } else {
        for (const { node, start, end } of leafRanges) {
          const v = tree.value[node] as number;
          const factor = Math.exp(-v);
          for (let j = start; j < end; j++) {
            const i = rowsUsed[j] as number;
            raw[i * outputs + k] = (raw[i * outputs + k] as number) + v;
            if (binary) expNeg[i] = (expNeg[i] as number) * factor;
          }
        }
      }
      if (valid) {
        for (let i = 0; i < valid.rows; i++) {
          rawValid[i * outputs + k] =
            (rawValid[i * outputs + k] as number) + (tree.value[binnedLeaf(tree, valid, i)] as number);
        }
      }
    }
    // Next round's gradients; their pass yields this round's training loss.
    const loss = gradients(task, raw, yTrain, outputs, g, h, trackLoss, expNeg);
    if (trackLoss) trainLoss.push(loss);
    const vLoss = valid ? lossOf(task, rawValid, yValid, outputs) : null;
    if (vLoss !== null) validLoss.push(vLoss);
    bestRound = round + 1;
    let stop = false;
    if (vLoss !== null) {
      if (vLoss < bestValid - 1e-12) {
        bestValid = vLoss;
      } else {
        const since = round + 1 - (validLoss.indexOf(bestValid) + 1);
        bestRound = validLoss.indexOf(bestValid) + 1;
        if (since >= p.earlyStoppingRounds) stop = true;
      }
    }
    const keepGoing = p.onRound?.({
      round: round + 1,
      rounds: p.rounds,
      trainLoss: loss,
      validLoss: vLoss,
    });
    if (stop || keepGoing === false) break;
  }

  const kept = trees.slice(0, bestRound * outputs);
  const importance = new Array<number>(features).fill(0);
  for (const t of kept) {
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i] as number;
      if (f >= 0) importance[f] = (importance[f] as number) + (t.gain[i] as number);
    }
  }
  return {
    family: 'gbdt',
    version: 1,
    task,
    outputs,
    features: bins.map((b) => ({ categorical: b.categorical, categories: b.categories.slice() })),
    baseScore: base,
    trees: kept.map((t) => toModelTree(t, bins, p.bins)),
    rounds: bestRound,
    importance,
    trainLoss: trainLoss.slice(0, bestRound),
    validLoss: validLoss.slice(0, bestRound),
  };
}

/** Raw scores (row-major, `model.outputs` per row): values, log-odds or class logits. */
export function predictGbdtRaw(model: GbdtModel, x: Float32Array, rows: number): Float64Array {
  const features = model.features.length;
  check(x.length === rows * features, `x holds ${x.length} values, not rows × ${features} features`);
  const outputs = model.outputs;
  const out = new Float64Array(rows * outputs);
  for (let i = 0; i < rows; i++)
    for (let k = 0; k < outputs; k++) out[i * outputs + k] = model.baseScore[k] as number;
  const known = model.features.map((f) => (f.categorical ? new Set(f.categories) : null));
  model.trees.forEach((tree, t) => {
    const k = t % outputs;
    const leftSets = tree.categories.map((c) => (c ? new Set(c) : null));
    for (let i = 0; i < rows; i++) {
      let node = 0;
      for (;;) {
        const f = tree.feature[node] as number;
        if (f < 0) break;
        const v = x[i * features + f] as number;
        const cats = leftSets[node];
        let goLeft: boolean;
        if (Number.isNaN(v)) goLeft = tree.missingLeft[node] as boolean;
        else if (cats)
          goLeft = cats.has(v) || (!(known[f] as Set<number>).has(v) && (tree.missingLeft[node] as boolean));
        else goLeft = v <= (tree.threshold[node] as number);
        node = (goLeft ? tree.left[node] : tree.right[node]) as number;
      }
      out[i * outputs + k] = (out[i * outputs + k] as number) + (tree.value[node] as number);
    }
  });
  return out;
}

/**
 * Predictions: the value for regression, P(class 1) for binary (one per row), class
 * probabilities (row-major, one per class) for multiclass.
 */
export function predictGbdt(model: GbdtModel, x: Float32Array, rows: number): Float64Array {
  return scoresToPredictions(model.task, predictGbdtRaw(model, x, rows), rows, model.outputs);
}
