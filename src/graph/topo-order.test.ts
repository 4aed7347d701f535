import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../shared/graph-types';
import { downstreamClosure, topoOrder, upstreamClosure, wouldCreateCycle } from './topo-order';

const e = (source: string, target: string): GraphEdge => ({
  source,
  sourcePort: 'out',
  target,
  targetPort: 'in',
});

describe('topoOrder', () => {
  it('puts every source before its targets', () => {
    const edges = [e('c', 'd'), e('a', 'b'), e('b', 'd'), e('a', 'c')];
    const { order, cycle } = topoOrder(['d', 'c', 'b', 'a'], edges);
    expect(cycle).toEqual([]);
    for (const edge of edges) expect(order.indexOf(edge.source)).toBeLessThan(order.indexOf(edge.target));
    expect(order).toHaveLength(4);
  });
  it('keeps the given order among independent nodes', () => {
    expect(topoOrder(['x', 'y', 'z'], []).order).toEqual(['x', 'y', 'z']);
  });
  it('reports the nodes of a cycle', () => {
    const { order, cycle } = topoOrder(['a', 'b', 'c'], [e('a', 'b'), e('b', 'c'), e('c', 'b')]);
    expect(order).toEqual(['a']);
    expect(cycle.sort()).toEqual(['b', 'c']);
  });
});

describe('reachability', () => {
  const edges = [e('a', 'b'), e('b', 'c'), e('x', 'c')];
  it('detects a closing edge', () => {
    expect(wouldCreateCycle(edges, { source: 'c', target: 'a' })).toBe(true);
    expect(wouldCreateCycle(edges, { source: 'a', target: 'a' })).toBe(true);
    expect(wouldCreateCycle(edges, { source: 'a', target: 'x' })).toBe(false);
  });
  it('finds upstream and downstream sets', () => {
    expect([...upstreamClosure(['c'], edges)].sort()).toEqual(['a', 'b', 'c', 'x']);
    expect([...downstreamClosure(['b'], edges)].sort()).toEqual(['b', 'c']);
  });
});

describe('large graphs', () => {
  // Each walk used to scan every edge per visited node: quadratic, minutes at this size.
  it('orders and walks a 100,000-node chain in linear time', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => e(ids[i] as string, id));
    const first = ids[0] as string;
    const last = ids[ids.length - 1] as string;
    const t0 = performance.now();
    expect(topoOrder([...ids].reverse(), edges).order[0]).toBe(first);
    expect(upstreamClosure([last], edges).size).toBe(ids.length);
    expect(downstreamClosure([first], edges).size).toBe(ids.length);
    expect(wouldCreateCycle(edges, { source: last, target: first })).toBe(true);
    expect(wouldCreateCycle(edges, { source: first, target: last })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
  it('orders a 100,000-node fan (one source, wide ready queue) in linear time', () => {
    const leaves = Array.from({ length: 100_000 }, (_, i) => `leaf${i}`);
    const t0 = performance.now();
    const { order } = topoOrder(
      ['root', ...leaves],
      leaves.map((l) => e('root', l)),
    );
    expect(order).toHaveLength(100_001);
    expect(order[1]).toBe('leaf0');
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
