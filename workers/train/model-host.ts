import type {
  ModelArtifactFiles,
  ModelSpec,
  SolverSpec,
  TrainData,
  TrainHooks,
  TrainResult,
} from '../../src/shared/models';
import type { ModelRuntime } from '../models';
import {
  featureCount,
  predictSolved,
  type RoundDone,
  type SolvedModel,
  type SolveResult,
  solve,
  summarize,
} from './solve';
import { TrainingCancelled, type TrainRuntime } from './tf-runtime';

/**
 * Runs a solver family's training. In the browser a worker of its own per run, so a cancel
 * can terminate it mid-round (solver-worker.ts); in Node, in process.
 */
export type RunSolver = (
  spec: SolverSpec,
  data: TrainData,
  onRound: (done: RoundDone) => void,
  signal: AbortSignal,
) => Promise<SolveResult>;

export const solveInProcess: RunSolver = async (spec, data, onRound, signal) =>
  solve(spec, data, onRound, signal);

const PROGRESS_EVERY_MS = 150;

function isSolverSpec(spec: ModelSpec): spec is SolverSpec {
  return spec.family === 'gbdt' || spec.family === 'linear';
}

/**
 * Every model family behind one runtime, each model held by id: networks in the TF.js
 * runtime, solver-family models (trees, linear) here as plain data.
 */
export class ModelHost implements ModelRuntime {
  private readonly solved = new Map<string, SolvedModel>();
  private readonly running = new Map<string, AbortController>();

  constructor(
    readonly neural: TrainRuntime,
    private readonly runSolver: RunSolver = solveInProcess,
  ) {}

  async train(id: string, spec: ModelSpec, data: TrainData, hooks: TrainHooks = {}): Promise<TrainResult> {
    if (!isSolverSpec(spec)) return this.neural.train(id, spec, data, hooks);
    // Registered before any await: a stop sent right after this call must find it.
    const controller = new AbortController();
    this.running.set(id, controller);
    const started = performance.now();
    // Hooks may be proxies into another worker: keep them in order and finish them first.
    let pending: Promise<unknown> = Promise.resolve();
    let lastProgress = Number.NEGATIVE_INFINITY;
    const onRound = ({ round, rounds, logs }: RoundDone) => {
      pending = pending.then(() => hooks.onEpoch?.(logs));
      const now = performance.now();
      if (now - lastProgress < PROGRESS_EVERY_MS && round !== rounds) return;
      lastProgress = now;
      const fraction = round / rounds;
      const elapsedMs = now - started;
      const progress = {
        epoch: round,
        epochs: rounds,
        batch: 1,
        batches: 1,
        fraction,
        elapsedMs,
        etaMs: (elapsedMs / fraction) * (1 - fraction),
      };
      pending = pending.then(() => hooks.onProgress?.(progress));
    };
    try {
      if (this.solved.has(id) || (await this.neural.has(id)))
        throw new Error(`A model "${id}" already exists.`);
      const result = await this.runSolver(spec, data, onRound, controller.signal);
      await pending;
      if (controller.signal.aborted) throw new TrainingCancelled();
      this.solved.set(id, result.model);
      const { summary, parameters } = summarize(result.model);
      const rounds = result.model.family === 'gbdt' ? result.model.rounds : 1;
      return {
        modelId: id,
        backend: 'js',
        history: result.history,
        epochsRun: result.history.length,
        bestEpoch: rounds,
        stoppedEarly: result.stoppedEarly,
        trainRows: result.trainRows,
        valRows: result.valRows,
        parameters,
        durationMs: performance.now() - started,
        summary,
      };
    } catch (err) {
      if (controller.signal.aborted) throw new TrainingCancelled();
      throw err;
    } finally {
      this.running.delete(id);
    }
  }

  async stop(id: string): Promise<void> {
    this.running.get(id)?.abort();
    await this.neural.stop(id);
  }

  predict(id: string, x: Float32Array, rows: number): Promise<Float32Array> {
    const model = this.solved.get(id);
    if (!model) return this.neural.predict(id, x, rows);
    const features = featureCount(model);
    if (x.length !== rows * features)
      throw new Error(`predict: expected ${rows} × ${features} values, got ${x.length}.`);
    return Promise.resolve(predictSolved(model, x, rows));
  }

  async has(id: string): Promise<boolean> {
    return this.solved.has(id) || this.neural.has(id);
  }

  async list(): Promise<string[]> {
    return [...this.solved.keys(), ...(await this.neural.list())];
  }

  async dispose(id: string): Promise<void> {
    this.solved.delete(id);
    await this.neural.dispose(id);
  }

  async exportArtifacts(id: string): Promise<ModelArtifactFiles> {
    const model = this.solved.get(id);
    if (!model) return this.neural.exportArtifacts(id);
    return {
      family: model.family,
      fileName: `model.${model.family}.json`,
      // A plain-data model: the readable JSON export is the model itself.
      model: model as unknown as Record<string, unknown>,
    };
  }

  async importArtifacts(
    id: string,
    spec: ModelSpec,
    features: number,
    files: ModelArtifactFiles,
  ): Promise<void> {
    if (await this.has(id)) throw new Error(`A model "${id}" already exists.`);
    if (!('weights' in files)) {
      // The plain-data model is what the solver trained: held as it was.
      this.solved.set(id, files.model as unknown as SolvedModel);
      return;
    }
    if (isSolverSpec(spec)) throw new Error('The kept model does not match its settings.');
    await this.neural.importArtifacts(id, spec, features, files);
  }

  /** TF.js memory counters, for leak tests. */
  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.neural.memory();
  }
}
