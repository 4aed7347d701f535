import * as Comlink from 'comlink';
import type { TrainHooks } from '../src/shared/models';
import { BrowserBackends } from './train/browser-backends';
import { TrainRuntime } from './train/tf-runtime';

// Thin entry: the TF.js training runtime, exposed to the engine worker through Comlink.
// Typed arrays come back as transferred buffers, never copied.
const runtime = new TrainRuntime(new BrowserBackends());

const api = {
  async train(...[id, spec, data, hooks]: Parameters<TrainRuntime['train']>) {
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
  async exportArtifacts(id: string) {
    const files = await runtime.exportArtifacts(id);
    return Comlink.transfer(files, [files.weights.buffer as ArrayBuffer]);
  },
};

/** What the train worker exposes; WorkerModels wraps it. */
export type TrainWorkerApi = typeof api;

Comlink.expose(api);
