import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quoteIdent, quoteLiteral } from '../src/nodes/sql-util';
import type { PipelineGraph } from '../src/shared/graph-types';
import type { ModelArtifactFiles } from '../src/shared/models';
import type { PortValue } from '../src/shared/values';
import type { CachedResult } from '../workers/executor';
import { encodeName, outputTableName } from '../workers/internal-names';
import type { ModelRuntime } from '../workers/models';
import type { NativeDuckBackend } from '../workers/native/duck-backend-native';
import { describeTable } from '../workers/sql-api';

/** A node's result on disk: its executor cache key, and its outputs with tables as files. */
type ModelValue = Extract<PortValue, { type: 'model' }>;

interface Entry {
  key: string;
  outputs: Record<
    string,
    | { type: 'table'; file: string }
    | { type: 'model'; file: string; weights?: string; meta: ModelValue['meta'] }
    | PortValue
  >;
  warnings: string[];
  report?: CachedResult['report'];
}

/**
 * The engine's result cache on disk (`--cache DIR`), so a later run, in a new process, finds
 * what an earlier one computed: per node its executor cache key (workers/cache-key.ts, the
 * key the browser uses) and its outputs, tables as Parquet. Before a run every stored result
 * goes back into the engine's cache; the executor then reuses those whose key still matches
 * and recomputes the rest, exactly as in the browser. A trained model is kept as its export
 * files (TF.js layers format, or the solver's JSON) and loaded back into the training runtime.
 */
export class DiskCache {
  private restoredModels = 0;

  constructor(
    readonly dir: string,
    private readonly duck: NativeDuckBackend,
    private readonly models: ModelRuntime,
  ) {
    mkdirSync(join(dir, 'nodes'), { recursive: true });
    mkdirSync(join(dir, 'tables'), { recursive: true });
  }

  private entryPath(nodeId: string): string {
    return join(this.dir, 'nodes', `${encodeName(nodeId)}.json`);
  }

  /** Put stored results of `graph`'s nodes into `cache`, where it has none for them. */
  async restore(graph: PipelineGraph, cache: Map<string, CachedResult>): Promise<void> {
    for (const node of graph.nodes) {
      if (cache.has(node.id) || !existsSync(this.entryPath(node.id))) continue;
      let entry: Entry;
      try {
        entry = JSON.parse(readFileSync(this.entryPath(node.id), 'utf8')) as Entry;
      } catch {
        continue; // unreadable: recomputed
      }
      const outputs: Record<string, PortValue> = {};
      try {
        for (const [port, value] of Object.entries(entry.outputs)) {
          if (value.type === 'model' && 'file' in value) {
            const files = JSON.parse(
              readFileSync(join(this.dir, 'tables', value.file), 'utf8'),
            ) as ModelArtifactFiles;
            if (value.weights)
              (files as { weights: Uint8Array }).weights = new Uint8Array(
                readFileSync(join(this.dir, 'tables', value.weights)),
              );
            const id = `${node.id}#disk${++this.restoredModels}`;
            await this.models.importArtifacts(id, value.meta.spec, value.meta.features.length, files);
            outputs[port] = { type: 'model', id, meta: value.meta };
            continue;
          }
          if (value.type !== 'table' || !('file' in value)) {
            outputs[port] = value as PortValue;
            continue;
          }
          const table = outputTableName(node.id, port);
          await this.duck.query(
            `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_parquet(${quoteLiteral(join(this.dir, 'tables', value.file))})`,
          );
          outputs[port] = await describeTable(this.duck, table);
        }
      } catch {
        continue; // a table file is missing or damaged: recomputed
      }
      cache.set(node.id, { key: entry.key, outputs, warnings: entry.warnings, report: entry.report });
    }
  }

  /** Store the results in `cache` that are new or changed since the last save. */
  async save(graph: PipelineGraph, cache: Map<string, CachedResult>): Promise<void> {
    for (const node of graph.nodes) {
      const result = cache.get(node.id);
      if (!result) continue;
      const path = this.entryPath(node.id);
      let old: Entry | undefined;
      try {
        old = JSON.parse(readFileSync(path, 'utf8')) as Entry;
      } catch {
        old = undefined;
      }
      if (old?.key === result.key) continue;
      const outputs: Entry['outputs'] = {};
      for (const [port, value] of Object.entries(result.outputs)) {
        if (value.type === 'model') {
          const files = await this.models.exportArtifacts(value.id);
          const file = `${result.key}__${encodeName(port)}.model.json`;
          if ('weights' in files) {
            const { weights, ...rest } = files;
            const bin = `${result.key}__${encodeName(port)}.weights.bin`;
            writeFileSync(join(this.dir, 'tables', bin), weights);
            writeFileSync(join(this.dir, 'tables', file), JSON.stringify(rest));
            outputs[port] = { type: 'model', file, weights: bin, meta: value.meta };
          } else {
            writeFileSync(join(this.dir, 'tables', file), JSON.stringify(files));
            outputs[port] = { type: 'model', file, meta: value.meta };
          }
          continue;
        }
        if (value.type !== 'table') {
          outputs[port] = value;
          continue;
        }
        const file = `${result.key}__${encodeName(port)}.parquet`;
        await this.duck.copyTo(
          `SELECT * FROM ${quoteIdent(value.table)}`,
          join(this.dir, 'tables', file),
          'parquet',
        );
        outputs[port] = { type: 'table', file };
      }
      const entry: Entry = { key: result.key, outputs, warnings: result.warnings, report: result.report };
      writeFileSync(path, JSON.stringify(entry));
      if (old) this.dropTables(old);
    }
  }

  private dropTables(entry: Entry): void {
    const files = new Set(readdirSync(join(this.dir, 'tables')));
    for (const value of Object.values(entry.outputs))
      for (const name of [
        'file' in value ? value.file : undefined,
        'weights' in value ? value.weights : undefined,
      ])
        if (name && files.has(name)) rmSync(join(this.dir, 'tables', name), { force: true });
  }
}
