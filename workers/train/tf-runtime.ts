import * as tf from '@tensorflow/tfjs';
import type {
  BackendPreference,
  EpochLogs,
  ModelTask,
  NeuralArtifactFiles,
  TrainData,
  TrainHooks,
  TrainResult,
  TrainSpec,
} from '../../src/shared/models';
import { useExplicitTransposeMatMulGrad } from './matmul-gradient';

/**
 * The training runtime: builds, fits, runs and exports TF.js models, holding them by id.
 * In the browser it lives in its own worker (train.worker.ts); in Node tests it runs in
 * process. It knows nothing of DuckDB or of node kinds: data arrives as Float32Arrays.
 */

/** The backend a run got, and why a preferred one was not used. */
export interface BackendChoice {
  backend: string;
  note?: string;
}

/** Picks and initialises a TF.js backend; the browser and Node provide their own. */
export interface BackendSetup {
  use(preference: BackendPreference): Promise<BackendChoice>;
}

/** Thrown when a training run is stopped through `stop`. */
export class TrainingCancelled extends Error {
  constructor() {
    super('Run cancelled.');
    this.name = 'TrainingCancelled';
  }
}

/** mulberry32: a small, fast seeded PRNG; training must not touch Math.random. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, random: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

/**
 * Dropout whose mask differs every step yet is reproducible. TF.js's own Dropout with a
 * `seed` draws the *same* mask on every call, and without one it uses Math.random; this
 * layer draws each step's seed from its own seeded generator. It serialises as a plain
 * `Dropout` (same class name and config), so exported models load with stock TF.js and
 * convert to Keras; inference ignores dropout anyway.
 */
class SeededDropout extends tf.layers.Layer {
  static className = 'Dropout';
  private readonly rate: number;
  private readonly nextSeed: () => number;

  constructor(args: { rate: number; seed: number; name: string }) {
    super({ name: args.name });
    this.rate = args.rate;
    const random = seededRandom(args.seed);
    this.nextSeed = () => Math.floor(random() * 2 ** 31);
    this.supportsMasking = true;
  }

  // Kwargs is tfjs-layers' internal `{ [key: string]: any }`; only `training` is read.
  // Container.apply may pass no kwargs at all, hence `| undefined`.
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown> | undefined): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (kwargs?.training !== true || this.rate <= 0) return x;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, this.nextSeed()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { rate: this.rate, ...super.getConfig() };
  }
}

interface HeldModel {
  model: tf.LayersModel;
  task: ModelTask;
  outputs: number;
  features: number;
}

/** Output units and activation of the task's head. */
function head(
  task: ModelTask,
  classCount: number,
): { units: number; activation: 'linear' | 'sigmoid' | 'softmax' } {
  if (task === 'regression') return { units: 1, activation: 'linear' };
  if (task === 'binary') return { units: 1, activation: 'sigmoid' };
  return { units: classCount, activation: 'softmax' };
}

/** The network from the spec: Dense (+ Dropout) per hidden layer, then the head. */
function buildModel(spec: TrainSpec, features: number): tf.Sequential {
  const model = tf.sequential();
  // Each layer gets its own seed derived from the run's seed, so layers differ.
  let seed = spec.seed * 1000 + 1;
  spec.layers.forEach((layer, i) => {
    model.add(
      tf.layers.dense({
        units: layer.units,
        activation: layer.activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
        biasInitializer: 'zeros',
        name: `dense_${i + 1}`,
        ...(i === 0 ? { inputShape: [features] } : {}),
      }),
    );
    if (layer.dropout && layer.dropout > 0)
      model.add(new SeededDropout({ rate: layer.dropout, seed: seed++, name: `dropout_${i + 1}` }));
  });
  const out = head(spec.task, spec.classCount);
  model.add(
    tf.layers.dense({
      units: out.units,
      activation: out.activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
      biasInitializer: 'zeros',
      name: 'output',
      ...(spec.layers.length === 0 ? { inputShape: [features] } : {}),
    }),
  );
  return model;
}

