import { expect } from 'vitest';
import { getKind } from '../src/nodes/registry';
import { quoteIdent } from '../src/nodes/sql-util';
import type { PipelineGraph } from '../src/shared/graph-types';
import type { TableHandle } from '../src/shared/values';
import { arrowRows } from '../workers/arrow-rows';
import type { createTestEngine, createTestEngineOn } from '../workers/testing/test-engine';
import { predictExported } from './exported-predictions';

// Test-only: run one graph in the browser's engine (DuckDB-WASM) and the command line's
// (native DuckDB) and compare what each node gave.

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;

/** One row of aggregates over a table: per column non-null count and sum or distinct count. */
function aggregateSql(handle: TableHandle): string {
  const parts = ['count(*)::DOUBLE AS "rows"'];
  handle.columns.forEach((c, i) => {
    const col = quoteIdent(c.name);
    parts.push(`count(${col})::DOUBLE AS "n${i}"`);
    parts.push(
      NUMERIC.test(c.type)
        ? `sum(${col})::DOUBLE AS "s${i}"`
        : `count(DISTINCT ${col}::VARCHAR)::DOUBLE AS "s${i}"`,
    );
  });
  return `SELECT ${parts.join(', ')} FROM ${quoteIdent(handle.table)}`;
}

export type Engine =
  | Awaited<ReturnType<typeof createTestEngine>>
  | Awaited<ReturnType<typeof createTestEngineOn>>;

/** Per node: status, and per output port its column types and aggregates, or metrics. */
export async function outcome(t: Engine, graph: PipelineGraph) {
  const r = await t.run(graph);
  const nodes: Record<string, unknown> = {};
  for (const node of graph.nodes) {
    const result = t.engine.cache.get(node.id);
    const ports: Record<string, unknown> = {};
    for (const [port, v] of Object.entries(result?.outputs ?? {})) {
      if (v.type === 'table')
        ports[port] = {
          columns: v.columns.map((c) => c.name),
          aggregates: arrowRows(await t.duck.query(aggregateSql(v)))[0],
        };
      else if (v.type === 'metrics') ports[port] = v.values;
    }
    nodes[node.id] = { status: r.status[node.id], message: r.message[node.id], ports };
  }
  return nodes;
}

/** Nodes that train a model (a model output and a `train` input), with the table they trained on. */
export function trainers(graph: PipelineGraph) {
  return graph.nodes.flatMap((n) => {
    const kind = getKind(n.kind);
    const modelPort = Object.entries(kind?.outputs ?? {}).find(([, p]) => p.type === 'model')?.[0];
    const input = graph.edges.find((e) => e.target === n.id && e.targetPort === 'train');
    return modelPort && input ? [{ id: n.id, input }] : [];
  });
}

/** Each trainer's exported zip, read right after the run (the next run replaces the cache). */
export async function exportsOf(t: Engine, graph: PipelineGraph): Promise<Record<string, Uint8Array>> {
  const zips: Record<string, Uint8Array> = {};
  for (const { id } of trainers(graph)) zips[id] = await t.engine.exportModel(id);
  return zips;
}

/** Up to 300 rows of the table a trainer trained on, from one engine, for both models to score. */
export async function scoringRows(t: Engine, input: PipelineGraph['edges'][number]) {
  const value = t.engine.cache.get(input.source)?.outputs[input.sourcePort];
  if (value?.type !== 'table') throw new Error(`no table ${input.source}.${input.sourcePort}`);
  return arrowRows(await t.duck.query(`SELECT * FROM ${quoteIdent(value.table)} LIMIT 300`));
}

/** Largest difference between predictions allowed for models exported from the two engines. */
export const PREDICTION_TOLERANCE = 1e-5;

/** Relative difference allowed between sums (the two engines add in different orders). */
export const SUM_TOLERANCE = 1e-9;
/** Absolute difference allowed between seeded model metrics. */
export const METRIC_TOLERANCE = 1e-3;

export function compare(wasm: unknown, native: unknown, path: string, tolerance: number): void {
  if (typeof wasm === 'number' && typeof native === 'number') {
    const scale = tolerance === SUM_TOLERANCE ? Math.max(1, Math.abs(wasm)) : 1;
    expect(Math.abs(wasm - native) / scale, `${path}: wasm ${wasm}, native ${native}`).toBeLessThanOrEqual(
      tolerance,
    );
    return;
  }
  if (wasm && native && typeof wasm === 'object' && typeof native === 'object') {
    expect(Object.keys(native).sort(), `${path}: keys`).toEqual(Object.keys(wasm).sort());
    for (const key of Object.keys(wasm)) {
      const next = `${path}.${key}`;
      const inMetrics = /\.ports\.(metrics|report)/.test(next) || tolerance === METRIC_TOLERANCE;
      compare(
        (wasm as Record<string, unknown>)[key],
        (native as Record<string, unknown>)[key],
        next,
        inMetrics ? METRIC_TOLERANCE : SUM_TOLERANCE,
      );
    }
    return;
  }
  expect(native, path).toEqual(wasm);
}

/** Every trainer's exported model from both runs predicts the same on the same rows. */
export async function expectSamePredictions(
  label: string,
  aZips: Record<string, Uint8Array>,
  bZips: Record<string, Uint8Array>,
  rows: Record<string, Record<string, unknown>[]>,
): Promise<void> {
  for (const id of Object.keys(aZips)) {
    const p = await predictExported(aZips[id] as Uint8Array, rows[id] ?? []);
    const q = await predictExported(bZips[id] as Uint8Array, rows[id] ?? []);
    expect(q.values.length, `${id}: outputs`).toBe(p.values.length);
    expect(p.values.length, `${id}: some predictions`).toBeGreaterThan(0);
    let worst = 0;
    p.values.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - (q.values[i] as number)));
    });
    expect(worst, `${label}.${id} (${p.family}): max |wasm − native| prediction`).toBeLessThanOrEqual(
      PREDICTION_TOLERANCE,
    );
  }
}

/** Run `graph` in both engines; compare every node's tables and metrics, and its exported models. */
export async function expectSameAnswers(label: string, wasm: Engine, native: Engine, graph: PipelineGraph) {
  const a = await outcome(wasm, graph);
  const aZips = await exportsOf(wasm, graph);
  const rows = Object.fromEntries(
    await Promise.all(trainers(graph).map(async (m) => [m.id, await scoringRows(wasm, m.input)] as const)),
  );
  const b = await outcome(native, graph);
  const bZips = await exportsOf(native, graph);
  compare(a, b, label, SUM_TOLERANCE);
  await expectSamePredictions(label, aZips, bZips, rows);
  return a;
}
