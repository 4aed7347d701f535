import type { BinnedMatrix, FeatureBins } from './bin-mapper';

/** Settings of one tree's growth (see `GbdtParams` for their meaning). */
export interface GrowSettings {
  maxDepth: number;
  maxLeaves: number;
  minSamplesLeaf: number;
  l2: number;
  learningRate: number;
}

/**
 * A tree over bins, as grown. `feature[i] < 0` marks a leaf. Numeric splits send bins
 * `<= bin[i]` left; categorical splits send the bins flagged in `catMask[i]` left. The missing
 * bin goes left when `missingLeft[i]` is 1.
 */
export interface BinnedTree {
  feature: number[];
  bin: number[];
  missingLeft: number[];
  catMask: (Uint8Array | null)[];
  left: number[];
  right: number[];
  value: number[];
  gain: number[];
  count: number[];
}

/** Smoothing added to a category's hessian before ordering categories (LightGBM's cat_smooth). */
const CAT_SMOOTH = 10;
/** Smallest hessian a child may hold, so log-loss leaves do not blow up (scikit-learn's 1e-3). */
const MIN_HESSIAN = 1e-3;

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  catMask: Uint8Array | null;
  leftG: number;
  leftH: number;
  leftCount: number;
}

interface GrowNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  sumG: number;
  sumH: number;
  hist: Float64Array | null;
  split: Split | null;
}

/**
 * Grows regression trees on histograms of gradients. One instance serves a whole training
 * run so its buffers (ordered gradients, partition scratch, histogram pool) are reused.
 */
export class TreeGrower {
  private readonly stride: number;
  private readonly histSize: number;
  private readonly pool: Float64Array[] = [];
  private readonly offsets: Int32Array;
  /** Feature-major copy of the codes: partitioning reads one feature over sorted rows. */
  private readonly columns: Uint8Array;
  private readonly side: Uint8Array;
  /** Per value, its histogram bin across all features (`f * stride + bin`), when it fits. */
  private readonly slots: Uint16Array | null;
  /** Rows per histogram slot over all training rows: the root's counts, the same every tree. */
  private readonly rootCounts: Float64Array | null;
  private readonly scratch: Int32Array;
  private readonly order: number[] = [];

  constructor(
    private readonly data: BinnedMatrix,
    private readonly bins: readonly FeatureBins[],
    private readonly settings: GrowSettings,
  ) {
    this.stride = data.missingBin + 1;
    this.histSize = data.features * this.stride * 3;
    this.offsets = new Int32Array(data.features);
    this.columns = new Uint8Array(data.codes.length);
    this.side = new Uint8Array(this.stride);
    for (let i = 0; i < data.rows; i++) {
      for (let f = 0; f < data.features; f++) {
        this.columns[f * data.rows + i] = data.codes[i * data.features + f] as number;
      }
    }
    if (data.features * this.stride <= 65536) {
      const slots = new Uint16Array(data.codes.length);
      for (let j = 0; j < slots.length; j++) {
        slots[j] = (j % data.features) * this.stride + (data.codes[j] as number);
      }
      this.slots = slots;
      const counts = new Float64Array(data.features * this.stride);
      for (let j = 0; j < slots.length; j++)
        counts[slots[j] as number] = (counts[slots[j] as number] as number) + 1;
      this.rootCounts = counts;
    } else {
      this.slots = null;
      this.rootCounts = null;
    }
    this.scratch = new Int32Array(data.rows);
  }

