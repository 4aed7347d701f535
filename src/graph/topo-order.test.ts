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
