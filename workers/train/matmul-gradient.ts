import * as tf from '@tensorflow/tfjs';

/**
 * TF.js's stock gradient of `BatchMatMul` multiplies with `transposeA`/`transposeB` set
 * (dy·Bᵀ, Aᵀ·dy). The WASM backend's kernel is ~11× slower with a transposed operand than
 * without, and a dense layer's backward pass is two such products per layer, so training
 * spent most of its time there. This gradient transposes explicitly and then multiplies
 * plainly: the same products (equal to float rounding), with `fit` 2–3× faster on WASM.
 * Dense layers reach this kernel while training: under a gradient tape `tf.fused.matMul`
 * falls back to the plain `matMul` (BatchMatMul).
 */

/** Transposes the last two axes (the matrices of a batch). */
function t(x: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return tf.transpose(x);
  const perm = x.shape.map((_, i) => i);
  const last = perm.length - 1;
  perm[last] = last - 1;
  perm[last - 1] = last;
  return tf.transpose(x, perm);
}

/**
 * `op(a)·op(b)`. On WASM each operand is transposed explicitly when asked; GPU shaders read
 * a transposed operand at no cost, so the other backends keep the flags (the stock path).
 */
function mm(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, transposeA, transposeB);
  return tf.matMul(transposeA ? t(a) : a, transposeB ? t(b) : b);
}

export const explicitTransposeMatMulGrad: tf.GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    // The same four cases as tfjs-core's gradients/BatchMatMul_grad.ts.
    if (!transposeA && !transposeB) return { a: () => mm(g, b, false, true), b: () => mm(a, g, true, false) };
    if (!transposeA && transposeB) return { a: () => mm(g, b, false, false), b: () => mm(g, a, true, false) };
    if (transposeA && !transposeB) return { a: () => mm(b, g, false, true), b: () => mm(a, g, false, false) };
    return { a: () => mm(b, g, true, true), b: () => mm(g, a, true, true) };
  },
};

/** Replaces TF.js's BatchMatMul gradient with the explicit-transpose one (idempotent). */
export function useExplicitTransposeMatMulGrad(): void {
  tf.registerGradient(explicitTransposeMatMulGrad);
}
