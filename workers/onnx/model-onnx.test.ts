import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/shared/rng';
import { trainGbdt } from '../ml/gbdt';
import type { GbdtModel, GbdtTree, MlTask } from '../ml/gbdt-model';
import { trainLogistic } from '../ml/logistic';
import { trainRidge } from '../ml/ridge';
import { predictSolved, type SolvedModel } from '../train/solve';
import { ONNX_INPUT, ONNX_LABEL, ONNX_PROBABILITIES, ONNX_VARIABLE, solvedModelToOnnx } from './model-onnx';
import { floorFloat32 } from './tree-ensemble';

const FEATURES = 4;
/** Feature 3 holds category codes 0..5 (trees only). */
const CATEGORIES = 6;

/**
 * Rows whose target depends on every feature: numeric 0–2, and for trees a categorical code
 * in feature 3 plus missing values (~10%) in features 0 and 1.
 */
function data(task: MlTask, rows: number, seed: number, withGaps: boolean) {
  const rng = createRng(seed);
  const x = new Float32Array(rows * FEATURES);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = x.subarray(i * FEATURES, (i + 1) * FEATURES);
    for (let f = 0; f < 3; f++) r[f] = rng() * 4 - 2;
    r[3] = withGaps ? Math.floor(rng() * CATEGORIES) : rng();
    const cat = withGaps ? ([0.8, -0.5, 1.2, 0, -1, 0.3][r[3] as number] ?? 0) : (r[3] as number);
    const z =
      1.5 * (r[0] as number) - (r[1] as number) + 0.5 * (r[2] as number) ** 2 + cat + 0.3 * (rng() - 0.5);
    if (withGaps && rng() < 0.1) r[0] = Number.NaN;
    if (withGaps && rng() < 0.1) r[1] = Number.NaN;
    if (task === 'regression') y[i] = z;
    else if (task === 'binary') y[i] = z > 0.4 ? 1 : 0;
    else y[i] = z < -0.5 ? 0 : z < 1.2 ? 1 : 2;
  }
  return { x, y, rows };
}

async function runOnnx(bytes: Uint8Array, x: Float32Array, rows: number, features = FEATURES) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x, [rows, features]) });
  } finally {
    await session.release();
  }
}

const NAMES = ['a', 'b', 'c', 'd'];
const classesOf = (task: MlTask) => (task === 'multiclass' ? [0, 1, 2] : task === 'binary' ? [0, 1] : []);

/**
 * The app's predictions and the ONNX model's on the same rows: the largest difference, and
 * whether every ONNX label is the app's most probable class.
 */
async function compare(model: SolvedModel, x: Float32Array, rows: number, classes: (string | number)[]) {
  const app = predictSolved(model, x, rows);
  const out = await runOnnx(solvedModelToOnnx(model, { features: NAMES, classes }), x, rows);
  let onnx: Float32Array;
  let labelsAgree = true;
  if (model.task === 'regression') onnx = out[ONNX_VARIABLE]?.data as Float32Array;
  else {
    const probs = out[ONNX_PROBABILITIES]?.data as Float32Array;
    // The app gives P(class 1) for binary models; ONNX gives both columns.
    onnx = model.task === 'binary' ? probs.filter((_, j) => j % 2 === 1) : probs;
    const labels = Array.from(out[ONNX_LABEL]?.data as ArrayLike<bigint | string>, (v) =>
      typeof v === 'bigint' ? Number(v) : v,
    );
    const k = classes.length;
    for (let i = 0; i < rows; i++) {
      const p =
        k === 2 ? [1 - (app[i] as number), app[i] as number] : Array.from(app.subarray(i * k, (i + 1) * k));
      const best = p.indexOf(Math.max(...p));
      // A near-tie may go either way in float32.
      if (labels[i] !== classes[best] && Math.abs((p[best] as number) - 1 / k) > 1e-4) labelsAgree = false;
    }
  }
  expect(onnx.length).toBe(app.length);
  let max = 0;
  for (let j = 0; j < app.length; j++)
    max = Math.max(max, Math.abs((app[j] as number) - (onnx[j] as number)));
  return { max, labelsAgree };
}

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

function trainedTrees(task: MlTask, rounds = 60) {
  const train = data(task, 3000, 1, true);
  return trainGbdt(train.x, train.y, train.rows, FEATURES, {
    task,
    rounds,
    categorical: [false, false, false, true],
  });
}

