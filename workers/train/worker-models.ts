import * as Comlink from 'comlink';
import type {
  ModelArtifactFiles,
  ModelSpec,
  TrainData,
  TrainHooks,
  TrainResult,
} from '../../src/shared/models';
import { type Supervisor, superviseWorker } from '../../src/shared/supervise-worker';
import type { ModelRuntime } from '../models';
import type { TrainWorkerApi } from '../train.worker';

/**
 * The training runtime in a worker of its own (nested inside the engine worker), so SQL
 * and training proceed together and a stuck backend cannot freeze the engine. The worker
 * starts on first use: pipelines without models never load TF.js.
 */
export class WorkerModels implements ModelRuntime {
  private readonly workers: Supervisor<{ worker: Worker; remote: Comlink.Remote<TrainWorkerApi> }>;

  constructor(
    spawn: () => Worker = () =>
      new Worker(new URL('../train.worker.ts', import.meta.url), {
        type: 'module',
        name: 'pipewright-train',
      }),
  ) {
    this.workers = superviseWorker(
      (gen) => {
        const worker = spawn();
        // An uncaught error or a WASM abort (out of memory) kills the worker: fail what it was
        // doing with a plain message and start a fresh worker on the next call. DuckDB and the
        // engine's cached tables live elsewhere and survive.
        worker.addEventListener('error', (event) => {
          event.preventDefault?.();
          gen.kill(
            new Error(
              `The training worker stopped unexpectedly${event.message ? ` (${event.message})` : ' (out of memory?)'}. It was restarted: run again.`,
            ),
          );
        });
        return { worker, remote: Comlink.wrap<TrainWorkerApi>(worker) };
      },
      { terminate: ({ worker }) => worker.terminate() },
    );
  }

  /** A call to the worker (started if needed) that fails at once if the worker dies meanwhile. */
  private guard<T>(call: (api: Comlink.Remote<TrainWorkerApi>) => Promise<T>): Promise<T> {
    return this.workers.call((w) => call(w.remote));
  }

  /** As `guard`, but `idle` without starting a worker when none runs (then it holds no models). */
  private ifRunning<T>(call: (api: Comlink.Remote<TrainWorkerApi>) => Promise<T>, idle: T): Promise<T> {
    return this.workers.live() ? this.guard(call) : Promise.resolve(idle);
  }

  train(id: string, spec: ModelSpec, data: TrainData, hooks: TrainHooks): Promise<TrainResult> {
    // Both callbacks always exist on the proxy: the worker cannot tell a missing one.
    const proxied = Comlink.proxy<Required<TrainHooks>>({
      onProgress: (p) => hooks.onProgress?.(p),
      onEpoch: (logs) => hooks.onEpoch?.(logs),
    });
    return this.guard((api) =>
      api.train(id, spec, Comlink.transfer(data, [data.x.buffer, data.y.buffer]), proxied),
    );
  }

  stop(id: string): Promise<void> {
    return this.guard((api) => api.stop(id));
  }

  predict(id: string, x: Float32Array, rows: number): Promise<Float32Array> {
    return this.guard((api) => api.predict(id, Comlink.transfer(x, [x.buffer]), rows));
  }

  has(id: string): Promise<boolean> {
    // Before the worker exists there are no models; do not start it just to say so.
    return this.ifRunning((api) => api.has(id), false);
  }

  list(): Promise<string[]> {
    return this.ifRunning((api) => api.list(), []);
  }

  dispose(id: string): Promise<void> {
    return this.ifRunning((api) => api.dispose(id), undefined);
  }

  exportArtifacts(id: string): Promise<ModelArtifactFiles> {
    return this.guard<ModelArtifactFiles>((api) => api.exportArtifacts(id));
  }

  importArtifacts(id: string, spec: ModelSpec, features: number, files: ModelArtifactFiles): Promise<void> {
    return this.guard<void>((api) => api.importArtifacts(id, spec, features, files));
  }
}
