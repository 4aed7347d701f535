import { quoteIdent } from '../src/nodes/sql-util';
import type { ModelArtifactFiles } from '../src/shared/models';
import type { ColumnInfo, PortValue } from '../src/shared/values';
import type { DuckBackend } from './duck-backend';
import { exactTableIpc, insertExact } from './exact-integers';
import type { CachedResult } from './executor';
import { outputTableName } from './internal-names';
import type { ModelRuntime } from './models';
import { describeTable } from './sql-api';

/** A flat folder of files that outlives the engine (the browser's private file system, or memory in tests). */
export interface ResultFiles {
  read(name: string): Promise<Uint8Array | undefined>;
  write(name: string, bytes: Uint8Array): Promise<void>;
  remove(name: string): Promise<void>;
  /** Every file with its size in bytes. */
  list(): Promise<{ name: string; size: number }[]>;
}

type KeptOutput =
  | { type: 'table'; file: string; columns: ColumnInfo[] }
  | { type: 'model'; file: string; weights?: string; meta: Extract<PortValue, { type: 'model' }>['meta'] }
  | Extract<PortValue, { type: 'metrics' }>;

/** One node's result as kept: what it was computed from (the cache key) and where its parts lie. */
interface Entry {
  key: string;
  outputs: Record<string, KeptOutput>;
  warnings: string[];
  report?: CachedResult['report'];
  files: string[];
  bytes: number;
  lastUsed: number;
}

const INDEX = 'index.json';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The default budget: results past it are dropped, least recently used first. */
export const DEFAULT_BUDGET_BYTES = 1024 * 1024 * 1024;
/**
 * Tables larger than this (rows × columns) are not kept: copying one out of DuckDB as a whole
 * Arrow buffer would double its memory in the tab; it is recomputed after a reload instead.
 */
export const MAX_KEPT_CELLS = 20_000_000;

/**
 * Node results kept across sessions under their executor cache keys, so that after a reload
 * a run finds a node's tables (Arrow IPC) and trained model (its export files) and reports it
 * `cached` instead of recomputing or retraining. Kept within a byte budget, the least
 * recently used results dropped first. A result that cannot be restored exactly (a file gone,
 * a column type that does not come back the same) is simply recomputed.
 */
export class KeptResults {
  private index: Record<string, Entry> | undefined;
  private writing: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private dirty = false;
  private restored = 0;

  constructor(
    private readonly files: ResultFiles,
    private readonly duck: DuckBackend,
    private readonly models: ModelRuntime,
    public budgetBytes = DEFAULT_BUDGET_BYTES,
  ) {}

  private async entries(): Promise<Record<string, Entry>> {
    if (!this.index) {
      const bytes = await this.files.read(INDEX);
      try {
        this.index = bytes ? (JSON.parse(decoder.decode(bytes)) as Record<string, Entry>) : {};
      } catch {
        this.index = {};
      }
    }
    return this.index;
  }

  private async saveIndex(): Promise<void> {
    await this.files.write(INDEX, encoder.encode(JSON.stringify(this.index ?? {})));
  }

  /** Bytes and results kept now. */
  async usage(): Promise<{ bytes: number; results: number; budgetBytes: number }> {
    await this.writing;
    const all = Object.values(await this.entries());
    return {
      bytes: all.reduce((s, e) => s + e.bytes, 0),
      results: all.length,
      budgetBytes: this.budgetBytes,
    };
  }

  /** Drop every kept result. */
  async clear(): Promise<void> {
    await this.writing;
    for (const f of await this.files.list()) await this.files.remove(f.name);
    this.index = {};
  }

  /**
   * The result kept under `key`, restored as node `nodeId`'s outputs; undefined when there is
   * none. Writes still under way are not waited for: an entry is listed only once complete.
   */
  async restore(nodeId: string, key: string): Promise<CachedResult | undefined> {
    const entries = await this.entries();
    const entry = entries[key];
    if (!entry) return undefined;
    const outputs: Record<string, PortValue> = {};
    const made: string[] = [];
    try {
      for (const [port, kept] of Object.entries(entry.outputs)) {
        if (kept.type === 'metrics') outputs[port] = kept;
        else if (kept.type === 'table') {
          const bytes = await this.files.read(kept.file);
          if (!bytes) throw new Error('missing');
          const table = outputTableName(nodeId, port);
          await this.duck.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
          made.push(table);
          await insertExact(this.duck, bytes, table, kept.columns);
          const handle = await describeTable(this.duck, table);
          // Arrow may hand a type back as another (an ENUM, a DECIMAL): then recompute.
          if (JSON.stringify(handle.columns) !== JSON.stringify(kept.columns)) throw new Error('types');
          outputs[port] = handle;
        } else {
          const file = await this.files.read(kept.file);
          if (!file) throw new Error('missing');
          const parsed = JSON.parse(decoder.decode(file)) as ModelArtifactFiles;
          if (kept.weights) {
            const weights = await this.files.read(kept.weights);
            if (!weights) throw new Error('missing');
            (parsed as { weights: Uint8Array }).weights = weights;
          }
          const id = `${nodeId}#kept${++this.restored}`;
          await this.models.importArtifacts(id, kept.meta.spec, kept.meta.features.length, parsed);
          outputs[port] = { type: 'model', id, meta: kept.meta };
        }
      }
    } catch {
      for (const t of made) await this.duck.query(`DROP TABLE IF EXISTS ${quoteIdent(t)}`);
      for (const v of Object.values(outputs)) if (v.type === 'model') await this.models.dispose(v.id);
      return undefined;
    }
    entry.lastUsed = Date.now();
    this.dirty = true;
    this.enqueue(async () => undefined);
    return { key, outputs, warnings: entry.warnings, report: entry.report };
  }

