/** Most retries a node may ask for: a typo of 1000 must not hammer a service for hours. */
const MAX_RETRIES = 10;

/** How many times a node with `retries` is tried in all (at least once). */
export function attemptsFor(retries: number | undefined): number {
  return 1 + Math.max(0, Math.min(MAX_RETRIES, retries ?? 0));
}

/**
 * `work`, or a rejection as soon as `signal` aborts. The abort listener is removed when the
 * work settles: left on the run's signal, one per node, thousands would pile up in a run.
 */
export async function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('Run cancelled.'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Call `attempt` until it succeeds or has been tried `attempts` times; `onRetry` hears each
 * failure that is retried. A cancel frees the caller at once, even when the work cannot be
 * interrupted (its late result is dropped), and is never retried.
 */
export async function runWithRetries<T>(
  attempt: () => Promise<T>,
  attempts: number,
  signal: AbortSignal,
  onRetry: (attempt: number, err: unknown) => void,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await raceAbort(attempt(), signal);
    } catch (err) {
      if (signal.aborted || n >= attempts) throw err;
      onRetry(n, err);
    }
  }
}
