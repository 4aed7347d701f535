import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explicitTransposeMatMulGrad } from './matmul-gradient';
import { NodeBackends } from './node-backends';
import { seededRandom } from './tf-runtime';

function values(shape: number[], seed: number): tf.Tensor {
  const random = seededRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => random() * 2 - 1),
    shape,
  );
}

/** d(sum(w ⊙ matMul(a, b, tA, tB)))/d(a, b), with whatever BatchMatMul gradient is registered. */
function grads(a: tf.Tensor, b: tf.Tensor, w: tf.Tensor, tA: boolean, tB: boolean): Float32Array[] {
  const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(w, tf.matMul(x, y, tA, tB))));
  return g([a, b]).map((t) => t.dataSync() as Float32Array);
}

function maxAbsDiff(x: Float32Array, y: Float32Array): number {
  expect(x.length).toBe(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs((x[i] as number) - (y[i] as number)));
  return m;
}

describe('explicit-transpose BatchMatMul gradient', () => {
  let stock: tf.GradConfig;
  beforeAll(async () => {
    await new NodeBackends('wasm').use('wasm');
    stock = tf.getGradient('BatchMatMul');
  });
  afterAll(() => tf.registerGradient(stock));

  // [m, k] × [k, n] = [m, n] in every transpose case, plus a batched (rank 3) product.
  const cases: { name: string; a: number[]; b: number[]; tA: boolean; tB: boolean; out: number[] }[] = [
    { name: 'plain', a: [7, 5], b: [5, 3], tA: false, tB: false, out: [7, 3] },
    { name: 'transposeB', a: [7, 5], b: [3, 5], tA: false, tB: true, out: [7, 3] },
    { name: 'transposeA', a: [5, 7], b: [5, 3], tA: true, tB: false, out: [7, 3] },
    { name: 'both', a: [5, 7], b: [3, 5], tA: true, tB: true, out: [7, 3] },
    { name: 'batched', a: [2, 7, 5], b: [2, 5, 3], tA: false, tB: false, out: [2, 7, 3] },
    { name: 'batched transposeB', a: [2, 7, 5], b: [2, 3, 5], tA: false, tB: true, out: [2, 7, 3] },
  ];
  for (const c of cases)
    it(`gives the stock gradients (to 1e-6) for ${c.name}`, () => {
      const a = values(c.a, 1);
      const b = values(c.b, 2);
      const w = values(c.out, 3);
      tf.registerGradient(stock);
      const expected = grads(a, b, w, c.tA, c.tB);
      tf.registerGradient(explicitTransposeMatMulGrad);
      const actual = grads(a, b, w, c.tA, c.tB);
      expect(actual).toHaveLength(2);
      for (let i = 0; i < 2; i++) {
        expect(maxAbsDiff(actual[i] as Float32Array, expected[i] as Float32Array)).toBeLessThan(1e-6);
        expect(actual[i]?.length).toBe(i === 0 ? a.size : b.size);
      }
    });

  it('gives the stock gradients on the cpu backend too (where it keeps the transpose flags)', async () => {
    await new NodeBackends('cpu').use('cpu');
    try {
      const [a, b, w] = [values([7, 5], 1), values([3, 5], 2), values([7, 3], 3)];
      tf.registerGradient(stock);
      const expected = grads(a, b, w, false, true);
      tf.registerGradient(explicitTransposeMatMulGrad);
      const actual = grads(a, b, w, false, true);
      for (let i = 0; i < 2; i++)
        expect(maxAbsDiff(actual[i] as Float32Array, expected[i] as Float32Array)).toBeLessThan(1e-6);
    } finally {
      await new NodeBackends('wasm').use('wasm');
    }
  });

  it('is the one a training runtime registers', async () => {
    const { InProcessModels } = await import('../testing/in-process-models');
    tf.registerGradient(stock);
    const rt = new InProcessModels('wasm');
    await rt.memory();
    expect(tf.getGradient('BatchMatMul')).toBe(explicitTransposeMatMulGrad);
  });
});
