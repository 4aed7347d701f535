import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { releasingProxy, tellThenRelease } from './release-proxy';

type Api = {
  run(onEvent: (e: string) => void, fail: boolean): Promise<void>;
  upload(onKept: (e: string) => void): Promise<string>;
};

/** The engine side of a Comlink channel, as engine.worker.ts wraps its run. */
function connect() {
  const { port1, port2 } = new MessageChannel();
  /** Each run's `send`, kept to send from after the run (as a cancelled run's nodes do). */
  const sends: ((e: string) => void)[] = [];
  const api: Api = {
    run: (onEvent, fail) =>
      releasingProxy(onEvent, async (send) => {
        sends.push(send);
        send('started');
        if (fail) throw new Error('run failed');
      }),
    // As engine.worker.ts's addFiles: answers at once, tells later how keeping each file went.
    async upload(onKept) {
      tellThenRelease(onKept, [
        later(50, 'a kept'),
        later(150, 'b kept'),
        later(100, 'c failed').then(() => Promise.reject(new Error('disk full'))),
      ]);
      return 'uploaded';
    },
  };
  Comlink.expose(api, port1 as unknown as Comlink.Endpoint);
  return {
    sends,
    remote: Comlink.wrap<Api>(port2 as unknown as Comlink.Endpoint),
    close: () => {
      port1.close();
      port2.close();
    },
  };
}

/** A page callback that says when the engine released its proxy (Comlink's finalizer). */
function callback() {
  const events: string[] = [];
  let released!: () => void;
  const wasReleased = new Promise<void>((resolve) => {
    released = resolve;
  });
  const fn = Object.assign((e: string) => void events.push(e), { [Comlink.finalizer]: () => released() });
  return { events, proxy: Comlink.proxy(fn), wasReleased };
}

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

const within = (p: Promise<void>) =>
  Promise.race([p.then(() => 'released'), new Promise((r) => setTimeout(() => r('still open'), 1000))]);

describe('releasingProxy', () => {
  it("releases the page's onEvent proxy after each run", async () => {
    const { remote, close } = connect();
    const cb = callback();
    await remote.run(cb.proxy, false);
    // Events travel on the proxy's own port: they may land after run() has resolved.
    await expect.poll(() => cb.events).toEqual(['started']);
    expect(await within(cb.wasReleased)).toBe('released');
    close();
  });

  it('drops events sent after the run ended instead of calling the released proxy', async () => {
    const { remote, close, sends } = connect();
    const cb = callback();
    await remote.run(cb.proxy, false);
    expect(await within(cb.wasReleased)).toBe('released');
    // A node of a cancelled run may still report after the run has ended.
    expect(() => sends[0]?.('late')).not.toThrow();
    await new Promise((r) => setTimeout(r, 100));
    expect(cb.events).toEqual(['started']);
    close();
  });

  it('releases it when the run fails too', async () => {
    const { remote, close } = connect();
    const cb = callback();
    await expect(remote.run(cb.proxy, true)).rejects.toThrow('run failed');
    expect(await within(cb.wasReleased)).toBe('released');
    close();
  });
});

describe('tellThenRelease', () => {
  it('tells every outcome after the call has answered, then releases the proxy', async () => {
    const { remote, close } = connect();
    const cb = callback();
    let released = false;
    void cb.wasReleased.then(() => {
      released = true;
    });
    expect(await remote.upload(cb.proxy)).toBe('uploaded');
    expect(cb.events).toEqual([]);
    await expect.poll(() => cb.events).toEqual(['a kept']);
    // Still open while an outcome is pending: the last one must still reach the page.
    expect(released).toBe(false);
    await expect.poll(() => cb.events).toEqual(['a kept', 'b kept']);
    expect(await within(cb.wasReleased)).toBe('released');
    close();
  });
});
