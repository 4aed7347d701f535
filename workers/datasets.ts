import { quoteIdent } from '../src/nodes/sql-util';
import type { DatasetVersion } from '../src/shared/protocol';
import type { ColumnInfo } from '../src/shared/values';
import type { DuckBackend } from './duck-backend';
import { exactTableIpc, insertExact } from './exact-integers';
import type { ResultFiles } from './kept-results';
import { describeTable } from './sql-api';

const CATALOG = 'catalog.json';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A version as `3` or `v3`; undefined for '' (the latest). */
export function parseVersion(text: string): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const m = /^v?(\d+)$/i.exec(t);
  if (!m)
    throw new Error(
      `Param "version": "${text}" is not a version; write 3 or v3, or leave it empty for the latest.`,
    );
  return Number(m[1]);
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Named datasets kept in the browser: each save of a table under a name is a new version
 * (v1, v2, …) with its schema, row count, content hash and where it came from. The rows are
 * Arrow IPC files beside a small catalog; versions are never changed, only added or deleted.
 */
export class DatasetStore {
  private catalog: DatasetVersion[] | undefined;

  constructor(
    private readonly files: ResultFiles,
    private readonly duck: DuckBackend,
  ) {}

  /** Every version of every dataset, by name then version. */
  async list(): Promise<DatasetVersion[]> {
    if (!this.catalog) {
      const bytes = await this.files.read(CATALOG);
      try {
        this.catalog = bytes ? (JSON.parse(decoder.decode(bytes)) as DatasetVersion[]) : [];
      } catch {
        this.catalog = [];
      }
    }
    return [...this.catalog].sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
  }

  /** The catalog as last read (for cache keys, which are computed synchronously). */
  known(): readonly DatasetVersion[] {
    return this.catalog ?? [];
  }

  /** The version `version` names (latest when undefined), or a message saying what exists. */
  resolve(name: string, version: number | undefined): DatasetVersion {
    const all = this.known().filter((d) => d.name === name);
    if (!all.length) {
      const names = [...new Set(this.known().map((d) => d.name))];
      throw new Error(
        `No dataset "${name}" in this browser${names.length ? `; there are ${names.map((n) => `"${n}"`).join(', ')}` : ''}. Save one with "Save as dataset" on a table output.`,
      );
    }
    const found = version === undefined ? all[all.length - 1] : all.find((d) => d.version === version);
    if (!found)
      throw new Error(
        `Dataset "${name}" has no version ${version}; it has ${all.map((d) => `v${d.version}`).join(', ')}.`,
      );
    return found;
  }

  /** The content hash of what (name, version) reads now: part of a reading node's cache key. */
  fingerprint(name: string, version: string): string {
    try {
      const v = this.resolve(name, parseVersion(version));
      return `dataset ${v.name} v${v.version} ${v.hash}`;
    } catch {
      return `dataset ${name} ${version} missing`;
    }
  }

  private file(name: string, version: number): string {
    return `${encodeURIComponent(name)}@v${version}.arrow`;
  }

  private async saveCatalog(): Promise<void> {
    await this.files.write(CATALOG, encoder.encode(JSON.stringify(this.catalog ?? [])));
  }

  /** Save `table` as the next version of `name`. */
  async save(name: string, table: string, source: DatasetVersion['source']): Promise<DatasetVersion> {
    const clean = name.trim();
    if (!clean) throw new Error('A dataset needs a name.');
    if (clean.length > 100) throw new Error('A dataset name has at most 100 characters.');
    const all = await this.list();
    const handle = await describeTable(this.duck, table);
    // Every value exact: DuckDB-WASM's Arrow results would round (and retype) 64-bit integers.
    const bytes = await exactTableIpc(this.duck, table);
    const version = Math.max(0, ...all.filter((d) => d.name === clean).map((d) => d.version)) + 1;
    await this.files.write(this.file(clean, version), bytes);
    const entry: DatasetVersion = {
      name: clean,
      version,
      rows: handle.rowCount,
      columns: handle.columns,
      hash: await sha256(bytes),
      bytes: bytes.byteLength,
      savedAt: new Date().toISOString(),
      source,
    };
    this.catalog = [...all, entry];
    await this.saveCatalog();
    return entry;
  }

  /** Load (name, version) into `table` (created); the version read. */
  async load(
    name: string,
    version: string,
    table: string,
  ): Promise<{ version: DatasetVersion; columns: ColumnInfo[] }> {
    await this.list();
    const v = this.resolve(name, parseVersion(version));
    const bytes = await this.files.read(this.file(v.name, v.version));
    if (!bytes)
      throw new Error(`Dataset "${v.name}" v${v.version} is listed but its rows are gone from this browser.`);
    await this.duck.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    await insertExact(this.duck, bytes, table, v.columns);
    const handle = await describeTable(this.duck, table);
    return { version: v, columns: handle.columns };
  }

  async remove(name: string, version: number): Promise<void> {
    const all = await this.list();
    await this.files.remove(this.file(name, version));
    this.catalog = all.filter((d) => !(d.name === name && d.version === version));
    await this.saveCatalog();
  }
}
