import { describe, expect, it } from 'vitest';
import type { NodeRole } from '../nodes/define-node-kind';
import type { GraphEdge, GraphNode } from '../shared/graph-types';
import { downstreamTargets, fitBeforeSplit } from './pipeline-roles';

const roles: Record<string, NodeRole | undefined> = {
  fit: 'fitted',
  model: 'model',
  split: 'split',
  sql: undefined,
};
const lookup = (kind: string) =>
  kind in roles ? { role: roles[kind], title: kind.toUpperCase() } : undefined;
const n = (id: string, kind: string, params: Record<string, unknown> = {}): GraphNode => ({
  id,
  kind,
  params,
  position: { x: 0, y: 0 },
});
const e = (source: string, target: string, sourcePort = 'out', targetPort = 'in'): GraphEdge => ({
  source,
  sourcePort,
  target,
  targetPort,
});

describe('downstreamTargets', () => {
  it('gives every node upstream of a model its target, through any path, once per target', () => {
    const nodes = [
      n('a', 'sql'),
      n('b', 'fit'),
      n('m1', 'model', { target: 'y' }),
      n('m2', 'model', { target: ' z ' }),
      n('m3', 'model', { target: 'y' }),
      n('c', 'fit'),
    ];
    const edges = [
      e('a', 'b'),
      e('b', 'm1', 'out', 'train'),
      e('a', 'm2', 'out', 'train'),
      e('b', 'm3', 'out', 'train'),
    ];
    const t = downstreamTargets(nodes, edges, lookup);
    expect(t.get('a')).toEqual(['y', 'z']);
    expect(t.get('b')).toEqual(['y']);
    expect(t.get('c')).toBeUndefined();
  });
});

describe('fitBeforeSplit', () => {
  it('flags a fitted node whose out reaches a split, and not one fed by the split', () => {
    const nodes = [n('f1', 'fit'), n('s1', 'sql'), n('sp', 'split'), n('f2', 'fit')];
    const edges = [
      e('f1', 's1'),
      e('s1', 'sp'),
      e('sp', 'f2', 'train', 'in'),
      e('sp', 'f2', 'test', 'apply'),
    ];
    const w = fitBeforeSplit(nodes, edges, lookup);
    expect([...w.keys()]).toEqual(['f1']);
    expect(w.get('f1')).toMatch(/"SPLIT" \(sp\) later makes test rows.*"apply\?" input/);
  });
});
