import type { GbdtModel, GbdtTree } from '../ml/gbdt-model';
import type { OnnxAttribute } from './proto';

const bits = new DataView(new ArrayBuffer(4));

/**
 * The largest float32 at or below `t`. ONNX thresholds are float32; for a float32 input x,
 * `x <= t` and `x <= floorFloat32(t)` always agree, where rounding `t` to nearest could move
 * values just above it to the left.
 */
export function floorFloat32(t: number): number {
  const f = Math.fround(t);
  if (!(f > t)) return f;
  bits.setFloat32(0, f);
  const b = bits.getInt32(0);
  // One step towards -∞: down for positive floats, up in magnitude for negative ones (and -0).
  bits.setInt32(0, f > 0 ? b - 1 : f === 0 ? 0x80000001 | 0 : b + 1);
  return bits.getFloat32(0);
}

/** The node tuples of ONNX-ML's TreeEnsemble operators, all trees together. */
interface FlatEnsemble {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  /** One vote per leaf: its tree, node, output (target or class) and weight. */
  leafTree: number[];
  leafNode: number[];
  leafOutput: number[];
  leafWeight: number[];
}

/**
 * Flattens one tree into `out`, renumbering its nodes depth-first from 0 (ONNX wants ids that
 * start at 0 and count up within each tree). A categorical split has no ONNX counterpart
 * (TreeEnsembleClassifier/Regressor compare to one value at a time), so it becomes a chain of
 * BRANCH_EQ nodes, one per category, whose true branches all lead to the same subtree. The
 * chain tests whichever side is explicit: the left set, or, when missing and unseen values go
 * left, the seen categories that go right; everything else, NaN included, falls through.
 */
function flattenTree(
  tree: GbdtTree,
  treeId: number,
  output: number,
  known: readonly (readonly number[] | null)[],
  out: FlatEnsemble,
): void {
  let next = 0;
  const push = (feature: number, mode: string, value: number, missingTrue: boolean): number => {
    out.treeIds.push(treeId);
    out.nodeIds.push(next);
    out.featureIds.push(feature);
    out.modes.push(mode);
    out.values.push(value);
    out.trueIds.push(0);
    out.falseIds.push(0);
    out.missingTrue.push(missingTrue ? 1 : 0);
    return next++;
  };
  // `base` is this tree's first row in `out`, so node id n lives at row base + n.
  const base = out.nodeIds.length;
  const link = (id: number, trueId: number, falseId: number) => {
    out.trueIds[base + id] = trueId;
    out.falseIds[base + id] = falseId;
  };
  const emit = (node: number): number => {
    const f = tree.feature[node] as number;
    if (f < 0) {
      const id = push(0, 'LEAF', 0, false);
      out.leafTree.push(treeId);
      out.leafNode.push(id);
      out.leafOutput.push(output);
      out.leafWeight.push(tree.value[node] as number);
      return id;
    }
    const left = tree.left[node] as number;
    const right = tree.right[node] as number;
    const missingLeft = tree.missingLeft[node] as boolean;
    const leftSet = tree.categories[node];
    if (!leftSet) {
      const id = push(f, 'BRANCH_LEQ', floorFloat32(tree.threshold[node] as number), missingLeft);
      const t = emit(left);
      link(id, t, emit(right));
      return id;
    }
    const tested = missingLeft ? (known[f] ?? []).filter((c) => !leftSet.includes(c)) : leftSet;
    const [hit, fallThrough] = missingLeft ? [right, left] : [left, right];
    if (tested.length === 0) return emit(fallThrough);
    const chain = tested.map((c) => push(f, 'BRANCH_EQ', c, false));
    const hitId = emit(hit);
    const fallId = emit(fallThrough);
    chain.forEach((id, i) => {
      link(id, hitId, chain[i + 1] ?? fallId);
    });
    return chain[0] as number;
  };
  emit(0);
}

function flatten(model: GbdtModel): FlatEnsemble {
  const out: FlatEnsemble = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    modes: [],
    values: [],
    trueIds: [],
    falseIds: [],
    missingTrue: [],
    leafTree: [],
    leafNode: [],
    leafOutput: [],
    leafWeight: [],
  };
  const known = model.features.map((f) => (f.categorical ? f.categories : null));
  // Binary models have one output; the classifier's single scored class is class 0 (below).
  model.trees.forEach((tree, t) => {
    flattenTree(tree, t, model.task === 'multiclass' ? t % model.outputs : 0, known, out);
  });
  return out;
}

/**
 * The attributes of a TreeEnsembleRegressor (`prefix` 'target') or TreeEnsembleClassifier
 * (`prefix` 'class') for `model`, without labels or post_transform. Values are float32:
 * onnxruntime refuses the double `*_as_tensor` attributes for a float input. Thresholds are
 * float32 already (the bin mapper makes them so), so splits match the app exactly; only the
 * sum of leaf values runs in float32 in the runtime (≈6e-6 apart at targets near 30).
 */
export function treeEnsembleAttributes(model: GbdtModel, prefix: 'target' | 'class'): OnnxAttribute[] {
  const e = flatten(model);
  return [
    { name: 'nodes_treeids', kind: 'ints', value: e.treeIds },
    { name: 'nodes_nodeids', kind: 'ints', value: e.nodeIds },
    { name: 'nodes_featureids', kind: 'ints', value: e.featureIds },
    { name: 'nodes_modes', kind: 'strings', value: e.modes },
    { name: 'nodes_values', kind: 'floats', value: e.values },
    { name: 'nodes_truenodeids', kind: 'ints', value: e.trueIds },
    { name: 'nodes_falsenodeids', kind: 'ints', value: e.falseIds },
    { name: 'nodes_missing_value_tracks_true', kind: 'ints', value: e.missingTrue },
    { name: `${prefix}_treeids`, kind: 'ints', value: e.leafTree },
    { name: `${prefix}_nodeids`, kind: 'ints', value: e.leafNode },
    { name: `${prefix}_ids`, kind: 'ints', value: e.leafOutput },
    { name: `${prefix}_weights`, kind: 'floats', value: e.leafWeight },
    { name: 'base_values', kind: 'floats', value: model.baseScore },
  ];
}
