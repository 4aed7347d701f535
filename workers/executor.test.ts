import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageOf } from './executor';
import { outputTableName } from './internal-names';
import { createTestEngine, edge, node } from './testing/test-engine';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

describe('executor', () => {
  it('runs a chain in order and reports row counts', async () => {
    const a = node('ingest.sample', { rows: 1000 });
    const b = node('clean.filter', { where: 'temperature > 60' });
    const c = node('transform.sql', { sql: 'SELECT sensor_id, count(*) AS n FROM input GROUP BY ALL' });
    const r = await t.run({ nodes: [c, b, a], edges: [edge(a.id, b.id), edge(b.id, c.id)] });
    const started = r.events
      .filter((e) => e.type === 'node-started')
      .map((e) => e.type === 'node-started' && e.nodeId);
    expect(started).toEqual([a.id, b.id, c.id]);
    expect(r.status).toEqual({ [a.id]: 'done', [b.id]: 'done', [c.id]: 'done' });
    const rows = await t.rows(c.id, 'out', 'sensor_id');
    expect(rows).toHaveLength(20);
  });

  it('fails a bad SQL node alone: independent nodes run, dependents are blocked', async () => {
    const a = node('ingest.sample', { rows: 100 });
    const bad = node('transform.sql', { sql: 'SELEC nonsense FROM input' });
    const after = node('clean.filter');
    const good = node('transform.sql', { sql: 'SELECT count(*) AS n FROM input' });
    const r = await t.run({
      nodes: [a, bad, after, good],
      edges: [edge(a.id, bad.id), edge(bad.id, after.id), edge(a.id, good.id)],
    });
    expect(r.status[bad.id]).toBe('error');
    expect(r.message[bad.id]).toMatch(/syntax error/i);
    expect(r.status[after.id]).toBe('blocked');
    expect(r.status[good.id]).toBe('done');
  });

  it('reports a missing input and an unknown column clearly', async () => {
    const lonely = node('clean.filter');
    const a = node('ingest.sample', { rows: 10 });
    const f = node('clean.filter', { where: 'no_such_col > 1' });
    const r = await t.run({ nodes: [lonely, a, f], edges: [edge(a.id, f.id)] });
    expect(r.message[lonely.id]).toBe('Input "in" is not connected.');
    expect(r.message[f.id]).toMatch(/no_such_col/);
  });

  it('re-runs only what changed and drops results of deleted nodes', async () => {
    const a = node('ingest.sample', { rows: 500 });
    const b = node('clean.filter', { where: 'temperature > 0' });
    const c = node('transform.sql', { sql: 'SELECT count(*) AS n FROM input' });
    const graph = { nodes: [a, b, c], edges: [edge(a.id, b.id), edge(b.id, c.id)] };
    await t.run(graph);
    const again = await t.run({
      ...graph,
      nodes: [a, b, { ...c, params: { sql: 'SELECT 1 AS one FROM input' } }],
    });
    expect(again.status).toEqual({ [a.id]: 'cached', [b.id]: 'cached', [c.id]: 'done' });
    await t.run({ nodes: [a], edges: [] });
    expect(t.engine.cache.has(b.id)).toBe(false);
    const tables = await t.duck.query(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = '${outputTableName(b.id, 'out')}'`,
    );
    expect(tables.get(0)?.toJSON().n).toBe(0);
  });

  it('runs only the targets and their upstream', async () => {
    const a = node('ingest.sample', { rows: 10 });
    const b = node('clean.filter');
    const other = node('ingest.sample', { rows: 10, seed: 3 });
    const r = await t.run({ nodes: [a, b, other], edges: [edge(a.id, b.id)] }, [a.id]);
    expect(Object.keys(r.status)).toEqual([a.id]);
  });

  it('fails nodes on a cycle without running them', async () => {
    const x = node('clean.filter');
    const y = node('clean.filter');
    const r = await t.run({ nodes: [x, y], edges: [edge(x.id, y.id), edge(y.id, x.id)] });
    expect(r.message[x.id]).toMatch(/cycle/);
  });
});

describe('engine lockdown', () => {
  it.each([
    ["SELECT * FROM read_csv('/etc/passwd')"],
    ["SELECT * FROM read_csv('http://example.com/data.csv')"],
    ["SELECT * FROM read_csv('/pipewright/files/../../etc/passwd')"],
  ])('refuses %s with an explanation', async (sql) => {
    const s = node('transform.sql', { sql });
    const src = node('ingest.sample', { rows: 1 });
    const r = await t.run({ nodes: [src, s], edges: [edge(src.id, s.id)] });
    expect(r.message[s.id]).toMatch(/reading files or URLs from SQL is not allowed/i);
  });
  it('cannot run statements other than a query, nor reopen access', async () => {
    const src = node('ingest.sample', { rows: 1 });
    const bad = ['SET enable_external_access = true', "ATTACH 'x.db'", "COPY input TO '/tmp/x.csv'"].map(
      (sql) => node('transform.sql', { sql }),
    );
    const r = await t.run({ nodes: [src, ...bad], edges: bad.map((b) => edge(src.id, b.id)) });
    for (const b of bad) expect(r.status[b.id]).toBe('error');
    await expect(t.duck.query('SET enable_external_access = true')).rejects.toThrow(/locked/i);
  });
});

describe('cancel', () => {
  it('frees a node stuck in a long statement at once and caches nothing', async () => {
    const { executeGraph } = await import('./executor');
    const { getKind } = await import('../src/nodes/registry');
    const slow = node('transform.sql', { sql: 'SELECT 1' });
    const controller = new AbortController();
    const events: string[] = [];
    const cache = new Map();
    const never = new Promise<never>(() => {});
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const status = await executeGraph(
      { name: 't', nodes: [{ ...slow, kind: 'transform.sql' }], edges: [] },
      {
        lookup: (k) => {
          const kind = getKind(k);
          return kind && { ...kind, inputs: {}, run: () => never };
        },
        makeContext: () => ({}) as never,
        keyExtra: () => '',
        cache,
      },
      (e) => events.push(e.type === 'node-blocked' ? `blocked:${e.message}` : e.type),
      controller.signal,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(status).toBe('cancelled');
    expect(events).toContain('blocked:Run cancelled.');
    expect(cache.size).toBe(0);
  });
});

describe('retries', () => {
  it('re-runs a failing node up to its retries and logs each attempt', async () => {
    const { executeGraph } = await import('./executor');
    const { getKind } = await import('../src/nodes/registry');
    const run = async (retries: number, failures: number) => {
      let calls = 0;
      const events: import('../src/shared/protocol').EngineEvent[] = [];
      const flaky = { ...node('transform.sql', { sql: 'SELECT 1' }), retries };
      await executeGraph(
        { name: 't', nodes: [flaky], edges: [] },
        {
          lookup: (k) => {
            const kind = getKind(k);
            return (
              kind && {
                ...kind,
                inputs: {},
                run: async () => {
                  calls++;
                  if (calls <= failures) throw new Error(`flake ${calls}`);
                  return {};
                },
              }
            );
          },
          makeContext: () => ({}) as never,
          keyExtra: () => '',
          cache: new Map(),
        },
        (e) => events.push(e),
        new AbortController().signal,
      );
      return { calls, types: events.map((e) => (e.type === 'node-log' ? e.message : e.type)) };
    };
    const ok = await run(2, 2);
    expect(ok.calls).toBe(3);
    expect(ok.types).toContain('attempt 1 of 3 failed (flake 1); retrying');
    expect(ok.types).toContain('node-done');
    const fails = await run(1, 5);
    expect(fails.calls).toBe(2);
    expect(fails.types).toContain('node-failed');
  });
});

describe('concurrency', () => {
  it('runs independent branches at the same time, and a node only after its inputs', async () => {
    const { executeGraph } = await import('./executor');
    const { getKind } = await import('../src/nodes/registry');
    const slow = node('ingest.sample', {}, 'slow');
    const fast = node('ingest.sample', {}, 'fast');
    const after = node('clean.filter', {}, 'after');
    const order: string[] = [];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const table = { type: 'table' as const, table: 't', columns: [], rowCount: 0 };
    await executeGraph(
      { name: 't', nodes: [slow, fast, after], edges: [edge('slow', 'after')] },
      {
        lookup: (k) => {
          const kind = getKind(k);
          return (
            kind && {
              ...kind,
              run: async ({ ctx }) => {
                await sleep(ctx.nodeId === 'slow' ? 150 : 10);
                return { out: table };
              },
            }
          );
        },
        makeContext: (n) => ({ nodeId: n.id }) as never,
        keyExtra: () => '',
        cache: new Map(),
      },
      (e) => {
        if (e.type === 'node-started' || e.type === 'node-done') order.push(`${e.type.slice(5)}:${e.nodeId}`);
      },
      new AbortController().signal,
    );
    expect(order).toEqual([
      'started:slow',
      'started:fast',
      'done:fast',
      'done:slow',
      'started:after',
      'done:after',
    ]);
  });
});

describe('graphs of any length and width', () => {
  /** `chains` parallel chains of `length` nodes: an ingest.sample then clean.filter nodes. */
  const chains = (count: number, length: number) => {
    const nodes: ReturnType<typeof node>[] = [];
    const edges: ReturnType<typeof edge>[] = [];
    for (let c = 0; c < count; c++) {
      let prev = node('ingest.sample', { rows: 5, seed: c });
      nodes.push(prev);
      for (let i = 1; i < length; i++) {
        const next = node('clean.filter', { where: `temperature > ${-i}` });
        nodes.push(next);
        edges.push(edge(prev.id, next.id));
        prev = next;
      }
    }
    return { nodes, edges };
  };

  // The cache key used to nest each upstream key verbatim, doubling per step: a 27-node
  // chain failed with "RangeError: Invalid string length".
  it('runs a 200-node linear chain to done, then re-runs only an edited last node', async () => {
    const graph = chains(1, 200);
    const r = await t.run(graph);
    expect(Object.values(r.status)).toHaveLength(200);
    expect(new Set(Object.values(r.status))).toEqual(new Set(['done']));
    const last = graph.nodes[199] as ReturnType<typeof node>;
    const edited = {
      ...graph,
      nodes: [...graph.nodes.slice(0, 199), { ...last, params: { where: 'true' } }],
    };
    const again = await t.run(edited);
    expect(
      again.events.filter((e) => e.type === 'node-started').map((e) => 'nodeId' in e && e.nodeId),
    ).toEqual([last.id]);
    expect(again.status[last.id]).toBe('done');
    expect(Object.values(again.status).filter((s) => s === 'cached')).toHaveLength(199);
  }, 120_000);

  it('runs 1,000 nodes as 100 parallel 10-node chains to done', async () => {
    const graph = chains(100, 10);
    const r = await t.run(graph);
    expect(Object.values(r.status)).toHaveLength(1000);
    expect(new Set(Object.values(r.status))).toEqual(new Set(['done']));
    const rows = await t.rows((graph.nodes[999] as ReturnType<typeof node>).id);
    expect(rows).toHaveLength(5);
  }, 240_000);

  it('schedules 5,000 instant nodes (a chain and a fan) in linear time', async () => {
    const { executeGraph } = await import('./executor');
    const { getKind } = await import('../src/nodes/registry');
    const table = { type: 'table' as const, table: 't', columns: [], rowCount: 0 };
    const run = async (graph: { nodes: ReturnType<typeof node>[]; edges: ReturnType<typeof edge>[] }) => {
      const done: string[] = [];
      const controller = new AbortController();
      const status = await executeGraph(
        { name: 't', ...graph },
        {
          lookup: (k) => {
            const kind = getKind(k);
            return kind && { ...kind, run: async () => ({ out: table }) };
          },
          makeContext: (n) => ({ nodeId: n.id }) as never,
          keyExtra: () => '',
          cache: new Map(),
        },
        (e) => {
          if (e.type === 'node-done') done.push(e.nodeId);
        },
        controller.signal,
      );
      return { status, done, listeners: getEventListeners(controller.signal, 'abort').length };
    };
    const chain = chains(1, 5000);
    const root = node('ingest.sample');
    const fan = { nodes: [root], edges: [] as ReturnType<typeof edge>[] };
    for (let i = 0; i < 4999; i++) {
      const leaf = node('clean.filter');
      fan.nodes.push(leaf);
      fan.edges.push(edge(root.id, leaf.id));
    }
    const t0 = performance.now();
    for (const graph of [chain, fan]) {
      const r = await run(graph);
      expect(r.status).toBe('done');
      expect(r.done).toHaveLength(5000);
      // Each node's abort listener used to stay on the run's signal: 5,000 of them.
      expect(r.listeners).toBe(0);
    }
    expect(performance.now() - t0).toBeLessThan(10_000);
  }, 60_000);
});

describe('messageOf', () => {
  it("shows DuckDB's JSON errors as its text, not as JSON", () => {
    expect(
      messageOf(
        new Error('{"exception_type":"Binder","exception_message":"Referenced column \\"x\\" not found"}'),
      ),
    ).toBe('Binder Error: Referenced column "x" not found');
    expect(messageOf(new Error('plain'))).toBe('plain');
    expect(messageOf('{"exception_type": broken')).toBe('{"exception_type": broken');
  });
});
