import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LAYERS, type TrainData, type TrainSpec } from '../../src/shared/models';
import { InProcessModels } from '../testing/in-process-models';
import { permutation, seededRandom, TrainingCancelled } from './tf-runtime';

/** y = 2·x0 − x1 + 0.5·x2 + noise, from a seeded generator. */
function linearData(rows: number, noise = 0.3): TrainData {
  const random = seededRandom(123);
  const features = 3;
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) x[i * features + j] = random() * 2 - 1;
    y[i] =
      2 * (x[i * 3] as number) -
      (x[i * 3 + 1] as number) +
      0.5 * (x[i * 3 + 2] as number) +
      noise * (random() - 0.5);
  }
  return { x, y, rows, features };
}

const SPEC: TrainSpec = {
  task: 'regression',
  classCount: 1,
  layers: DEFAULT_LAYERS,
  optimizer: 'adam',
  learningRate: 0.01,
  epochs: 4,
  batchSize: 64,
  validationSplit: 0.2,
  earlyStoppingPatience: 0,
  seed: 42,
  backend: 'auto',
};

const rt = new InProcessModels();
beforeAll(async () => {
  await rt.memory(); // initialise the backend so the first count is comparable
});

describe('TrainRuntime', () => {
  it('three trainings and disposals leave tf.memory().numTensors where it started', async () => {
    const start = tf.memory().numTensors;
    for (const id of ['m1', 'm2', 'm3']) {
      await rt.train(id, { ...SPEC, epochs: 2, earlyStoppingPatience: 1 }, linearData(600));
      await rt.predict(id, new Float32Array(3 * 10), 10);
      await rt.exportArtifacts(id);
      await rt.dispose(id);
    }
    expect(tf.memory().numTensors).toBe(start);
    expect(await rt.list()).toEqual([]);
  });

  it('early stopping restores the weights of the best epoch', async () => {
    const data = linearData(500, 3);
    const spec = { ...SPEC, epochs: 60, earlyStoppingPatience: 2, learningRate: 0.05 };
    // The validation rows are the first ones of the seeded shuffle; recompute them.
    const valRows = Math.floor(data.rows * spec.validationSplit);
    const valIdx = permutation(data.rows, seededRandom(spec.seed)).subarray(0, valRows);
    const xVal = new Float32Array(valRows * 3);
    const yVal = new Float32Array(valRows);
    valIdx.forEach((r, i) => {
      xVal.set(data.x.subarray(r * 3, r * 3 + 3), i * 3);
      yVal[i] = data.y[r] as number;
    });
    const result = await rt.train('es', spec, { ...data, x: data.x.slice(), y: data.y.slice() });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochsRun).toBe(result.bestEpoch + 2);
    const pred = await rt.predict('es', xVal, valRows);
    let mse = 0;
    for (let i = 0; i < valRows; i++) mse += ((pred[i] as number) - (yVal[i] as number)) ** 2;
    mse /= valRows;
    const best = result.history[result.bestEpoch - 1]?.val_loss as number;
    expect(mse).toBeCloseTo(best, 4);
    expect(mse).toBeLessThan(result.history.at(-1)?.val_loss as number);
    await rt.dispose('es');
  });

  it('exports a stock TF.js layers model (Dropout included) that predicts the same', async () => {
    const data = linearData(400);
    await rt.train('ex', { ...SPEC, epochs: 2 }, data);
    const x = linearData(50).x;
    const inApp = await rt.predict('ex', x.slice(), 50);
    const files = await rt.neural.exportArtifacts('ex');
    const topology = JSON.stringify(files.modelJson.modelTopology);
    expect(topology).toContain('"class_name":"Dropout"');
    const manifest = files.modelJson.weightsManifest as tf.io.WeightsManifestConfig;
    expect(manifest[0]?.paths).toEqual([files.weightsPath]);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: files.modelJson.modelTopology as object,
        weightSpecs: manifest[0]?.weights,
        weightData: files.weights.buffer.slice(0) as ArrayBuffer,
      }),
    );
    const out = tf.tidy(() => (loaded.predict(tf.tensor2d(x, [50, 3])) as tf.Tensor).dataSync());
    loaded.dispose();
    for (let i = 0; i < 50; i++)
      expect(Math.abs((out[i] as number) - (inApp[i] as number))).toBeLessThan(1e-6);
    await rt.dispose('ex');
  });

  it('a stop request ends training with TrainingCancelled and keeps no model', async () => {
    const training = rt.train('stop-me', { ...SPEC, epochs: 1000 }, linearData(2000), {
      onEpoch: () => rt.stop('stop-me'),
    });
    await expect(training).rejects.toBeInstanceOf(TrainingCancelled);
    expect(await rt.has('stop-me')).toBe(false);
  });
});
