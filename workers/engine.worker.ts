import * as Comlink from 'comlink';
import type { EngineApi, UploadedFileInfo } from '../src/shared/protocol';
import { persistFile, restoreFiles } from '../src/storage/file-store';
import { SupervisedDuck } from './duck-supervisor';
import { BrowserDuckBackend } from './duckdb-backend-browser';
import { Engine } from './engine';
import { fingerprint } from './file-fingerprint';
import { WorkerModels } from './train/worker-models';

// Thin entry: build the engine over DuckDB-WASM and expose it to the UI through Comlink.
const fingerprints = new Map<string, string>();
// DuckDB restarts itself when its worker dies; the engine then forgets the lost tables.
const backend = new SupervisedDuck(
  (onDeath) => BrowserDuckBackend.create(onDeath),
  () => engine.forgetTables(),
);
const engine = new Engine(backend, (name) => fingerprints.get(name) ?? '', new WorkerModels());

/** DuckDB started (once, however many calls arrive while it starts; again after a crash). */
const ready = () => backend.ready();

async function register(file: File): Promise<UploadedFileInfo> {
  await backend.addFile(file);
  fingerprints.set(file.name, await fingerprint(file));
  return { name: file.name, size: file.size };
}

const api: EngineApi = {
  async init() {
    await ready();
    // Files kept from earlier sessions come back registered, so a reloaded pipeline runs.
    const files: UploadedFileInfo[] = [];
    for (const file of await restoreFiles()) files.push(await register(file));
    return { duckdb: backend.version, files };
  },
  async addFiles(files, onKept) {
    await ready();
    const info: UploadedFileInfo[] = [];
    for (const file of files) {
      info.push(await register(file));
      // Kept in the background: a large copy must not delay reading the file.
      void persistFile(file).then((result) => onKept?.(result));
    }
    return info;
  },
  async run(graph, onEvent, options) {
    await ready();
    await engine.run(graph, onEvent, options);
  },
  async cancel() {
    engine.cancel();
  },
  async preview(nodeId, port, limit) {
    await ready();
    const result = await engine.preview(nodeId, port, limit);
    return Comlink.transfer(result, [result.ipc.buffer as ArrayBuffer]);
  },
  async profile(nodeId, port) {
    await ready();
    return engine.profile(nodeId, port);
  },
  async exportTable(nodeId, port, format, options) {
    await ready();
    const bytes = await engine.exportTable(nodeId, port, format, options);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  async stats() {
    await ready();
    return engine.stats();
  },
  async exportModel(nodeId) {
    await ready();
    const bytes = await engine.exportModel(nodeId);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