function makeOptimizer(spec: TrainSpec): tf.Optimizer {
  switch (spec.optimizer) {
    case 'sgd':
      return tf.train.sgd(spec.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(spec.learningRate);
    default:
      return tf.train.adam(spec.learningRate);
  }
}

/** Loss (mean over the batch) and the task's metric, summed over the batch. */
function lossAndMetric(
  task: ModelTask,
  classCount: number,
  y: tf.Tensor,
  pred: tf.Tensor,
): { loss: tf.Scalar; metricSum: tf.Scalar } {
  if (task === 'regression') {
    const diff = tf.sub(pred, y);
    return { loss: tf.mean(tf.square(diff)), metricSum: tf.sum(tf.abs(diff)) };
  }
  if (task === 'binary')
    return {
      loss: tf.mean(tf.metrics.binaryCrossentropy(y, pred)),
      metricSum: tf.sum(tf.metrics.binaryAccuracy(y, pred)),
    };
  const oneHot = tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), classCount);
  return {
    loss: tf.mean(tf.metrics.categoricalCrossentropy(oneHot, pred)),
    metricSum: tf.sum(tf.metrics.categoricalAccuracy(oneHot, pred)),
  };
}

/** Let queued messages (a `stop`, say) through: a macrotask, not a microtask. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const PREDICT_BATCH = 8192;
const PROGRESS_EVERY_MS = 150;

/** The TF.js training runtime; one per worker (or per test process). */
export class TrainRuntime {
  private readonly models = new Map<string, HeldModel>();
  private readonly stopRequested = new Set<string>();
  /** Runs one operation at a time: the backend is global state in TF.js. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly backends: BackendSetup) {
    useExplicitTransposeMatMulGrad();
  }

  private exclusive<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ask a running `train(id, …)` to stop; it rejects with TrainingCancelled within a batch. */
  async stop(id: string): Promise<void> {
    this.stopRequested.add(id);
  }

  /** Build and fit a network; the model is then held under `id`. */
  train(id: string, spec: TrainSpec, data: TrainData, hooks: TrainHooks = {}): Promise<TrainResult> {
    // A stop may arrive before the queued run starts; it must still count.
    return this.exclusive(() => this.trainNow(id, spec, data, hooks)).finally(() =>
      this.stopRequested.delete(id),
    );
  }

