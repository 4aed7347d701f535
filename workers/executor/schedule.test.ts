import { describe, expect, it } from 'vitest';
import { edgesBy } from '../../src/graph/topo-order';
import type { GraphEdge } from '../../src/shared/graph-types';
import { runScheduled } from './schedule';

const e = (source: string, target: string): GraphEdge => ({
  source,
  sourcePort: 'out',
  target,
  targetPort: 'in',
});

function plan(order: string[], edges: GraphEdge[], failed = new Set<string>(), inScope = new Set(order)) {
  return { order, inScope, incoming: edgesBy(edges, 'target'), outgoing: edgesBy(edges, 'source'), failed };
}

/** Records starts and ends; each node finishes when the test says. */
function recorder() {
  const log: string[] = [];
  const finish = new Map<string, () => void>();
  let running = 0;
  let peak = 0;
  const run = (id: string) =>
    new Promise<void>((resolve) => {
      log.push(`start ${id}`);
      peak = Math.max(peak, ++running);
      finish.set(id, () => {
        running--;
        log.push(`end ${id}`);
        resolve();
      });
    });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { log, finish, run, tick, peak: () => peak };
}

describe('runScheduled', () => {
  it('starts a node only after every in-scope node feeding it has settled', async () => {
    const r = recorder();
    const done = runScheduled(plan(['a', 'b', 'c'], [e('a', 'c'), e('b', 'c')]), r.run);
    await r.tick();
    expect(r.log).toEqual(['start a', 'start b']);
    r.finish.get('a')?.();
    await r.tick();
    expect(r.log).not.toContain('start c');
    r.finish.get('b')?.();
    await r.tick();
    expect(r.log.at(-1)).toBe('start c');
    r.finish.get('c')?.();
    await done;
  });

  it('runs at most maxConcurrent nodes at once, in topological order', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const started: string[] = [];
    let running = 0;
    let peak = 0;
    await runScheduled(
      plan(ids, []),
      async (id) => {
        started.push(id);
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 1));
        running--;
      },
      2,
    );
    expect(started).toEqual(ids);
    expect(peak).toBe(2);
  });

  it('never starts a node failed before the run, but still starts its dependents', async () => {
    const started: string[] = [];
    await runScheduled(plan(['a', 'b'], [e('a', 'b')], new Set(['a'])), async (id) => {
      started.push(id);
    });
    expect(started).toEqual(['b']);
  });

  it('ignores edges from nodes out of scope', async () => {
    const started: string[] = [];
    await runScheduled(plan(['b'], [e('a', 'b')], new Set(), new Set(['b'])), async (id) => {
      started.push(id);
    });
    expect(started).toEqual(['b']);
  });

  it('ends (starting nothing) when the only nodes are on a cycle', async () => {
    const started: string[] = [];
    await runScheduled(plan(['a', 'b'], [e('a', 'b'), e('b', 'a')], new Set(['a', 'b'])), async (id) => {
      started.push(id);
    });
    expect(started).toEqual([]);
  });
});