  /**
   * Grows one tree leaf-wise (best gain first) until `maxLeaves` leaves or no split helps.
   * `rows` holds the in-bag row indices and is partitioned in place, so afterwards each leaf
   * owns the range `leafRanges` reports. `identity` says rows[i] === i (no subsampling),
   * which lets the root's histogram stream the columns.
   */
  grow(
    g: Float32Array,
    h: Float32Array,
    constantHessian: boolean,
    rows: Int32Array,
    identity: boolean,
    activeFeatures: Int32Array,
  ): { tree: BinnedTree; leafRanges: { node: number; start: number; end: number }[] } {
    const { maxDepth, maxLeaves, minSamplesLeaf, l2, learningRate } = this.settings;
    const tree: BinnedTree = {
      feature: [],
      bin: [],
      missingLeft: [],
      catMask: [],
      left: [],
      right: [],
      value: [],
      gain: [],
      count: [],
    };
    const addNode = (count: number): number => {
      tree.feature.push(-1);
      tree.bin.push(0);
      tree.missingLeft.push(0);
      tree.catMask.push(null);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      tree.gain.push(0);
      tree.count.push(count);
      return tree.feature.length - 1;
    };
    const n = rows.length;
    const root: GrowNode = {
      id: addNode(n),
      start: 0,
      end: n,
      depth: 0,
      sumG: 0,
      sumH: 0,
      hist: null,
      split: null,
    };
    const canSplit = (node: GrowNode) =>
      node.end - node.start >= 2 * minSamplesLeaf && (maxDepth <= 0 || node.depth < maxDepth);
    const leaves: GrowNode[] = [root];
    if (canSplit(root) && maxLeaves > 1) {
      root.hist = this.build(g, h, constantHessian, rows, 0, n, identity, activeFeatures);
      // Every row falls in one bin of any feature, so one feature's bins hold the totals.
      const off = (activeFeatures[0] as number) * this.stride * 3;
      for (let k = off; k < off + this.stride * 3; k += 3) {
        root.sumG += root.hist[k] as number;
        root.sumH += root.hist[k + 1] as number;
      }
      root.split = this.bestSplit(root, activeFeatures);
    } else {
      for (let i = 0; i < n; i++) {
        const r = rows[i] as number;
        root.sumG += g[r] as number;
        root.sumH += constantHessian ? 1 : (h[r] as number);
      }
    }
    while (leaves.length < maxLeaves) {
      let best = -1;
      let bestGain = 0;
      for (let i = 0; i < leaves.length; i++) {
        const s = (leaves[i] as GrowNode).split;
        if (s && s.gain > bestGain) {
          bestGain = s.gain;
          best = i;
        }
      }
      if (best < 0) break;
      const node = leaves[best] as GrowNode;
      const split = node.split as Split;
      const mid = this.partition(rows, node.start, node.end, split);
      const leftNode: GrowNode = {
        id: addNode(mid - node.start),
        start: node.start,
        end: mid,
        depth: node.depth + 1,
        sumG: split.leftG,
        sumH: split.leftH,
        hist: null,
        split: null,
      };
      const rightNode: GrowNode = {
        id: addNode(node.end - mid),
        start: mid,
        end: node.end,
        depth: node.depth + 1,
        sumG: node.sumG - split.leftG,
        sumH: node.sumH - split.leftH,
        hist: null,
        split: null,
      };
      tree.feature[node.id] = split.feature;
      tree.bin[node.id] = split.bin;
      tree.missingLeft[node.id] = split.missingLeft ? 1 : 0;
      tree.catMask[node.id] = split.catMask;
      tree.left[node.id] = leftNode.id;
      tree.right[node.id] = rightNode.id;
      tree.gain[node.id] = split.gain;
      leaves[best] = leftNode;
      leaves.push(rightNode);

      // Histogram subtraction: build the smaller child, derive its sibling from the parent.
      const parentHist = node.hist as Float64Array;
      node.hist = null;
      node.split = null;
      const leftSmaller = mid - node.start <= node.end - mid;
      const small = leftSmaller ? leftNode : rightNode;
      const large = leftSmaller ? rightNode : leftNode;
      const splitSmall = canSplit(small);
      const splitLarge = canSplit(large);
      if (splitSmall || splitLarge) {
        const smallHist = this.build(
          g,
          h,
          constantHessian,
          rows,
          small.start,
          small.end,
          false,
          activeFeatures,
        );
        if (splitLarge) {
          this.subtract(parentHist, smallHist, activeFeatures);
          large.hist = parentHist;
          large.split = this.bestSplit(large, activeFeatures);
        } else {
          this.pool.push(parentHist);
        }
        if (splitSmall) {
          small.hist = smallHist;
          small.split = this.bestSplit(small, activeFeatures);
        } else {
          this.pool.push(smallHist);
        }
      } else {
        this.pool.push(parentHist);
      }
      // A leaf that found no split will never need its histogram again.
      for (const child of [leftNode, rightNode]) {
        if (child.hist && !child.split) {
          this.pool.push(child.hist);
          child.hist = null;
        }
      }
    }
    const leafRanges: { node: number; start: number; end: number }[] = [];
    for (const leaf of leaves) {
      if (leaf.hist) this.pool.push(leaf.hist);
      tree.value[leaf.id] = (-learningRate * leaf.sumG) / (leaf.sumH + l2 || 1);
      leafRanges.push({ node: leaf.id, start: leaf.start, end: leaf.end });
    }
    return { tree, leafRanges };
  }

  private take(): Float64Array {
    const buf = this.pool.pop();
    if (buf) {
      buf.fill(0);
      return buf;
    }
    return new Float64Array(this.histSize);
  }

