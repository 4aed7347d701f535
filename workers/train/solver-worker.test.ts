import { describe, expect, it } from 'vitest';
import type { SolverSpec, TrainData } from '../../src/shared/models';
import { InProcessModels } from '../testing/in-process-models';
import { ModelHost, type RunSolver } from './model-host';
import type { RoundDone, SolveResult } from './solve';
import { type SolverMessage, solveInWorker } from './solver-worker';
import { TrainRuntime } from './tf-runtime';

/** A solver worker that answers what the test tells it to. */
class FakeWorker extends EventTarget {
  terminated = false;
  posted: unknown[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  send(message: SolverMessage): void {
    this.dispatchEvent(Object.assign(new Event('message'), { data: message }));
  }
}

const LINEAR: SolverSpec = { family: 'linear', task: 'regression', classCount: 1, l2: 1 };

/** y = 2 x0 - x1 + 3 on a small grid. */
function data(rows = 40): TrainData {
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    x[i * 2] = i % 7;
    x[i * 2 + 1] = (i * 3) % 5;
    y[i] = 2 * (i % 7) - ((i * 3) % 5) + 3;
  }
  return { x, y, rows, features: 2 };
}

function spawner() {
  const spawned: FakeWorker[] = [];
  const run = solveInWorker(() => {
    const w = new FakeWorker();
    spawned.push(w);
    return w as unknown as Worker;
  });
  return { spawned, run };
}

describe('solveInWorker', () => {
  it('relays rounds, resolves with the result and terminates the worker', async () => {
    const { spawned, run } = spawner();
    const rounds: RoundDone[] = [];
    const done = run(LINEAR, data(), (r) => rounds.push(r), new AbortController().signal);
    const w = spawned[0] as FakeWorker;
    expect(w.posted).toHaveLength(1);
    const logs = { epoch: 1, loss: 0.5 };
    w.send({ type: 'round', done: { round: 1, rounds: 1, logs } });
    const result = { history: [logs] } as unknown as SolveResult;
    w.send({ type: 'done', result });
    await expect(done).resolves.toBe(result);
    expect(rounds).toEqual([{ round: 1, rounds: 1, logs }]);
    expect(w.terminated).toBe(true);
  });

  it('a cancel terminates the worker mid-run and rejects with "Run cancelled."', async () => {
    const { spawned, run } = spawner();
    const controller = new AbortController();
    const done = run(LINEAR, data(), () => undefined, controller.signal);
    controller.abort();
    await expect(done).rejects.toThrow(/^Run cancelled\.$/);
    expect(spawned[0]?.terminated).toBe(true);
  });

  it("passes the solver's error on, and says so plainly when the worker dies", async () => {
    const { spawned, run } = spawner();
    const failed = run(LINEAR, data(), () => undefined, new AbortController().signal);
    spawned[0]?.send({ type: 'error', message: 'features are collinear' });
    await expect(failed).rejects.toThrow('features are collinear');
    const crashed = run(LINEAR, data(), () => undefined, new AbortController().signal);
    spawned[1]?.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
    await expect(crashed).rejects.toThrow('The solver stopped unexpectedly (out of memory). Run again.');
  });
});

describe('ModelHost', () => {
  it('holds a solver model by id: predicts, lists, exports its JSON, disposes', async () => {
    const host = new InProcessModels();
    const result = await host.train('lin#1', LINEAR, data());
    expect(result.summary?.family).toBe('linear');
    expect(await host.list()).toEqual(['lin#1']);
    const p = await host.predict('lin#1', Float32Array.from([1, 1]), 1);
    expect(p[0]).toBeCloseTo(4, 1);
    const files = await host.exportArtifacts('lin#1');
    expect(files).toMatchObject({ family: 'linear', fileName: 'model.linear.json' });
    await host.dispose('lin#1');
    expect(await host.has('lin#1')).toBe(false);
  });

  it('a stop during a solver run rejects with "Run cancelled." and keeps no model', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => {
      started = r;
    });
    // A solver that runs until it is aborted, like a long boosting run in its worker.
    const endless: RunSolver = (_spec, _data, _onRound, signal) =>
      new Promise((_, reject) => {
        started();
        signal.addEventListener('abort', () => reject(new Error('terminated')));
      });
    const host = new ModelHost(new TrainRuntime({ use: async () => ({ backend: 'cpu' }) }), endless);
    const training = host.train('g#1', { ...LINEAR }, data());
    await running;
    await host.stop('g#1');
    await expect(training).rejects.toThrow(/^Run cancelled\.$/);
    expect(await host.has('g#1')).toBe(false);
  });
});
