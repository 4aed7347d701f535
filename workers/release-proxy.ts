import * as Comlink from 'comlink';

/**
 * `work(send)`, then release `callback` if it is a Comlink proxy of the page's function
 * (however `work` ends): each proxy holds a message port open until released, so one would
 * leak per call. `send` forwards to `callback` until then and drops what comes after: a
 * cancelled run ends at once while its nodes' late events still trickle in, and calling a
 * released proxy throws.
 */
export async function releasingProxy<E, T>(
  callback: (event: E) => unknown,
  work: (send: (event: E) => void) => Promise<T>,
): Promise<T> {
  let open = true;
  const send = (event: E) => {
    if (open) void callback(event);
  };
  try {
    return await work(send);
  } finally {
    open = false;
    (callback as Partial<Comlink.Remote<unknown>>)[Comlink.releaseProxy]?.();
  }
}
