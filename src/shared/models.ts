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

/**
 * Model families: runtimes behind the model kinds. `neural` is the TF.js network
 * (model.train); `gbdt` and `linear` are the typed-array solvers of workers/ml.
 */
export const MODEL_FAMILIES = ['neural', 'gbdt', 'linear'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

/** How to build and fit a network; everything but the data. */
export interface TrainSpec {
  /** Absent in specs written before there were other families. */
  family?: 'neural';
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

/** Gradient-boosted trees (workers/ml/gbdt.ts); names as PIPELINE_FORMAT.md §5 `model.gbdt`. */
export interface GbdtTrainSpec {
  family: 'gbdt';
  task: ModelTask;
  classCount: number;
  rounds: number;
  learningRate: number;
  maxDepth: number;
  maxLeaves: number;
  minSamplesLeaf: number;
  l2: number;
  subsample: number;
  colsample: number;
  bins: number;
  earlyStoppingRounds: number;
  validationFraction: number;
  seed: number;
  /** Per feature: true when it holds integer category codes (split on sets, not thresholds). */
  categorical: boolean[];
}

/** Ridge (regression) or logistic regression (multinomial for multiclass), solved exactly. */
export interface LinearTrainSpec {
  family: 'linear';
  task: ModelTask;
  classCount: number;
  l2: number;
}

/** The families solved by workers/ml rather than TF.js. */
export type SolverSpec = GbdtTrainSpec | LinearTrainSpec;
/** What `ctx.models.train` takes: the family and its settings; everything but the data. */
export type ModelSpec = TrainSpec | SolverSpec;

/** The family a spec trains (specs from before families are networks). */
export function familyOf(spec: ModelSpec): ModelFamily {
  return spec.family ?? 'neural';
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
  /** Trainable parameter count of the network (tree nodes, coefficients for the solvers). */
  parameters: number;
  durationMs: number;
  /** What a solver family learned that its report shows. */
  summary?: ModelSummary;
}

/** Per-feature results of a solver family, in feature order. */
export type ModelSummary =
  | { family: 'gbdt'; importance: number[]; trees: number; leaves: number }
  | { family: 'linear'; coefficients: number[][]; intercept: number[]; iterations: number };

/** A model as the TF.js layers format stores it: `model.json` and one weights file. */
export interface NeuralArtifactFiles {
  family?: 'neural';
  /** The `model.json` object (modelTopology, format, weightsManifest …). */
  modelJson: Record<string, unknown>;
  /** File name of the weights, as `modelJson.weightsManifest[0].paths[0]` names it. */
  weightsPath: string;
  weights: Uint8Array;
}

/** A solver family's model: its plain-JSON form (workers/ml's GbdtModel / LinearModel). */
export interface SolverArtifactFiles {
  family: 'gbdt' | 'linear';
  /** `model.gbdt.json` or `model.linear.json`. */
  fileName: string;
  model: Record<string, unknown>;
}

export type ModelArtifactFiles = NeuralArtifactFiles | SolverArtifactFiles;

/** A label value of a classification target as DuckDB gave it. */
export type ClassLabel = string | number | boolean;

/** What travels with a `model` port value besides the runtime's model id. */
export interface ModelMeta {
  family: ModelFamily;
  /** The spec it was trained with, so it can be refitted (e.g. on cross-validation folds). */
  spec: ModelSpec;
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