  private async trainNow(
    id: string,
    spec: TrainSpec,
    data: TrainData,
    hooks: TrainHooks,
  ): Promise<TrainResult> {
    if (this.models.has(id)) throw new Error(`A model "${id}" already exists.`);
    if (data.x.length !== data.rows * data.features || data.y.length !== data.rows)
      throw new Error('Training data: x or y does not match rows × features.');
    const started = performance.now();
    const choice = await this.backends.use(spec.backend);
    const cancelled = () => this.stopRequested.has(id);
    if (cancelled()) throw new TrainingCancelled();

    const random = seededRandom(spec.seed);
    const order = permutation(data.rows, random);
    const valRows = spec.validationSplit > 0 ? Math.floor(data.rows * spec.validationSplit) : 0;
    const trainRows = data.rows - valRows;
    if (trainRows < 1) throw new Error('No rows left to train on after the validation split.');
    const batchSize = Math.max(1, Math.min(spec.batchSize, trainRows));
    const batches = Math.ceil(trainRows / batchSize);

    const model = buildModel(spec, data.features);
    const optimizer = makeOptimizer(spec);
    // Tensors that outlive one step: the split data, the epoch's running sums and the best
    // weights so far; all disposed in `finally`, whether training ends, fails or is stopped.
    const split: tf.Tensor[] = [];
    let lossSum: tf.Scalar | undefined;
    let metricSum: tf.Scalar | undefined;
    let best: tf.Tensor[] | undefined;
    let ok = false;
    try {
      const [xTrain, yTrain, xVal, yVal] = tf.tidy(() => {
        const x = tf.tensor2d(data.x, [data.rows, data.features]);
        const y = tf.tensor2d(data.y, [data.rows, 1]);
        const trainIdx = tf.tensor1d(order.subarray(valRows), 'int32');
        const valIdx = tf.tensor1d(order.subarray(0, valRows), 'int32');
        return [tf.gather(x, trainIdx), tf.gather(y, trainIdx), tf.gather(x, valIdx), tf.gather(y, valIdx)];
      });
      split.push(...[xTrain, yTrain, xVal, yVal].map((t) => t as tf.Tensor));

      const history: EpochLogs[] = [];
      const metricName = spec.task === 'regression' ? 'mae' : 'accuracy';
      const patience = spec.earlyStoppingPatience;
      let bestScore = Number.POSITIVE_INFINITY;
      let bestEpoch = 0;
      let stoppedEarly = false;
      let lastYield = performance.now();
      const trainStart = performance.now();

      for (let epoch = 1; epoch <= spec.epochs; epoch++) {
        const epochOrder = permutation(trainRows, random);
        tf.dispose([lossSum, metricSum].filter((t): t is tf.Scalar => t !== undefined));
        lossSum = tf.scalar(0);
        metricSum = tf.scalar(0);
        for (let b = 0; b < batches; b++) {
          if (cancelled()) throw new TrainingCancelled();
          const idx = epochOrder.subarray(b * batchSize, Math.min(trainRows, (b + 1) * batchSize));
          const [newLoss, newMetric] = tf.tidy(() => {
            const i = tf.tensor1d(idx, 'int32');
            const xb = tf.gather(xTrain as tf.Tensor, i);
            const yb = tf.gather(yTrain as tf.Tensor, i);
            let batchMetric: tf.Scalar | undefined;
            const loss = optimizer.minimize(() => {
              const pred = model.apply(xb, { training: true }) as tf.Tensor;
              const r = lossAndMetric(spec.task, spec.classCount, yb, pred);
              // minimize keeps only the returned loss; keep the metric past its tidy.
              batchMetric = tf.keep(r.metricSum);
              return r.loss;
            }, true) as tf.Scalar;
            const m = batchMetric as tf.Scalar;
            const sums = [
              tf.add(lossSum as tf.Scalar, tf.mul(loss, idx.length)),
              tf.add(metricSum as tf.Scalar, m),
            ];
            m.dispose();
            return sums;
          });
          tf.dispose([lossSum as tf.Scalar, metricSum as tf.Scalar]);
          lossSum = newLoss as tf.Scalar;
          metricSum = newMetric as tf.Scalar;
          const now = performance.now();
          if (now - lastYield >= PROGRESS_EVERY_MS || b === batches - 1) {
            // Reading a value is a sync point on GPU backends, so the queue stays short.
            await lossSum.data();
            await yieldToEventLoop();
            lastYield = performance.now();
            const done = (epoch - 1) * batches + b + 1;
            const fraction = done / (spec.epochs * batches);
            const elapsedMs = lastYield - trainStart;
            await hooks.onProgress?.({
              epoch,
              epochs: spec.epochs,
              batch: b + 1,
              batches,
              fraction,
              elapsedMs,
              etaMs: (elapsedMs / fraction) * (1 - fraction),
            });
          }
        }
        const logs: EpochLogs = {
          epoch,
          loss: ((await lossSum.data())[0] as number) / trainRows,
          [metricName]: ((await metricSum.data())[0] as number) / trainRows,
        };
        if (valRows > 0) {
          const v = await this.evaluateSums(model, spec, xVal as tf.Tensor, yVal as tf.Tensor);
          logs.val_loss = v.loss / valRows;
          logs[`val_${metricName}`] = v.metric / valRows;
        }
        history.push(logs);
        await hooks.onEpoch?.(logs);

        const score = valRows > 0 ? (logs.val_loss as number) : logs.loss;
        if (!Number.isFinite(score))
          throw new Error(
            `Training diverged (loss ${score}) at epoch ${epoch}: lower the learning rate or scale the features.`,
          );
        if (score < bestScore) {
          bestScore = score;
          bestEpoch = epoch;
          if (patience > 0) {
            for (const w of best ?? []) w.dispose();
            best = model.getWeights().map((w) => tf.clone(w));
          }
        } else if (patience > 0 && epoch - bestEpoch >= patience) {
          stoppedEarly = true;
          break;
        }
      }
      const epochsRun = history.length;
      // Without early stopping the model keeps its last weights, whatever epoch scored best.
      if (patience <= 0) bestEpoch = epochsRun;
      else if (best && bestEpoch !== epochsRun) model.setWeights(best);

      this.models.set(id, {
        model,
        task: spec.task,
        outputs: head(spec.task, spec.classCount).units,
        features: data.features,
      });
      ok = true;
      return {
        modelId: id,
        backend: tf.getBackend(),
        backendNote: choice.note,
        history,
        epochsRun,
        bestEpoch,
        stoppedEarly,
        trainRows,
        valRows,
        parameters: model.countParams(),
        durationMs: performance.now() - started,
      };
    } finally {
      tf.dispose(split);
      tf.dispose([lossSum, metricSum].filter((t): t is tf.Scalar => t !== undefined));
      for (const w of best ?? []) w.dispose();
      // The optimizer's slots (Adam's moments) are tensors too: ~17 leak otherwise.
      optimizer.dispose();
      if (!ok) model.dispose();
    }
  }

