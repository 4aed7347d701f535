import * as Comlink from 'comlink';
import type { EngineApi, FileKeepResult, UploadedFileInfo } from '../src/shared/protocol';
import { forgetFile, persistFile, restoreFiles } from '../src/storage/file-store';
import { DatasetStore } from './datasets';
import { SupervisedDuck } from './duck-supervisor';
import { BrowserDuckBackend } from './duckdb-backend-browser';
import { Engine } from './engine';
import { fingerprint } from './file-fingerprint';
import { KeptResults, MemoryResultFiles } from './kept-results';
import { ModelRegistry } from './model-registry';
import { OpfsResultFiles } from './opfs-result-files';
import { releasingProxy, tellThenRelease } from './release-proxy';
import { WorkerModels } from './train/worker-models';

// Thin entry: build the engine over DuckDB-WASM and expose it to the UI through Comlink.
const fingerprints = new Map<string, string>();
// DuckDB restarts itself when its worker dies; the engine then forgets the lost tables.
const backend = new SupervisedDuck(
  (onDeath) => BrowserDuckBackend.create(onDeath),
  () => engine.forgetTables(),
);
const models = new WorkerModels();
const engine = new Engine(backend, (name) => fingerprints.get(name) ?? '', models);
// Named datasets, versioned, in the private file system.
const datasets = new DatasetStore(
  OpfsResultFiles.available() ? new OpfsResultFiles('pipewright-datasets') : new MemoryResultFiles(),
  backend,
);
engine.datasets = datasets;
// Registered models, versioned, in the private file system.
const registry = new ModelRegistry(
  OpfsResultFiles.available() ? new OpfsResultFiles('pipewright-models') : new MemoryResultFiles(),
  models,
);
engine.registry = registry;
// Results survive a reload in the private file system, within a budget (least recently used go first).
engine.kept = new KeptResults(
  OpfsResultFiles.available() ? new OpfsResultFiles('pipewright-results') : new MemoryResultFiles(),
  backend,
  models,
);

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
    // The catalog is read before any run: dataset nodes' cache keys name the version they read.
    await datasets.list();
    await registry.list();
    // Files kept from earlier sessions come back registered, so a reloaded pipeline runs.
    const files: UploadedFileInfo[] = [];
    for (const file of await restoreFiles()) files.push(await register(file));
    return { duckdb: backend.version, files };
  },
  async addFiles(files, onKept) {
    await ready();
    const info: UploadedFileInfo[] = [];
    const kept: Promise<FileKeepResult>[] = [];
    try {
      for (const file of files) {
        info.push(await register(file));
        // Kept in the background: a large copy must not delay reading the file.
        kept.push(persistFile(file));
      }
    } finally {
      // onKept's message port closes once every started copy has told how it went.
      tellThenRelease(onKept, kept);
    }
    return info;
  },
  run(graph, onEvent, options) {
    // onEvent is a Comlink proxy of the page's callback: its message port is closed after
    // the run, or one leaks per run.
    return releasingProxy(onEvent, async (send) => {
      await ready();
      await engine.run(graph, send, options);
    });
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
  async clearKept() {
    await engine.kept?.clear();
  },
  async forgetFiles(names) {
    for (const name of names) await forgetFile(name);
  },
  async deleteFile(name) {
    await forgetFile(name);
    fingerprints.delete(name);
    await backend.removeFile(name);
  },
  async listModels() {
    await ready();
    return registry.list();
  },
  async registerModel(nodeId, name, pipeline) {
    await ready();
    return engine.registerModel(nodeId, name, pipeline);
  },
  async promoteModel(name, version) {
    await registry.promote(name, version);
  },
  async deleteModel(name, version) {
    await registry.remove(name, version);
  },
  async registeredModelZip(name, version) {
    const bytes = await registry.zip(name, version);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  async listDatasets() {
    await ready();
    return datasets.list();
  },
  async saveDataset(nodeId, port, name, pipeline) {
    await ready();
    return datasets.save(name, engine.tableName(nodeId, port), { pipeline, node: nodeId, port });
  },
  async deleteDataset(name, version) {
    await datasets.remove(name, version);
  },
  async exportDataset(name, version, format) {
    await ready();
    const bytes = await engine.exportDataset(name, version, format);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  async exportModel(nodeId) {
    await ready();
    const bytes = await engine.exportModel(nodeId);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
