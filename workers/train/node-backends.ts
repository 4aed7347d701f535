import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendPreference } from '../../src/shared/models';
import type { BackendChoice, BackendSetup } from './tf-runtime';

const require = createRequire(import.meta.url);

let wasmPathsSet = false;

/**
 * TF.js backends in Node (unit tests, a headless runner): wasm, read from the package's
 * own files, else the pure-JS cpu backend. There is no WebGPU or WebGL here.
 */
export class NodeBackends implements BackendSetup {
  constructor(
    /** What `auto` means here; tests pin one so their numbers are stable. */
    private readonly autoBackend: 'wasm' | 'cpu' = 'wasm',
  ) {}

  private async init(name: 'wasm' | 'cpu'): Promise<boolean> {
    if (name === 'wasm' && !wasmPathsSet) {
      const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
      setWasmPaths(`${dirname(wasmFile)}/`);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      wasmPathsSet = true;
    }
    try {
      await tf.setBackend(name);
      await tf.ready();
    } catch {
      return false;
    }
    return tf.getBackend() === name;
  }

  async use(preference: BackendPreference): Promise<BackendChoice> {
    const wanted = preference === 'auto' ? this.autoBackend : preference;
    if ((wanted === 'wasm' || wanted === 'cpu') && (await this.init(wanted))) return { backend: wanted };
    const fallback = wanted === 'cpu' ? 'wasm' : 'cpu';
    if (await this.init(fallback))
      return { backend: fallback, note: `${wanted} is not available in Node; used ${fallback}.` };
    throw new Error('No TF.js backend could be initialised.');
  }
}
