import type { ModelApi } from '../src/nodes/define-node-kind';
import type { ModelArtifactFiles, ModelSpec, TrainData, TrainHooks, TrainResult } from '../src/shared/models';

/**
 * The training runtime (every model family) as the engine sees it: in the browser a worker of its own
 * (WorkerModels, train/worker-models.ts), in Node tests the same runtime in process
 * (InProcessModels, testing/in-process-models.ts). Every method is async so both fit.
 */
export interface ModelRuntime {
  train(id: string, spec: ModelSpec, data: TrainData, hooks: TrainHooks): Promise<TrainResult>;
  /** Stop a running `train(id, …)`; it then rejects with "Run cancelled.". */
  stop(id: string): Promise<void>;
  predict(id: string, x: Float32Array, rows: number): Promise<Float32Array>;
  has(id: string): Promise<boolean>;
  /** Ids of every model held. */
  list(): Promise<string[]>;
  dispose(id: string): Promise<void>;
  exportArtifacts(id: string): Promise<ModelArtifactFiles>;
  /** Hold a model saved by `exportArtifacts` under `id`, trained by `spec` on `features` columns. */
  importArtifacts(id: string, spec: ModelSpec, features: number, files: ModelArtifactFiles): Promise<void>;
}

let modelCounter = 0;

/**
 * The `ctx.models` one node's run gets: model ids are named after the node and unique
 * for the engine's lifetime, and the run's abort signal stops its training.
 */
export function createModelApi(runtime: ModelRuntime, nodeId: string, signal: AbortSignal): ModelApi {
  return {
    async train(spec, data, hooks = {}) {
      if (signal.aborted) throw new Error('Run cancelled.');
      const id = `${nodeId}#${++modelCounter}`;
      const onAbort = () => {
        runtime.stop(id).catch(() => undefined);
      };
      signal.addEventListener('abort', onAbort);
      try {
        return await runtime.train(id, spec, data, hooks);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
    predict: (id, x, rows) => runtime.predict(id, x, rows),
    has: (id) => runtime.has(id),
    dispose: (id) => runtime.dispose(id),
  };
}