  private build(
    g: Float32Array,
    h: Float32Array,
    constantHessian: boolean,
    rows: Int32Array,
    start: number,
    end: number,
    identity: boolean,
    activeFeatures: Int32Array,
  ): Float64Array {
    const hist = this.take();
    const nf = this.data.features;
    const na = activeFeatures.length;
    const slots = this.slots;
    if (slots && na === nf) {
      if (constantHessian && identity) {
        this.buildSlotsGradient(hist, slots, g, start, end);
        const counts = this.rootCounts as Float64Array;
        for (let s = 0; s < counts.length; s++) hist[s * 3 + 2] = counts[s] as number;
      } else if (constantHessian) this.buildSlotsPair(hist, slots, g, null, rows, start, end, identity);
      else if (identity) {
        // The root's bin counts never change between trees: add only gradients and hessians.
        this.buildSlotsPair(hist, slots, g, h, rows, start, end, identity);
        const counts = this.rootCounts as Float64Array;
        for (let s = 0; s < counts.length; s++) hist[s * 3 + 2] = counts[s] as number;
      } else this.buildSlots(hist, slots, g, h, rows, start, end, identity);
    } else {
      const codes = this.data.codes;
      const offsets = this.offsets;
      for (let a = 0; a < na; a++) offsets[a] = (activeFeatures[a] as number) * this.stride * 3;
      for (let i = start; i < end; i++) {
        const r = identity ? i : (rows[i] as number);
        const gi = g[r] as number;
        const hi = constantHessian ? 1 : (h[r] as number);
        const base = r * nf;
        for (let a = 0; a < na; a++) {
          const k = (offsets[a] as number) + (codes[base + (activeFeatures[a] as number)] as number) * 3;
          hist[k] = (hist[k] as number) + gi;
          hist[k + 1] = (hist[k + 1] as number) + hi;
          hist[k + 2] = (hist[k + 2] as number) + 1;
        }
      }
      return hist;
    }
    if (constantHessian) {
      for (let k = 0; k < hist.length; k += 3) hist[k + 1] = hist[k + 2] as number;
    }
    return hist;
  }

  // The buildSlots* loops are unrolled by four features by hand: V8 ran them about 1.5x
  // faster than the plain loop, and histogram building is most of the training time.
  private buildSlots(
    hist: Float64Array,
    slots: Uint16Array,
    g: Float32Array,
    h: Float32Array,
    rows: Int32Array,
    start: number,
    end: number,
    identity: boolean,
  ): void {
    const nf = this.data.features;
    const n4 = nf - (nf & 3);
    for (let i = start; i < end; i++) {
      const r = identity ? i : (rows[i] as number);
      const gi = g[r] as number;
      const hi = h[r] as number;
      const base = r * nf;
      const stop4 = base + n4;
      const stop = base + nf;
      let j = base;
      for (; j < stop4; j += 4) {
        const k0 = (slots[j] as number) * 3;
        const k1 = (slots[j + 1] as number) * 3;
        const k2 = (slots[j + 2] as number) * 3;
        const k3 = (slots[j + 3] as number) * 3;
        hist[k0] = (hist[k0] as number) + gi;
        hist[k0 + 1] = (hist[k0 + 1] as number) + hi;
        hist[k0 + 2] = (hist[k0 + 2] as number) + 1;
        hist[k1] = (hist[k1] as number) + gi;
        hist[k1 + 1] = (hist[k1 + 1] as number) + hi;
        hist[k1 + 2] = (hist[k1 + 2] as number) + 1;
        hist[k2] = (hist[k2] as number) + gi;
        hist[k2 + 1] = (hist[k2 + 1] as number) + hi;
        hist[k2 + 2] = (hist[k2 + 2] as number) + 1;
        hist[k3] = (hist[k3] as number) + gi;
        hist[k3 + 1] = (hist[k3 + 1] as number) + hi;
        hist[k3 + 2] = (hist[k3 + 2] as number) + 1;
      }
      for (; j < stop; j++) {
        const k = (slots[j] as number) * 3;
        hist[k] = (hist[k] as number) + gi;
        hist[k + 1] = (hist[k + 1] as number) + hi;
        hist[k + 2] = (hist[k + 2] as number) + 1;
      }
    }
  }

