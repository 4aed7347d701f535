import * as Comlink from 'comlink';
import type { EngineApi } from '../shared/protocol';
import { type Generation, superviseWorker } from '../shared/supervise-worker';

type Remote = Comlink.Remote<EngineApi>;

interface EngineWorker {
  worker: Worker;
  /** Every call of this worker, failing at once (with the crash message) if it dies. */
  guarded: Remote;
}

const crashListeners = new Set<(message: string) => void>();

/** Hear when the engine worker dies (it is replaced on the next call). */
export function onEngineCrash(listener: (message: string) => void): () => void {
  crashListeners.add(listener);
  return () => crashListeners.delete(listener);
}

/** `remote`, with every method call racing the death of `gen`. */
function guardCalls(remote: Remote, gen: Generation<EngineWorker>): Remote {
  return new Proxy(remote, {
    get(target, key) {
      const member = Reflect.get(target, key) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) =>
        gen.run(() => (member as (...a: unknown[]) => Promise<unknown>)(...args));
    },
  });
}

const supervisor = superviseWorker<EngineWorker>(
  (gen) => {
    const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pipewright-engine',
    });
    // An uncaught error (or a WASM abort that escaped DuckDB's own supervision) leaves the
    // engine in an unknown state: drop it, fail what it was doing, start afresh on next use.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      gen.kill(
        new Error(
          `The engine stopped unexpectedly (${event.message || 'its worker crashed'}). It was restarted with your files; results it held are gone: run again.`,
        ),
      );
    });
    return { worker, guarded: guardCalls(Comlink.wrap<EngineApi>(worker), gen) };
  },
  {
    terminate: ({ worker }) => worker.terminate(),
    onDeath: (error) => {
      for (const listener of crashListeners) listener(error.message);
    },
  },
);

/** The engine worker (DuckDB-WASM and the executor), started on first use and after a crash. */
export function engine(): Remote {
  // Started synchronously, so its instance is there at once.
  return (supervisor.generation().value as EngineWorker).guarded;
}
