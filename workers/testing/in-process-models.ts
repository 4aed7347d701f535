import { NodeBackends } from '../train/node-backends';
import { TrainRuntime } from '../train/tf-runtime';

/**
 * The training runtime in the test process itself (no worker): the code the browser's
 * train worker runs, on TF.js's wasm backend in Node (or cpu, when asked).
 */
export class InProcessModels extends TrainRuntime {
  constructor(auto: 'wasm' | 'cpu' = 'wasm') {
    super(new NodeBackends(auto));
  }
}