  /** Summed loss×rows and metric over a held-out set, in batches, without dropout. */
  private async evaluateSums(
    model: tf.LayersModel,
    spec: TrainSpec,
    x: tf.Tensor,
    y: tf.Tensor,
  ): Promise<{ loss: number; metric: number }> {
    const rows = x.shape[0] ?? 0;
    let loss = 0;
    let metric = 0;
    for (let start = 0; start < rows; start += PREDICT_BATCH) {
      const size = Math.min(PREDICT_BATCH, rows - start);
      const sums = tf.tidy(() => {
        const xb = tf.slice(x, [start, 0], [size, -1]);
        const yb = tf.slice(y, [start, 0], [size, -1]);
        const r = lossAndMetric(spec.task, spec.classCount, yb, model.apply(xb) as tf.Tensor);
        return tf.stack([tf.mul(r.loss, size), r.metricSum]);
      });
      const [l, m] = await sums.data();
      sums.dispose();
      loss += l as number;
      metric += m as number;
    }
    return { loss, metric };
  }

  /** Outputs for `rows` rows of row-major `x`: rows × (1 or class count), row-major. */
  predict(id: string, x: Float32Array, rows: number): Promise<Float32Array> {
    return this.exclusive(async () => {
      const held = this.get(id);
      if (x.length !== rows * held.features)
        throw new Error(`predict: expected ${rows} × ${held.features} values, got ${x.length}.`);
      const out = new Float32Array(rows * held.outputs);
      for (let start = 0; start < rows; start += PREDICT_BATCH) {
        const size = Math.min(PREDICT_BATCH, rows - start);
        const y = tf.tidy(() => {
          const xb = tf.tensor2d(x.subarray(start * held.features, (start + size) * held.features), [
            size,
            held.features,
          ]);
          return held.model.predict(xb) as tf.Tensor;
        });
        out.set(await y.data(), start * held.outputs);
        y.dispose();
      }
      return out;
    });
  }

  /**
   * Hold a network saved by `exportArtifacts` (a result kept across sessions) under `id`,
   * on the backend `spec` asks for, as if it had just been trained.
   */
  importArtifacts(id: string, spec: TrainSpec, features: number, files: NeuralArtifactFiles): Promise<void> {
    return this.exclusive(async () => {
      if (this.models.has(id)) throw new Error(`A model "${id}" already exists.`);
      await this.backends.use(spec.backend);
      const json = files.modelJson as unknown as tf.io.ModelJSON;
      const weights = files.weights;
      const model = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0]?.weights,
          weightData: weights.buffer.slice(
            weights.byteOffset,
            weights.byteOffset + weights.byteLength,
          ) as ArrayBuffer,
        }),
      );
      this.models.set(id, {
        model,
        task: spec.task,
        outputs: head(spec.task, spec.classCount).units,
        features,
      });
    });
  }

  /** The model as TF.js layers-format files: model.json plus one weights file. */
  exportArtifacts(id: string): Promise<NeuralArtifactFiles> {
    return this.exclusive(async () => {
      const held = this.get(id);
      let captured: tf.io.ModelArtifacts | undefined;
      await held.model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          captured = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      if (!captured?.weightData || !captured.weightSpecs) throw new Error('The model saved no weights.');
      const weightsPath = 'group1-shard1of1.bin';
      const modelJson: tf.io.ModelJSON = {
        modelTopology: captured.modelTopology as tf.io.ModelJSON['modelTopology'],
        format: captured.format,
        generatedBy: captured.generatedBy,
        convertedBy: captured.convertedBy,
        weightsManifest: [{ paths: [weightsPath], weights: captured.weightSpecs }],
      };
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(captured.weightData));
      return { modelJson: { ...modelJson }, weightsPath, weights };
    });
  }

  async has(id: string): Promise<boolean> {
    return this.models.has(id);
  }

  /** Ids of the models held. */
  async list(): Promise<string[]> {
    return [...this.models.keys()];
  }

  /** Free a model's weights; unknown ids are ignored (disposal may race eviction). */
  async dispose(id: string): Promise<void> {
    const held = this.models.get(id);
    this.models.delete(id);
    held?.model.dispose();
  }

  /** TF.js memory counters, for leak tests. */
  async memory(): Promise<{ numTensors: number; numBytes: number }> {
    // tf.memory() would initialise the highest-priority backend itself, which may not be
    // one that works here (webgl in Node).
    if (!tf.getBackend()) await this.backends.use('auto');
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  }

  private get(id: string): HeldModel {
    const held = this.models.get(id);
    if (!held) throw new Error(`Model "${id}" is no longer held: run its training node again.`);
    return held;
  }
}
