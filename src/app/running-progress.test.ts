import { describe, expect, it } from 'vitest';
import { initialRunState, type NodeRunState, type RunState } from '../store/run-reducer';
import { runningProgress } from './running-progress';

const node = (status: NodeRunState['status'], message?: string): NodeRunState => ({
  status,
  resultVersion: 0,
  ...(message === undefined ? {} : { progress: { fraction: 0.4, message } }),
});

const run = (nodes: Record<string, NodeRunState>, running = true): RunState => ({
  ...initialRunState,
  running,
  nodes,
});

describe('runningProgress', () => {
  it('names the running node that reports progress, and what it reports', () => {
    const state = run({ a: node('done'), b: node('running'), c: node('running', '40 % · ETA 3 s') });
    expect(runningProgress(state)).toEqual({ nodeId: 'c', message: '40 % · ETA 3 s' });
  });

  it('has nothing to show when no running node reports progress, or no run is going', () => {
    expect(runningProgress(run({ b: node('running') }))).toBeUndefined();
    expect(runningProgress(run({ c: node('done', '100 %') }))).toBeUndefined();
    expect(runningProgress(run({ c: node('running', '40 %') }, false))).toBeUndefined();
  });
});
