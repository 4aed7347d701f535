import * as Comlink from 'comlink';

/**
 * `work()`, then release `callback` if it is a Comlink proxy of the page's function (however
 * `work` ends): each proxy holds a message port open until released, so one would leak per call.
 */
export async function releasingProxy<T>(callback: unknown, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    (callback as Partial<Comlink.Remote<unknown>>)[Comlink.releaseProxy]?.();
  }
}
