import * as Comlink from 'comlink';
import type {
  ModelArtifactFiles,
  ModelSpec,
  TrainData,
  TrainHooks,
  TrainResult,
} from '../../src/shared/models';
import type { ModelRuntime } from '../models';
import type { TrainWorkerApi } from '../train.worker';

/**
 * The training runtime in a worker of its own (nested inside the engine worker), so SQL
 * and training proceed together and a stuck backend cannot freeze the engine. The worker
 * starts on first use: pipelines without models never load TF.js.
 */
export class WorkerModels implements ModelRuntime {
  private remote: Comlink.Remote<TrainWorkerApi> | undefined;
  private worker: Worker | undefined;
  /** Rejects the calls in flight when the worker dies; replaced for each new worker. */
  private crashed: { promise: Promise<never>; reject(err: Error): void } | undefined;

  constructor(
    private readonly spawn: () => Worker = () =>
      new Worker(new URL('../train.worker.ts', import.meta.url), {
        type: 'module',
        name: 'pipewright-train',
      }),
  ) {}

  private get api(): Comlink.Remote<TrainWorkerApi> {
    if (!this.remote) {
      const worker = this.spawn();
      let reject!: (err: Error) => void;
      const promise = new Promise<never>((_, r) => {
        reject = r;
      });
      // Nobody may be waiting when it dies; the rejection is still observed through calls.
      promise.catch(() => undefined);
      this.crashed = { promise, reject };
      // An uncaught error or a WASM abort (out of memory) kills the worker: fail what it was
      // doing with a plain message and start a fresh worker on the next call. DuckDB and the
      // engine's cached tables live elsewhere and survive.
      worker.addEventListener('error', (event) => {
        event.preventDefault?.();
        this.onCrash(
          `The training worker stopped unexpectedly${event.message ? ` (${event.message})` : ' (out of memory?)'}. It was restarted: run again.`,
        );
      });
      this.worker = worker;
      this.remote = Comlink.wrap<TrainWorkerApi>(worker);
    }
    return this.remote;
  }

  private onCrash(message: string): void {
    this.crashed?.reject(new Error(message));
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }

  /** A call to the worker that fails at once if the worker dies meanwhile. */
  private guard<T>(call: (api: Comlink.Remote<TrainWorkerApi>) => Promise<T>): Promise<T> {
    const api = this.api;
    return Promise.race([call(api), (this.crashed as { promise: Promise<never> }).promise]);
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
    return this.api.stop(id);
  }

  predict(id: string, x: Float32Array, rows: number): Promise<Float32Array> {
    return this.guard((api) => api.predict(id, Comlink.transfer(x, [x.buffer]), rows));
  }

  has(id: string): Promise<boolean> {
    // Before the worker exists there are no models; do not start it just to say so.
    return this.remote ? this.remote.has(id) : Promise.resolve(false);
  }

  list(): Promise<string[]> {
    return this.remote ? this.remote.list() : Promise.resolve([]);
  }

  dispose(id: string): Promise<void> {
    return this.remote ? this.remote.dispose(id) : Promise.resolve();
  }

  exportArtifacts(id: string): Promise<ModelArtifactFiles> {
    return this.guard<ModelArtifactFiles>((api) => api.exportArtifacts(id));
  }

  importArtifacts(id: string, spec: ModelSpec, features: number, files: ModelArtifactFiles): Promise<void> {
    return this.guard<void>((api) => api.importArtifacts(id, spec, features, files));
  }
}