  /** Keep a node's fresh result (in the background; a failure only means it is not kept). */
  keep(result: CachedResult): void {
    const tooBig = Object.values(result.outputs).some(
      (v) => v.type === 'table' && v.rowCount * Math.max(1, v.columns.length) > MAX_KEPT_CELLS,
    );
    if (!tooBig) this.enqueue(() => this.write(result));
  }

  /** Run `job` after the writes before it; the index is saved once the queue runs dry. */
  private enqueue(job: () => Promise<void>): void {
    this.pending++;
    this.writing = this.writing
      .then(job)
      .catch(() => undefined)
      .then(async () => {
        this.pending--;
        if (this.pending === 0 && this.dirty) {
          this.dirty = false;
          await this.saveIndex().catch(() => undefined);
        }
      });
  }

  /** Wait until every result handed to `keep` is written. */
  async flush(): Promise<void> {
    await this.writing;
  }

  private async write(result: CachedResult): Promise<void> {
    const entries = await this.entries();
    if (entries[result.key]) return;
    const files: string[] = [];
    let bytes = 0;
    const put = async (name: string, data: Uint8Array) => {
      await this.files.write(name, data);
      files.push(name);
      bytes += data.byteLength;
    };
    const outputs: Record<string, KeptOutput> = {};
    try {
      for (const [port, value] of Object.entries(result.outputs)) {
        const base = `${result.key}.${encodeURIComponent(port)}`;
        if (value.type === 'metrics') outputs[port] = value;
        else if (value.type === 'table') {
          await put(`${base}.arrow`, await exactTableIpc(this.duck, value.table));
          outputs[port] = { type: 'table', file: `${base}.arrow`, columns: value.columns };
        } else {
          const artifacts = await this.models.exportArtifacts(value.id);
          if ('weights' in artifacts) {
            const { weights, ...rest } = artifacts;
            await put(`${base}.weights`, weights);
            await put(`${base}.model.json`, encoder.encode(JSON.stringify(rest)));
            outputs[port] = {
              type: 'model',
              file: `${base}.model.json`,
              weights: `${base}.weights`,
              meta: value.meta,
            };
          } else {
            await put(`${base}.model.json`, encoder.encode(JSON.stringify(artifacts)));
            outputs[port] = { type: 'model', file: `${base}.model.json`, meta: value.meta };
          }
        }
      }
    } catch {
      for (const f of files) await this.files.remove(f).catch(() => undefined);
      return;
    }
    entries[result.key] = {
      key: result.key,
      outputs,
      warnings: result.warnings,
      ...(result.report === undefined ? {} : { report: result.report }),
      files,
      bytes,
      lastUsed: Date.now(),
    };
    await this.evict();
    this.dirty = true;
  }

  /** Drop the least recently used results until the rest fit the budget. */
  private async evict(): Promise<void> {
    const entries = await this.entries();
    let total = Object.values(entries).reduce((s, e) => s + e.bytes, 0);
    const oldest = Object.values(entries).sort((a, b) => a.lastUsed - b.lastUsed);
    for (const e of oldest) {
      if (total <= this.budgetBytes) break;
      for (const f of e.files) await this.files.remove(f).catch(() => undefined);
      delete entries[e.key];
      total -= e.bytes;
    }
  }
}

/** Result files in memory: the engine's tests, and a browser without a private file system. */
export class MemoryResultFiles implements ResultFiles {
  readonly files = new Map<string, Uint8Array>();
  async read(name: string) {
    return this.files.get(name)?.slice();
  }
  async write(name: string, bytes: Uint8Array) {
    this.files.set(name, bytes.slice());
  }
  async remove(name: string) {
    this.files.delete(name);
  }
  async list() {
    return [...this.files].map(([name, b]) => ({ name, size: b.byteLength }));
  }
}
