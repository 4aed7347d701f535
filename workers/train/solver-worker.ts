import type { SolverSpec, TrainData } from '../../src/shared/models';
import type { RunSolver } from './model-host';
import type { RoundDone, SolveResult } from './solve';
import { TrainingCancelled } from './tf-runtime';

/** What the training worker sends its solver worker: one run. */
export interface SolverRequest {
  spec: SolverSpec;
  data: TrainData;
}

/** What a solver worker sends back: a round done, then the result or an error. */
export type SolverMessage =
  | { type: 'round'; done: RoundDone }
  | { type: 'done'; result: SolveResult }
  | { type: 'error'; message: string };

/**
 * Each solver run in a fresh worker (no TF.js, no DuckDB: it starts fast). The solvers are
 * synchronous, so a stop could not reach them between rounds; terminating the worker stops
 * a run at once and loses nothing else: the trained models live in the training worker.
 */
export function solveInWorker(
  spawn: () => Worker = () =>
    new Worker(new URL('../solver.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pipewright-solver',
    }),
): RunSolver {
  return (spec, data, onRound, signal) =>
    new Promise<SolveResult>((resolve, reject) => {
      if (signal.aborted) {
        reject(new TrainingCancelled());
        return;
      }
      const worker = spawn();
      const finish = () => {
        signal.removeEventListener('abort', onAbort);
        worker.terminate();
      };
      const onAbort = () => {
        finish();
        reject(new TrainingCancelled());
      };
      signal.addEventListener('abort', onAbort);
      worker.addEventListener('message', (event: MessageEvent<SolverMessage>) => {
        const m = event.data;
        if (m.type === 'round') onRound(m.done);
        else {
          finish();
          if (m.type === 'done') resolve(m.result);
          else reject(new Error(m.message));
        }
      });
      worker.addEventListener('error', (event) => {
        event.preventDefault?.();
        finish();
        reject(
          new Error(`The solver stopped unexpectedly (${event.message || 'out of memory?'}). Run again.`),
        );
      });
      const request: SolverRequest = { spec, data };
      worker.postMessage(request, [data.x.buffer, data.y.buffer]);
    });
}
