import * as Comlink from 'comlink';
import type { EngineApi, UploadedFileInfo } from '../src/shared/protocol';
import { BrowserDuckBackend } from './duckdb-backend-browser';
import { Engine } from './engine';
import { WorkerModels } from './train/worker-models';

// Thin entry: build the engine over DuckDB-WASM and expose it to the UI through Comlink.
let backend: BrowserDuckBackend | undefined;
let engine: Engine | undefined;
const fingerprints = new Map<string, string>();

async function ready(): Promise<{ backend: BrowserDuckBackend; engine: Engine }> {
  if (!backend || !engine) {
    backend = await BrowserDuckBackend.create();
    engine = new Engine(backend, (name) => fingerprints.get(name) ?? '', new WorkerModels());
  }
  return { backend, engine };
}

const api: EngineApi = {
  async init() {
    const { backend } = await ready();
    return { duckdb: backend.version };
  },
  async addFiles(files) {
    const { backend } = await ready();
    const info: UploadedFileInfo[] = [];
    for (const file of files) {
      await backend.addFile(file);
      fingerprints.set(file.name, `${file.size}:${file.lastModified}`);
      info.push({ name: file.name, size: file.size });
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
  async exportModel(nodeId) {
    const { engine } = await ready();
    const bytes = await engine.exportModel(nodeId);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
