import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../src/shared/graph-types';
import { TEMPLATES } from '../src/templates/templates';
import { NativeDuckBackend } from '../workers/native/duck-backend-native';
import { createTestEngine, createTestEngineOn } from '../workers/testing/test-engine';
import { type Engine, expectSameAnswers } from './engine-parity';

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
      const a = await expectSameAnswers(template.id, wasm, native, graph);
      for (const node of graph.nodes)
        expect((a[node.id] as { status?: string }).status, `${node.id} ran in DuckDB-WASM`).toMatch(
          /done|warning|cached/,
        );
    },
    120_000,
  );
});
