import type { RunState } from '../store/run-reducer';

/**
 * The progress the status bar shows during a run: the first running node that reports one
 * (a SQL statement's per cent, a model's epoch and ETA), or none.
 */
export function runningProgress(run: RunState): { nodeId: string; message: string } | undefined {
  if (!run.running) return undefined;
  for (const [nodeId, state] of Object.entries(run.nodes))
    if (state.status === 'running' && state.progress?.message)
      return { nodeId, message: state.progress.message };
  return undefined;
}
