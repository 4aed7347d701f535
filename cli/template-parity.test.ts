import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../src/nodes/sql-util';
import type { PipelineGraph } from '../src/shared/graph-types';
import type { TableHandle } from '../src/shared/values';
import { TEMPLATES } from '../src/templates/templates';
import { arrowRows } from '../workers/arrow-rows';
import { NativeDuckBackend } from '../workers/native/duck-backend-native';
import { createTestEngine, createTestEngineOn } from '../workers/testing/test-engine';

// Every built-in template in the browser's engine (DuckDB-WASM 1.4.3, the build the app runs)
// and in the command line's (native DuckDB 1.5.6): the same executor, kinds and TF.js
// training, so every table must have the same rows and the same aggregates, and seeded
// models the same metrics. SQL the two DuckDB versions treat differently fails here.

/** Small enough to keep the test fast: fewer sample rows, fewer epochs. */
function shrink(graph: PipelineGraph): PipelineGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.kind === 'ingest.sample') return { ...n, params: { ...n.params, rows: 4000 } };
      if (n.kind === 'model.train') return { ...n, params: { ...n.params, epochs: 2 } };
      return n;
    }),
  };
}

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

type Engine = Awaited<ReturnType<typeof createTestEngine>> | Awaited<ReturnType<typeof createTestEngineOn>>;

/** Per node: status, and per output port its column types and aggregates, or metrics. */
async function outcome(t: Engine, graph: PipelineGraph) {
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

/** Relative difference allowed between sums (the two engines add in different orders). */
const SUM_TOLERANCE = 1e-9;
/** Absolute difference allowed between seeded model metrics. */
const METRIC_TOLERANCE = 1e-3;

function compare(wasm: unknown, native: unknown, path: string, tolerance: number): void {
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

let wasm: Engine;
let native: Engine;
beforeAll(async () => {
  wasm = await createTestEngine();
  native = await createTestEngineOn(await NativeDuckBackend.create({ threads: 2 }));
});
afterAll(() => {
  wasm.close();
  native.close();
});

describe('every template gives the same answers in the browser engine and the command line', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))(
    '%s',
    async (_, template) => {
      const graph = shrink(template.graph);
      const a = await outcome(wasm, graph);
      const b = await outcome(native, graph);
      for (const node of graph.nodes)
        expect((a[node.id] as { status?: string }).status, `${node.id} ran in DuckDB-WASM`).toMatch(
          /done|warning|cached/,
        );
      compare(a, b, template.id, SUM_TOLERANCE);
    },
    120_000,
  );
});