  /** Gradient sums only, over all rows (the root when counts are known and hessians are 1). */
  private buildSlotsGradient(
    hist: Float64Array,
    slots: Uint16Array,
    g: Float32Array,
    start: number,
    end: number,
  ): void {
    const nf = this.data.features;
    const n4 = nf - (nf & 3);
    for (let r = start; r < end; r++) {
      const gi = g[r] as number;
      const base = r * nf;
      const stop4 = base + n4;
      const stop = base + nf;
      let j = base;
      for (; j < stop4; j += 4) {
        const k0 = (slots[j] as number) * 3;
        const k1 = (slots[j + 1] as number) * 3;
        const k2 = (slots[j + 2] as number) * 3;
        const k3 = (slots[j + 3] as number) * 3;
        hist[k0] = (hist[k0] as number) + gi;
        hist[k1] = (hist[k1] as number) + gi;
        hist[k2] = (hist[k2] as number) + gi;
        hist[k3] = (hist[k3] as number) + gi;
      }
      for (; j < stop; j++) {
        const k = (slots[j] as number) * 3;
        hist[k] = (hist[k] as number) + gi;
      }
    }
  }

  /** Two sums per bin: gradient and hessian, or (when `h` is null) gradient and count. */
  private buildSlotsPair(
    hist: Float64Array,
    slots: Uint16Array,
    g: Float32Array,
    h: Float32Array | null,
    rows: Int32Array,
    start: number,
    end: number,
    identity: boolean,
  ): void {
    const nf = this.data.features;
    const n4 = nf - (nf & 3);
    const second = h ? 1 : 2;
    for (let i = start; i < end; i++) {
      const r = identity ? i : (rows[i] as number);
      const gi = g[r] as number;
      const hi = h ? (h[r] as number) : 1;
      const base = r * nf;
      const stop4 = base + n4;
      const stop = base + nf;
      let j = base;
      for (; j < stop4; j += 4) {
        const k0 = (slots[j] as number) * 3;
        const k1 = (slots[j + 1] as number) * 3;
        const k2 = (slots[j + 2] as number) * 3;
        const k3 = (slots[j + 3] as number) * 3;
        hist[k0] = (hist[k0] as number) + gi;
        hist[k0 + second] = (hist[k0 + second] as number) + hi;
        hist[k1] = (hist[k1] as number) + gi;
        hist[k1 + second] = (hist[k1 + second] as number) + hi;
        hist[k2] = (hist[k2] as number) + gi;
        hist[k2 + second] = (hist[k2 + second] as number) + hi;
        hist[k3] = (hist[k3] as number) + gi;
        hist[k3 + second] = (hist[k3 + second] as number) + hi;
      }
      for (; j < stop; j++) {
        const k = (slots[j] as number) * 3;
        hist[k] = (hist[k] as number) + gi;
        hist[k + second] = (hist[k + second] as number) + hi;
      }
    }
  }

  private subtract(parent: Float64Array, child: Float64Array, activeFeatures: Int32Array): void {
    const width = this.stride * 3;
    for (let a = 0; a < activeFeatures.length; a++) {
      const off = (activeFeatures[a] as number) * width;
      for (let k = off; k < off + width; k++) parent[k] = (parent[k] as number) - (child[k] as number);
    }
  }

  private bestSplit(node: GrowNode, activeFeatures: Int32Array): Split | null {
    let best: Split | null = null;
    for (let a = 0; a < activeFeatures.length; a++) {
      const f = activeFeatures[a] as number;
      const s = (this.bins[f] as FeatureBins).categorical
        ? this.categoricalSplit(node, f)
        : this.numericSplit(node, f);
      if (s && (!best || s.gain > best.gain)) best = s;
    }
    return best;
  }

  private numericSplit(node: GrowNode, f: number): Split | null {
    const hist = node.hist as Float64Array;
    const { minSamplesLeaf, l2 } = this.settings;
    const off = f * this.stride * 3;
    const nBins = (this.bins[f] as FeatureBins).nBins;
    const miss = off + this.data.missingBin * 3;
    const mG = hist[miss] as number;
    const mH = hist[miss + 1] as number;
    const mC = hist[miss + 2] as number;
    const G = node.sumG;
    const H = node.sumH;
    const C = node.end - node.start;
    const parentScore = (G * G) / (H + l2);
    let best: Split | null = null;
    // Pass 0 sends missing values right, pass 1 left; without missing values one pass does.
    for (let pass = 0; pass < (mC > 0 ? 2 : 1); pass++) {
      let gl = pass ? mG : 0;
      let hl = pass ? mH : 0;
      let cl = pass ? mC : 0;
      for (let b = 0; b < nBins - 1; b++) {
        const k = off + b * 3;
        gl += hist[k] as number;
        hl += hist[k + 1] as number;
        cl += hist[k + 2] as number;
        if (cl < minSamplesLeaf) continue;
        const cr = C - cl;
        if (cr < minSamplesLeaf) break;
        const hr = H - hl;
        if (hl < MIN_HESSIAN || hr < MIN_HESSIAN) continue;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
        if (gain > 1e-12 && (!best || gain > best.gain)) {
          best = {
            gain,
            feature: f,
            bin: b,
            // Without missing values here, unseen NaN follows the larger child.
            missingLeft: mC > 0 ? pass === 1 : cl >= cr,
            catMask: null,
            leftG: gl,
            leftH: hl,
            leftCount: cl,
          };
        }
      }
    }
    return best;
  }

