import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NodeKind, RunContext } from '../../src/nodes/define-node-kind';
import type { GraphEdge, GraphNode } from '../../src/shared/graph-types';
import type { EngineEvent } from '../../src/shared/protocol';
import type { PortValue } from '../../src/shared/values';
import { nodeKey } from './node-key';
import { type RunState, runNode } from './run-node';
import type { CachedResult } from './types';

const table = (name: string): PortValue => ({ type: 'table', table: name, rowCount: 1, columns: [] });

/** A kind with one input and one output, running `run`. */
function kind(run: NodeKind['run'], inputs: NodeKind['inputs'] = { in: { type: 'table' } }): NodeKind {
  // Only the fields the executor reads; the rest of a kind (UI, actions) plays no part here.
  return {
    kind: 'test.kind',
    version: 1,
    title: 'Test kind',
    inputs,
    outputs: { out: { type: 'table' } },
    deterministic: true,
    paramsSchema: z.object({}),
    run,
  } as unknown as NodeKind;
}

function setup(k: NodeKind, options: { edges?: GraphEdge[]; upstream?: boolean; signal?: AbortSignal } = {}) {
  const events: EngineEvent[] = [];
  const evicted: string[] = [];
  const cache = new Map<string, CachedResult>();
  const nodes: GraphNode[] = [
    { id: 'up', kind: 'test.kind', params: {}, position: { x: 0, y: 0 } } as GraphNode,
    { id: 'n', kind: 'test.kind', params: {}, position: { x: 0, y: 0 } } as GraphNode,
  ];
  const edges = options.edges ?? [{ source: 'up', sourcePort: 'out', target: 'n', targetPort: 'in' }];
  const state: RunState = {
    runId: 1,
    deps: {
      lookup: (name) => (name === 'test.kind' ? k : undefined),
      makeContext: (_node, hooks) => hooks as unknown as RunContext,
      keyExtra: () => '',
      cache,
      onEvict: (id) => evicted.push(id),
    },
    emit: (e) => events.push(e),
    signal: options.signal ?? new AbortController().signal,
    now: () => 0,
    byId: new Map(nodes.map((n) => [n.id, n])),
    inputEdge: (id, port) => edges.find((e) => e.target === id && e.targetPort === port),
    targetsOf: new Map(),
    leaks: new Map(),
    failed: new Set(),
    outputs: new Map(options.upstream === false ? [] : [['up', { out: table('t_up') }]]),
    keys: new Map([['up', 'KUP']]),
    anyError: false,
  };
  const types = () => events.map((e) => e.type);
  return { state, events, evicted, cache, types };
}

describe('runNode', () => {
  it('runs a node whose inputs are ready, caching and reporting its result', async () => {
    const t = setup(kind(async ({ inputs }) => ({ out: inputs.in as PortValue })));
    await runNode(t.state, 'n');
    expect(t.types()).toEqual(['node-started', 'node-done']);
    expect(t.state.outputs.get('n')).toEqual({ out: table('t_up') });
    expect(t.cache.get('n')?.key).toBe(t.state.keys.get('n'));
  });

  it('blocks a node whose upstream failed, naming it by its title', async () => {
    const t = setup(
      kind(async () => ({ out: table('x') })),
      { upstream: false },
    );
    await runNode(t.state, 'n');
    expect(t.events).toEqual([
      {
        type: 'node-blocked',
        runId: 1,
        nodeId: 'n',
        message: 'Not run: its input from "Test kind" (up) failed.',
      },
    ]);
    expect(t.state.failed.has('n')).toBe(true);
    expect(t.state.anyError).toBe(false);
  });

  it('serves a result cached under the same key without running', async () => {
    let runs = 0;
    const t = setup(
      kind(async () => {
        runs++;
        return { out: table('x') };
      }),
    );
    const key = await nodeKey({
      kind: { kind: 'test.kind', version: 1, deterministic: true },
      params: {},
      inputKeys: { in: 'KUP#out' },
      extra: '',
      targets: [],
    });
    t.cache.set('n', { key, outputs: { out: table('t_old') }, warnings: [] });
    await runNode(t.state, 'n');
    expect(runs).toBe(0);
    expect(t.types()).toEqual(['node-cached']);
  });

  it('fails a node that throws and drops its old result', async () => {
    const t = setup(
      kind(async () => {
        throw new Error('boom');
      }),
    );
    t.cache.set('n', { key: 'old', outputs: {}, warnings: [] });
    await runNode(t.state, 'n');
    expect(t.events.at(-1)).toMatchObject({ type: 'node-failed', nodeId: 'n', message: 'boom' });
    expect(t.evicted).toEqual(['n']);
    expect(t.state.anyError).toBe(true);
  });

  it('a node cancelled while it runs goes back to idle: blocked, its old result dropped, no error', async () => {
    const abort = new AbortController();
    const t = setup(
      kind(() => {
        abort.abort();
        return new Promise<never>(() => undefined);
      }),
      { signal: abort.signal },
    );
    t.cache.set('n', { key: 'old', outputs: {}, warnings: [] });
    await runNode(t.state, 'n');
    expect(t.events.at(-1)).toMatchObject({ type: 'node-blocked', nodeId: 'n', message: 'Run cancelled.' });
    expect(t.evicted).toEqual(['n']);
    expect(t.state.anyError).toBe(false);
  });
});
