import { afterAll, beforeAll, describe, it } from 'vitest';
import { graphFor, RUN_ELSEWHERE } from '../src/nodes/kind-test-graphs';
import { NODE_KINDS } from '../src/nodes/registry';
import { NativeDuckBackend } from '../workers/native/duck-backend-native';
import { createTestEngine, createTestEngineOn } from '../workers/testing/test-engine';
import { type Engine, expectSameAnswers } from './engine-parity';

// Every node kind on the registry test's small table (a NULL, a category, a timestamp, a 0/1
// target), in the browser's engine and the command line's: the cases the templates do not
// reach (joins, pivots, rolling windows, target encoding, charts, drift…) must agree too.

/** Kinds that read a workspace store (datasets, the model registry) or a database server. */
const NEEDS_A_STORE = new Set(['ingest.dataset', 'model.registered', ...Object.keys(RUN_ELSEWHERE)]);

let wasm: Engine;
let native: Engine;
beforeAll(async () => {
  wasm = await createTestEngine();
  native = await createTestEngineOn(await NativeDuckBackend.create({ threads: 2 }));
  for (const t of [wasm, native]) t.duck.addFile('small.csv', 'id,x,cat\n1,0.5,a\n2,1.5,b\n3,,a\n');
});
afterAll(() => {
  wasm.close();
  native.close();
});

describe('every kind gives the same answers in the browser engine and the command line', () => {
  for (const kind of NODE_KINDS.filter((k) => !NEEDS_A_STORE.has(k.kind)))
    it(kind.kind, async () => {
      const { nodes, edges } = graphFor(kind.kind);
      await expectSameAnswers(kind.kind, wasm, native, { name: kind.kind, nodes, edges });
    }, 60_000);
});
