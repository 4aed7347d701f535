import { describe, expect, it } from 'vitest';
import { attemptsFor, raceAbort, runWithRetries } from './retry';

describe('attemptsFor', () => {
  it('tries once plus the retries, clamped to 0..10 retries', () => {
    expect(attemptsFor(undefined)).toBe(1);
    expect(attemptsFor(2)).toBe(3);
    expect(attemptsFor(-5)).toBe(1);
    expect(attemptsFor(1000)).toBe(11);
  });
});

describe('runWithRetries', () => {
  it('retries a failing attempt until it succeeds, telling each retried failure', async () => {
    let calls = 0;
    const retried: string[] = [];
    const result = await runWithRetries(
      async () => {
        if (++calls < 3) throw new Error(`boom ${calls}`);
        return 'ok';
      },
      3,
      new AbortController().signal,
      (attempt, err) => retried.push(`${attempt}: ${(err as Error).message}`),
    );
    expect(result).toBe('ok');
    expect(retried).toEqual(['1: boom 1', '2: boom 2']);
  });

  it('throws the last error once the attempts are used up', async () => {
    let calls = 0;
    const run = runWithRetries(
      async () => {
        throw new Error(`boom ${++calls}`);
      },
      2,
      new AbortController().signal,
      () => undefined,
    );
    await expect(run).rejects.toThrow('boom 2');
    expect(calls).toBe(2);
  });

  it('stops at once on cancel, even while the attempt never settles, and does not retry', async () => {
    const abort = new AbortController();
    let calls = 0;
    const run = runWithRetries(
      () => {
        calls++;
        return new Promise<never>(() => undefined);
      },
      5,
      abort.signal,
      () => undefined,
    );
    abort.abort();
    await expect(run).rejects.toThrow('Run cancelled.');
    expect(calls).toBe(1);
  });
});

describe('raceAbort', () => {
  it('leaves no abort listener behind once the work settles', async () => {
    const abort = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = abort.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      add(...args);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed++;
      remove(...args);
    }) as typeof signal.removeEventListener;
    await raceAbort(Promise.resolve(1), signal);
    await expect(raceAbort(Promise.reject(new Error('x')), signal)).rejects.toThrow('x');
    expect(added).toBe(2);
    expect(removed).toBe(2);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(raceAbort(new Promise(() => undefined), abort.signal)).rejects.toThrow('Run cancelled.');
  });
});
