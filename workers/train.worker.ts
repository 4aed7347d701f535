import * as Comlink from 'comlink';
import type { TrainHooks } from '../src/shared/models';
import { BrowserBackends } from './train/browser-backends';
import { ModelHost } from './train/model-host';
import { solveInWorker } from './train/solver-worker';
import { TrainRuntime } from './train/tf-runtime';

// Thin entry: the training runtime (TF.js networks, solver families in workers of their own), exposed to the engine worker through Comlink.
// Typed arrays come back as transferred buffers, never copied.
const runtime = new ModelHost(new TrainRuntime(new BrowserBackends()), solveInWorker());

const api = {
  async train(...[id, spec, data, hooks]: Parameters<ModelHost['train']>) {
    try {
      return await runtime.train(id, spec, data, hooks);
    } finally {
      // The hooks are a Comlink proxy of the engine's callbacks: close its port.
      (hooks as Comlink.Remote<TrainHooks>)[Comlink.releaseProxy]();
    }
  },
  stop: (id: string) => runtime.stop(id),
  async predict(id: string, x: Float32Array, rows: number) {
    const out = await runtime.predict(id, x, rows);
    return Comlink.transfer(out, [out.buffer]);
  },
  has: (id: string) => runtime.has(id),
  list: () => runtime.list(),
  dispose: (id: string) => runtime.dispose(id),
  importArtifacts: (...args: Parameters<ModelHost['importArtifacts']>) => runtime.importArtifacts(...args),
  async exportArtifacts(id: string) {
    const files = await runtime.exportArtifacts(id);
    // A solver family's model is plain JSON: nothing to transfer.
    return 'weights' in files ? Comlink.transfer(files, [files.weights.buffer as ArrayBuffer]) : files;
  },
};

/** What the train worker exposes; WorkerModels wraps it. */
export type TrainWorkerApi = typeof api;

Comlink.expose(api);
