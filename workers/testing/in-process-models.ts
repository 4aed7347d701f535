import { ModelHost, solveInProcess } from '../train/model-host';
import { NodeBackends } from '../train/node-backends';
import { TrainRuntime } from '../train/tf-runtime';

/**
 * The training runtime in the test process itself (no worker): the code the browser's
 * train worker runs, networks on TF.js's wasm backend in Node (or cpu, when asked), the
 * solver families in process.
 */
export class InProcessModels extends ModelHost {
  constructor(auto: 'wasm' | 'cpu' = 'wasm') {
    super(new TrainRuntime(new NodeBackends(auto)), solveInProcess);
  }
}