  private categoricalSplit(node: GrowNode, f: number): Split | null {
    const hist = node.hist as Float64Array;
    const { minSamplesLeaf, l2 } = this.settings;
    const off = f * this.stride * 3;
    const nBins = (this.bins[f] as FeatureBins).nBins;
    const missingBin = this.data.missingBin;
    // LightGBM's ordering: categories sorted by mean gradient, then the best prefix.
    const order = this.order;
    order.length = 0;
    for (let b = 0; b < nBins; b++) if ((hist[off + b * 3 + 2] as number) > 0) order.push(b);
    if ((hist[off + missingBin * 3 + 2] as number) > 0) order.push(missingBin);
    if (order.length < 2) return null;
    const score = (b: number) =>
      (hist[off + b * 3] as number) / ((hist[off + b * 3 + 1] as number) + CAT_SMOOTH);
    order.sort((a, b) => score(a) - score(b));
    const G = node.sumG;
    const H = node.sumH;
    const C = node.end - node.start;
    const parentScore = (G * G) / (H + l2);
    let bestGain = 1e-12;
    let bestAt = -1;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    let bestG = 0;
    let bestH = 0;
    let bestC = 0;
    for (let i = 0; i < order.length - 1; i++) {
      const k = off + (order[i] as number) * 3;
      gl += hist[k] as number;
      hl += hist[k + 1] as number;
      cl += hist[k + 2] as number;
      const cr = C - cl;
      if (cl < minSamplesLeaf || cr < minSamplesLeaf) continue;
      const hr = H - hl;
      if (hl < MIN_HESSIAN || hr < MIN_HESSIAN) continue;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestAt = i;
        bestG = gl;
        bestH = hl;
        bestC = cl;
      }
    }
    if (bestAt < 0) return null;
    const mask = new Uint8Array(this.stride);
    for (let i = 0; i <= bestAt; i++) mask[order[i] as number] = 1;
    const missingSeen = (hist[off + missingBin * 3 + 2] as number) > 0;
    if (!missingSeen) mask[missingBin] = bestC >= C - bestC ? 1 : 0;
    return {
      gain: bestGain,
      feature: f,
      bin: 0,
      missingLeft: mask[missingBin] === 1,
      catMask: mask,
      leftG: bestG,
      leftH: bestH,
      leftCount: bestC,
    };
  }

  /**
   * Stable in-place partition of rows[start, end) by the split; returns the first right row.
   * Branch-free (a bin → side table and unconditional writes): which side a row takes is
   * a coin flip to the CPU's branch predictor, and mispredictions cost more than the writes.
   */
  private partition(rows: Int32Array, start: number, end: number, split: Split): number {
    const codes = this.columns;
    const col = split.feature * this.data.rows;
    const side = this.side;
    if (split.catMask) side.set(split.catMask);
    else {
      for (let b = 0; b < side.length; b++) side[b] = b <= split.bin ? 1 : 0;
      side[this.data.missingBin] = split.missingLeft ? 1 : 0;
    }
    const scratch = this.scratch;
    let l = start;
    let r = 0;
    for (let i = start; i < end; i++) {
      const row = rows[i] as number;
      const left = side[codes[col + row] as number] as number;
      rows[l] = row;
      scratch[r] = row;
      l += left;
      r += 1 - left;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  }
}

/** The leaf a binned row of `data` lands in. */
export function binnedLeaf(tree: BinnedTree, data: BinnedMatrix, row: number): number {
  let node = 0;
  const missingBin = data.missingBin;
  for (;;) {
    const f = tree.feature[node] as number;
    if (f < 0) return node;
    const c = data.codes[row * data.features + f] as number;
    const mask = tree.catMask[node];
    const goLeft = mask
      ? mask[c] === 1
      : c === missingBin
        ? tree.missingLeft[node] === 1
        : c <= (tree.bin[node] as number);
    node = (goLeft ? tree.left[node] : tree.right[node]) as number;
  }
}
