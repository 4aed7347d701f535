import { z } from 'zod';

/**
 * Types shared by the model kinds (src/nodes/model), the engine and the training runtime
 * (workers/train). Everything here is plain data that crosses worker boundaries by
 * structured clone; feature matrices cross as transferred Float32Array buffers.
 */

export const MODEL_TASKS = ['regression', 'binary', 'multiclass'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

export const BACKEND_PREFERENCES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Hidden-layer activations offered (all are built into TF.js layers and Keras). */
export const ACTIVATIONS = [
  'relu',
  'tanh',
  'sigmoid',
  'elu',
  'selu',
  'softplus',
  'swish',
  'gelu',
  'linear',
] as const;

/** One hidden layer of the network: a Dense layer, optionally followed by Dropout. */
export const layerSpecSchema = z.object({
  units: z.number().int().min(1).max(4096),
  activation: z.enum(ACTIVATIONS).default('relu'),
  /** Dropout rate after this layer; 0 or absent = none. */
  dropout: z.number().min(0).max(0.95).optional(),
});
export type LayerSpec = z.output<typeof layerSpecSchema>;

/** The seed's network: Dense 128 relu → Dropout 0.2 → Dense 64 relu (then the task's head). */
export const DEFAULT_LAYERS: LayerSpec[] = [
  { units: 128, activation: 'relu', dropout: 0.2 },
  { units: 64, activation: 'relu' },
];

/** How to build and fit a network; everything but the data. */
export interface TrainSpec {
  task: ModelTask;
  /** Number of output classes (multiclass); 1 output otherwise. */
  classCount: number;
  layers: LayerSpec[];
  optimizer: OptimizerName;
  learningRate: number;
  epochs: number;
  batchSize: number;
  /** Fraction of rows (chosen by the seeded shuffle) held out for validation loss. */
  validationSplit: number;
  /** Stop after this many epochs without improvement and restore the best weights; 0 = off. */
  earlyStoppingPatience: number;
  seed: number;
  backend: BackendPreference;
}

/**
 * Training data: `x` is row-major (rows × features); `y` holds one value per row: the
 * target (regression), 0/1 (binary) or the class index (multiclass). Both buffers are
 * transferred to the training worker, so the sender must not use them afterwards.
 */
export interface TrainData {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  features: number;
}

/** Where a training run is, sent a few times a second. */
export interface TrainProgress {
  /** 1-based epoch being trained. */
  epoch: number;
  epochs: number;
  /** Batches done within this epoch. */
  batch: number;
  batches: number;
  /** 0..1 over all planned epochs. */
  fraction: number;
  elapsedMs: number;
  /** Estimated time to the planned last epoch (early stopping may end sooner). */
  etaMs: number;
}

/**
 * One epoch's logs: `epoch` (1-based), `loss`, and, when there is a validation split,
 * `val_loss`; plus the task's metric: `mae`/`val_mae` (regression) or
 * `accuracy`/`val_accuracy` (classification).
 */
export type EpochLogs = Record<string, number> & { epoch: number; loss: number };

/** Callbacks a training run reports through; may return a promise (awaited, for backpressure). */
export interface TrainHooks {
  onProgress?(progress: TrainProgress): void | Promise<void>;
  onEpoch?(logs: EpochLogs): void | Promise<void>;
}

/** What a finished training run gives back. The model stays in the runtime under `modelId`. */
export interface TrainResult {
  modelId: string;
  /** The TF.js backend that really ran (`tf.getBackend()`). */
  backend: string;
  /** Why a preferred backend was not used (or how `auto` chose), if anything is worth saying. */
  backendNote?: string;
  history: EpochLogs[];
  epochsRun: number;
  /** 1-based epoch whose weights the model holds (early stopping restores the best). */
  bestEpoch: number;
  stoppedEarly: boolean;
  trainRows: number;
  valRows: number;
  /** Trainable parameter count of the network. */
  parameters: number;
  durationMs: number;
}

/** A model as the TF.js layers format stores it: `model.json` and one weights file. */
export interface ModelArtifactFiles {
  /** The `model.json` object (modelTopology, format, weightsManifest …). */
  modelJson: Record<string, unknown>;
  /** File name of the weights, as `modelJson.weightsManifest[0].paths[0]` names it. */
  weightsPath: string;
  weights: Uint8Array;
}

/** A label value of a classification target as DuckDB gave it. */
export type ClassLabel = string | number | boolean;

/** What travels with a `model` port value besides the runtime's model id. */
export interface ModelMeta {
  /** Feature columns, in the order the network takes them. */
  features: string[];
  target: string;
  /** DuckDB type of the target column in the training table. */
  targetType: string;
  task: ModelTask;
  /** Class labels in output order (sorted); empty for regression. */
  classes: ClassLabel[];
  /** Training rows per class, in `classes` order; the majority class is the trivial baseline. */
  classCounts: number[];
  /** Mean of the training target (regression): the trivial baseline's prediction. */
  targetMean: number | null;
  backend: string;
  backendNote?: string;
  history: EpochLogs[];
  epochs: number;
  bestEpoch: number;
  trainRows: number;
  valRows: number;
  parameters: number;
  /** The training params as they were used (layers, optimizer, learning rate, seed …). */
  params: Record<string, unknown>;
}
