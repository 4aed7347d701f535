import * as Comlink from 'comlink';
import type { EngineApi } from '../shared/protocol';

let remote: Comlink.Remote<EngineApi> | undefined;

/** The engine worker (DuckDB-WASM and the executor), started on first use. */
export function engine(): Comlink.Remote<EngineApi> {
  if (!remote) {
    const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pipewright-engine',
    });
    remote = Comlink.wrap<EngineApi>(worker);
  }
  return remote;
}
