import { describe, expect, it } from 'vitest';
import { WorkerModels } from './worker-models';

/** A worker that never answers, and can be made to die. */
class FakeWorker extends EventTarget {
  terminated = false;
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
  die(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error'), { message }));
  }
}

describe('WorkerModels', () => {
  it('fails the calls in flight with a plain message when the training worker dies, then starts a fresh one', async () => {
    const spawned: FakeWorker[] = [];
    const models = new WorkerModels(() => {
      const w = new FakeWorker();
      spawned.push(w);
      return w as unknown as Worker;
    });
    const x = new Float32Array(4);
    const prediction = models.predict('m1', x, 2);
    spawned[0]?.die('RangeError: WebAssembly.Memory(): could not allocate memory');
    await expect(prediction).rejects.toThrow(
      /training worker stopped unexpectedly \(RangeError: WebAssembly.Memory\(\): could not allocate memory\)\. It was restarted: run again\./,
    );
    expect(spawned[0]?.terminated).toBe(true);
    // The next call gets a new worker.
    void models.predict('m1', new Float32Array(2), 1).catch(() => undefined);
    expect(spawned).toHaveLength(2);
  });

  it('a late error event from the replaced training worker leaves the fresh worker alone', async () => {
    const spawned: FakeWorker[] = [];
    const models = new WorkerModels(() => {
      const w = new FakeWorker();
      spawned.push(w);
      return w as unknown as Worker;
    });
    const first = models.predict('m1', new Float32Array(2), 1);
    spawned[0]?.die('first');
    await expect(first).rejects.toThrow(/stopped unexpectedly \(first\)/);
    const second = models.predict('m1', new Float32Array(2), 1);
    let settled = false;
    void second.then(
      () => (settled = true),
      () => (settled = true),
    );
    spawned[0]?.die('again');
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    expect(spawned[1]?.terminated).toBe(false);
  });
});
