import * as Comlink from 'comlink';
import type { EngineApi, UploadedFileInfo } from '../src/shared/protocol';
import { BrowserDuckBackend } from './duckdb-backend-browser';
import { Engine } from './engine';
import { persistFile, restoreFiles } from './file-store';
import { WorkerModels } from './train/worker-models';

// Thin entry: build the engine over DuckDB-WASM and expose it to the UI through Comlink.
let backend: BrowserDuckBackend | undefined;
let engine: Engine | undefined;
const fingerprints = new Map<string, string>();

let starting: Promise<{ backend: BrowserDuckBackend; engine: Engine }> | undefined;

/** Start DuckDB once, however many calls arrive while it starts. */
function ready(): Promise<{ backend: BrowserDuckBackend; engine: Engine }> {
  starting ??= (async () => {
    backend = await BrowserDuckBackend.create();
    engine = new Engine(backend, (name) => fingerprints.get(name) ?? '', new WorkerModels());
    return { backend, engine };
  })();
  return starting;
}

/**
 * A cheap content fingerprint for the cache key: SHA-256 over the size and the first and last
 * MiB. Hashing every byte of a multi-GB file on each upload would cost more than re-reading it.
 */
async function fingerprint(file: File): Promise<string> {
  const MiB = 1024 * 1024;
  const parts = [file.slice(0, MiB), file.slice(Math.max(MiB, file.size - MiB))];
  const bytes = new Uint8Array(await new Blob([String(file.size), ...parts]).arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function register(backend: BrowserDuckBackend, file: File): Promise<UploadedFileInfo> {
  await backend.addFile(file);
  fingerprints.set(file.name, await fingerprint(file));
  return { name: file.name, size: file.size };
}

const api: EngineApi = {
  async init() {
    const { backend } = await ready();
    // Files kept from earlier sessions come back registered, so a reloaded pipeline runs.
    const files: UploadedFileInfo[] = [];
    for (const file of await restoreFiles()) files.push(await register(backend, file));
    return { duckdb: backend.version, files };
  },
  async addFiles(files) {
    const { backend } = await ready();
    const info: UploadedFileInfo[] = [];
    for (const file of files) {
      info.push(await register(backend, file));
      // Kept in the background: a large copy must not delay reading the file.
      void persistFile(file);
    }
    return info;
  },
  async run(graph, onEvent, options) {
    const { engine } = await ready();
    await engine.run(graph, onEvent, options);
  },
  async cancel() {
    await engine?.cancel();
  },
  async preview(nodeId, port, limit) {
    const { engine } = await ready();
    const result = await engine.preview(nodeId, port, limit);
    return Comlink.transfer(result, [result.ipc.buffer as ArrayBuffer]);
  },
  async profile(nodeId, port) {
    const { engine } = await ready();
    return engine.profile(nodeId, port);
  },
  async exportTable(nodeId, port, format) {
    const { engine } = await ready();
    const bytes = await engine.exportTable(nodeId, port, format);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  async stats() {
    const { engine } = await ready();
    return engine.stats();
  },
  async exportModel(nodeId) {
    const { engine } = await ready();
    const bytes = await engine.exportModel(nodeId);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
