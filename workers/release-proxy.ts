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

/**
 * Tell `callback` each of `outcomes` as it settles, in the background, then release it: for
 * work that goes on after the call that started it has answered (files kept after an upload),
 * so the proxy's port closes once the last outcome is told. Outcomes that fail are not told.
 */
export function tellThenRelease<E>(
  callback: ((event: E) => unknown) | undefined,
  outcomes: Promise<E>[],
): void {
  if (!callback) return;
  void releasingProxy(callback, (send) =>
    Promise.all(outcomes.map((outcome) => outcome.then(send, () => undefined))),
  );
}