describe('ONNX export of gradient-boosted trees', () => {
  for (const task of ['regression', 'binary', 'multiclass'] as const) {
    it(`predicts as the app does within 1e-5 in onnxruntime, NaN and categories included (${task})`, async () => {
      const model = trainedTrees(task);
      expect(model.trees.some((t) => t.categories.some((c) => c !== null))).toBe(true);
      const test = data(task, 1000, 2, true);
      const { max, labelsAgree } = await compare(model, test.x, test.rows, classesOf(task));
      expect(max).toBeLessThan(1e-5);
      expect(labelsAgree).toBe(true);
    });
  }

  it('routes NaN, unseen categories and category sets on either side as the app does', async () => {
    interface NodeSpec {
      feature?: number;
      threshold?: number;
      categories?: number[];
      missingLeft?: boolean;
      left?: number;
      right?: number;
      value?: number;
    }
    const leaf: NodeSpec = {};
    const tree = (nodes: NodeSpec[]): GbdtTree => ({
      feature: nodes.map((n) => n.feature ?? -1),
      threshold: nodes.map((n) => n.threshold ?? 0),
      categories: nodes.map((n) => n.categories ?? null),
      missingLeft: nodes.map((n) => n.missingLeft ?? false),
      left: nodes.map((n) => n.left ?? -1),
      right: nodes.map((n) => n.right ?? -1),
      value: nodes.map((n) => n.value ?? 0),
      count: nodes.map(() => 1),
    });
    const model: GbdtModel = {
      family: 'gbdt',
      version: 1,
      task: 'regression',
      outputs: 1,
      features: [
        { categorical: false, categories: [] },
        { categorical: true, categories: [0, 1, 2, 3] },
      ],
      baseScore: [0.5],
      trees: [
        // {1, 3} left, everything else (NaN, unseen 7) right; then a numeric split, NaN left.
        tree([
          { feature: 1, categories: [1, 3], missingLeft: false, left: 1, right: 2 },
          { ...leaf, value: 1 },
          { feature: 0, threshold: 0.5, missingLeft: true, left: 3, right: 4 },
          { ...leaf, value: 2 },
          { ...leaf, value: 3 },
        ]),
        // {0} left with NaN and unseen categories: ONNX tests the seen ones that go right.
        tree([
          { feature: 1, categories: [0], missingLeft: true, left: 1, right: 2 },
          { ...leaf, value: 10 },
          { ...leaf, value: 20 },
        ]),
      ],
      rounds: 2,
      importance: [0, 0],
      trainLoss: [],
      validLoss: [],
    };
    const rows: [number, number][] = [];
    for (const a of [0, 1, Number.NaN]) for (const c of [0, 1, 2, 3, 7, Number.NaN]) rows.push([a, c]);
    const x = Float32Array.from(rows.flat());
    const app = predictSolved(model, x, rows.length);
    const out = await runOnnx(
      solvedModelToOnnx(model, { features: ['a', 'code'], classes: [] }),
      x,
      rows.length,
      2,
    );
    expect(Array.from(out[ONNX_VARIABLE]?.data as Float32Array)).toEqual(Array.from(app));
    // The cases the routing must tell apart all occur.
    expect(new Set(app)).toEqual(new Set([12.5, 13.5, 21.5, 22.5, 23.5]));
  });

  it('tells a perturbed threshold apart (the comparison can fail)', async () => {
    const model = trainedTrees('regression', 20);
    const test = data('regression', 1000, 2, true);
    const exported: GbdtModel = structuredClone(model);
    const tree = exported.trees[0] as GbdtTree;
    const node = tree.feature.findIndex((f, i) => f >= 0 && tree.categories[i] === null);
    tree.threshold[node] = (tree.threshold[node] as number) + 0.25;
    const app = predictSolved(model, test.x, test.rows);
    const out = await runOnnx(
      solvedModelToOnnx(exported, { features: NAMES, classes: [] }),
      test.x,
      test.rows,
    );
    const onnx = out[ONNX_VARIABLE]?.data as Float32Array;
    expect(Math.max(...app.map((v, i) => Math.abs(v - (onnx[i] as number))))).toBeGreaterThan(1e-3);
  });

  it('writes string labels for text classes', async () => {
    const model = trainedTrees('multiclass', 10);
    const test = data('multiclass', 200, 2, true);
    const { labelsAgree } = await compare(model, test.x, test.rows, ['low', 'mid', 'high']);
    expect(labelsAgree).toBe(true);
  });
});

describe('ONNX export of linear models', () => {
  for (const task of ['regression', 'binary', 'multiclass'] as const) {
    it(`predicts as the app does within 1e-5 in onnxruntime (${task})`, async () => {
      const train = data(task, 2000, 3, false);
      const test = data(task, 500, 4, false);
      const model =
        task === 'regression'
          ? trainRidge(train.x, train.y, train.rows, FEATURES, { l2: 1 })
          : trainLogistic(train.x, train.y, train.rows, FEATURES, { task, l2: 1 });
      const { max, labelsAgree } = await compare(model, test.x, test.rows, classesOf(task));
      expect(max).toBeLessThan(1e-5);
      expect(labelsAgree).toBe(true);
    });
  }

  it('refuses feature names that do not match the model', () => {
    const train = data('regression', 100, 3, false);
    const model = trainRidge(train.x, train.y, train.rows, FEATURES);
    expect(() => solvedModelToOnnx(model, { features: ['a'], classes: [] })).toThrow(
      'The model takes 4 features but 1 feature names were given.',
    );
  });
});

describe('floorFloat32', () => {
  const view = new DataView(new ArrayBuffer(4));
  /** The next float32 towards +∞. */
  const nextUp = (f: number) => {
    if (f === 0) return 2 ** -149;
    view.setFloat32(0, f);
    view.setInt32(0, view.getInt32(0) + (f > 0 ? 1 : -1));
    return view.getFloat32(0);
  };

  it('gives the largest float32 at or below a double, so float32 inputs split as on the double', () => {
    for (const t of [0.1, -0.1, 1 / 3, -1 / 3, 1e-46, -1e-46, 0, 2.5, 1e30, -7.0000001]) {
      const f = floorFloat32(t);
      expect(Math.fround(f), String(t)).toBe(f);
      expect(f, String(t)).toBeLessThanOrEqual(t);
      expect(nextUp(f), String(t)).toBeGreaterThan(t);
    }
  });
});
