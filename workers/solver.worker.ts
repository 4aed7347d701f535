import { solve } from './train/solve';
import type { SolverMessage, SolverRequest } from './train/solver-worker';

// One solver run (gradient-boosted trees or a linear model) per worker; the training worker
// terminates it to cancel. The model comes back as plain data.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<SolverRequest>) => void) | null;
  postMessage(message: SolverMessage): void;
};

scope.onmessage = ({ data: { spec, data } }) => {
  try {
    const result = solve(spec, data, (done) => scope.postMessage({ type: 'round', done }));
    scope.postMessage({ type: 'done', result });
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
