import * as Comlink from 'comlink';
import type { EngineApi } from '../shared/protocol';

type Remote = Comlink.Remote<EngineApi>;

interface Generation {
  worker: Worker;
  remote: Remote;
  /** Every call of this worker, failing at once (with the crash message) if it dies. */
  guarded: Remote;
  death: Promise<never>;
}

let current: Generation | undefined;
const crashListeners = new Set<(message: string) => void>();

/** Hear when the engine worker dies (it is replaced on the next call). */
export function onEngineCrash(listener: (message: string) => void): () => void {
  crashListeners.add(listener);
  return () => crashListeners.delete(listener);
}

function spawn(): Generation {
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'pipewright-engine',
  });
  const remote = Comlink.wrap<EngineApi>(worker);
  let kill!: (err: Error) => void;
  const death = new Promise<never>((_, reject) => {
    kill = reject;
  });
  death.catch(() => undefined);
  // Calls race the worker's death: a dead worker never answers, and nothing may hang on it.
  const guarded = new Proxy(remote, {
    get(target, key) {
      const member = Reflect.get(target, key) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) =>
        Promise.race([(member as (...a: unknown[]) => Promise<unknown>)(...args), death]);
    },
  });
  const gen: Generation = { worker, remote, guarded, death };
  // An uncaught error (or a WASM abort that escaped DuckDB's own supervision) leaves the
  // engine in an unknown state: drop it, fail what it was doing, start afresh on next use.
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    if (current !== gen) return;
    current = undefined;
    worker.terminate();
    const message = `The engine stopped unexpectedly (${event.message || 'its worker crashed'}). It was restarted with your files; results it held are gone: run again.`;
    kill(new Error(message));
    for (const listener of crashListeners) listener(message);
  });
  return gen;
}

/** The engine worker (DuckDB-WASM and the executor), started on first use and after a crash. */
export function engine(): Remote {
  current ??= spawn();
  return current.guarded;
}
