import type { GraphEdge, GraphNode, PipelineGraph } from '../../src/shared/graph-types';
import type { EngineEvent } from '../../src/shared/protocol';
import { arrowRows } from '../arrow-rows';
import type { DuckBackend } from '../duck-backend';
import { Engine } from '../engine';
import { InProcessModels } from './in-process-models';
import { NodeDuckBackend } from './node-duck';

/** An engine over Node DuckDB-WASM plus helpers to run graphs and read tables in tests. */
export async function createTestEngine() {
  return createTestEngineOn(await NodeDuckBackend.create());
}

/** A DuckDB backend tests can put files into. */
export interface TestDuck extends DuckBackend {
  addFile(name: string, content: string | Uint8Array): void;
  close(): void;
}

/** The same test engine over another backend (e.g. native DuckDB, workers/native/). */
export async function createTestEngineOn<D extends TestDuck>(duck: D) {
  const models = new InProcessModels();
  const engine = new Engine(duck, (name) => (duck.hasFile(name) ? name : ''), models);
  return {
    duck,
    engine,
    /** The training runtime, in process (TF.js wasm backend). */
    models,
    /** Run a graph and return every event, plus the last status per node. */
    async run(graph: PipelineGraph | { nodes: GraphNode[]; edges: GraphEdge[] }, targets?: string[]) {
      const events: EngineEvent[] = [];
      await engine.run({ name: 't', ...graph }, (e) => events.push(e), targets ? { targets } : {});
      const status: Record<string, string> = {};
      const message: Record<string, string> = {};
      for (const e of events) {
        if (e.type === 'node-done') status[e.nodeId] = e.warnings.length ? 'warning' : 'done';
        else if (e.type === 'node-cached') status[e.nodeId] = 'cached';
        else if (e.type === 'node-failed') {
          status[e.nodeId] = 'error';
          message[e.nodeId] = e.message;
        } else if (e.type === 'node-blocked') {
          status[e.nodeId] = 'blocked';
          message[e.nodeId] = e.message;
        }
      }
      return { events, status, message };
    },
    /** All rows of a node's output table, as null-prototype objects keyed by column name. */
    async rows(nodeId: string, port = 'out', orderBy?: string): Promise<Record<string, unknown>[]> {
      const value = engine.cache.get(nodeId)?.outputs[port];
      if (value?.type !== 'table') throw new Error(`no table ${nodeId}.${port}`);
      const t = await duck.query(`SELECT * FROM "${value.table}"${orderBy ? ` ORDER BY ${orderBy}` : ''}`);
      return arrowRows(t);
    },
    close: () => duck.close(),
  };
}

let counter = 0;
/** A node for a test graph with an auto id. */
export function node(kind: string, params: Record<string, unknown> = {}, id = `n${++counter}`): GraphNode {
  return { id, kind, params, position: { x: 0, y: 0 } };
}

/** An edge between two test nodes' default ports. */
export function edge(source: string, target: string, sourcePort = 'out', targetPort = 'in'): GraphEdge {
  return { source, sourcePort, target, targetPort };
}
