import { describe, expect, it } from 'vitest';
import { type Generation, superviseWorker } from './supervise-worker';

/** A worker whose calls wait until answered, and which can be made to crash. */
class FakeWorker {
  terminated = false;
  private readonly pending: ((value: string) => void)[] = [];
  constructor(
    readonly id: number,
    private readonly gen: Generation<FakeWorker>,
  ) {}
  ask(): Promise<string> {
    return new Promise((resolve) => this.pending.push(resolve));
  }
  answer(value: string): void {
    this.pending.shift()?.(value);
  }
  crash(reason: string): void {
    this.gen.kill(new Error(`The worker stopped unexpectedly (${reason}). It was restarted: run again.`));
  }
}

function setup(options: { async?: boolean } = {}) {
  const spawned: FakeWorker[] = [];
  const deaths: string[] = [];
  const supervisor = superviseWorker<FakeWorker>(
    (gen) => {
      const w = new FakeWorker(spawned.length + 1, gen);
      spawned.push(w);
      return options.async ? Promise.resolve(w) : w;
    },
    {
      terminate: (w) => {
        w.terminated = true;
      },
      onDeath: (error) => deaths.push(error.message),
    },
  );
  return { supervisor, spawned, deaths };
}

describe('superviseWorker', () => {
  it('starts the worker on the first call and answers calls normally', async () => {
    const { supervisor, spawned } = setup();
    expect(supervisor.live()).toBeUndefined();
    const answer = supervisor.call((w) => w.ask());
    expect(spawned).toHaveLength(1);
    spawned[0]?.answer('42');
    await expect(answer).resolves.toBe('42');
    expect(supervisor.live()).toBe(spawned[0]);
  });

  it('fails a call in flight with the crash message when the worker dies, and terminates it', async () => {
    const { supervisor, spawned, deaths } = setup();
    const answer = supervisor.call((w) => w.ask());
    spawned[0]?.crash('out of memory');
    await expect(answer).rejects.toThrow(
      'The worker stopped unexpectedly (out of memory). It was restarted: run again.',
    );
    expect(spawned[0]?.terminated).toBe(true);
    expect(deaths).toEqual(['The worker stopped unexpectedly (out of memory). It was restarted: run again.']);
    expect(supervisor.live()).toBeUndefined();
  });

  it('spawns a fresh worker for the next call after a crash', async () => {
    const { supervisor, spawned } = setup();
    void supervisor.call((w) => w.ask()).catch(() => undefined);
    spawned[0]?.crash('boom');
    const next = supervisor.call((w) => w.ask());
    expect(spawned).toHaveLength(2);
    spawned[1]?.answer('fresh');
    await expect(next).resolves.toBe('fresh');
  });

  it('a late crash report from a replaced worker leaves its successor alone', async () => {
    const { supervisor, spawned, deaths } = setup();
    void supervisor.call((w) => w.ask()).catch(() => undefined);
    spawned[0]?.crash('first');
    const next = supervisor.call((w) => w.ask());
    spawned[0]?.crash('again');
    spawned[1]?.answer('still here');
    await expect(next).resolves.toBe('still here');
    expect(spawned[1]?.terminated).toBe(false);
    expect(deaths).toHaveLength(1);
  });

  it('terminate() rejects pending calls without reporting a crash; the next call starts afresh', async () => {
    const { supervisor, spawned, deaths } = setup();
    const answer = supervisor.call((w) => w.ask());
    supervisor.terminate(new Error('Stopped.'));
    await expect(answer).rejects.toThrow('Stopped.');
    expect(spawned[0]?.terminated).toBe(true);
    expect(deaths).toEqual([]);
    void supervisor.call((w) => w.ask());
    expect(spawned).toHaveLength(2);
  });

  it('fails calls waiting on a start when the worker dies while starting, and stops it once started', async () => {
    const { supervisor, spawned } = setup({ async: true });
    const gen = supervisor.generation();
    const answer = gen.run((w) => w.ask());
    gen.kill(new Error('died while starting'));
    await expect(answer).rejects.toThrow('died while starting');
    await gen.instance;
    await Promise.resolve();
    expect(spawned[0]?.terminated).toBe(true);
  });

  it('tries a start that failed again on the next call', async () => {
    let attempts = 0;
    const supervisor = superviseWorker<string>(
      async () => {
        if (++attempts === 1) throw new Error('could not start');
        return 'up';
      },
      { terminate: () => undefined },
    );
    await expect(supervisor.call(async (w) => w)).rejects.toThrow('could not start');
    await expect(supervisor.call(async (w) => w)).resolves.toBe('up');
    expect(attempts).toBe(2);
  });
});
