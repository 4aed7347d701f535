import * as Comlink from 'comlink';
import type {
  ModelArtifactFiles,
  TrainData,
  TrainHooks,
  TrainResult,
  TrainSpec,
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

  private get api(): Comlink.Remote<TrainWorkerApi> {
    if (!this.remote) {
      const worker = new Worker(new URL('../train.worker.ts', import.meta.url), {
        type: 'module',
        name: 'pipewright-train',
      });
      this.remote = Comlink.wrap<TrainWorkerApi>(worker);
    }
    return this.remote;
  }

  train(id: string, spec: TrainSpec, data: TrainData, hooks: TrainHooks): Promise<TrainResult> {
    // Both callbacks always exist on the proxy: the worker cannot tell a missing one.
    const proxied = Comlink.proxy<Required<TrainHooks>>({
      onProgress: (p) => hooks.onProgress?.(p),
      onEpoch: (logs) => hooks.onEpoch?.(logs),
    });
    return this.api.train(id, spec, Comlink.transfer(data, [data.x.buffer, data.y.buffer]), proxied);
  }

  stop(id: string): Promise<void> {
    return this.api.stop(id);
  }

  predict(id: string, x: Float32Array, rows: number): Promise<Float32Array> {
    return this.api.predict(id, Comlink.transfer(x, [x.buffer]), rows);
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
    return this.api.exportArtifacts(id);
  }
}
