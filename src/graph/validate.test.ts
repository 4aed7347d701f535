import { describe, expect, it } from 'vitest';
import { getKind } from '../nodes/registry';
import type { GraphEdge, GraphNode } from '../shared/graph-types';
import { validateGraph } from './validate';

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

describe('validateGraph', () => {
  it('accepts a valid chain', () => {
    const nodes = [n('a', 'ingest.sample'), n('b', 'clean.filter'), n('c', 'export.data')];
    expect(validateGraph(nodes, [e('a', 'b'), e('b', 'c')], getKind)).toEqual([]);
  });
  it('names unknown kinds', () => {
    const issues = validateGraph([n('z', 'clean.teleport')], [], getKind);
    expect(issues).toEqual([
      { nodeId: 'z', field: 'kind', message: 'node "z" has unknown kind "clean.teleport"' },
    ]);
  });
  it('names unknown ports', () => {
    const issues = validateGraph(
      [n('a', 'ingest.sample'), n('b', 'clean.filter')],
      [e('a', 'b', 'out', 'nope')],
      getKind,
    );
    expect(issues[0]?.message).toMatch(/node "b" \(clean.filter\) has no input port "nope"/);
  });
  it('names invalid params with node and field', () => {
    const issues = validateGraph([n('s', 'ingest.sample', { rows: 'many' })], [], getKind);
    expect(issues[0]).toMatchObject({ nodeId: 's', field: 'rows' });
    expect(issues[0]?.message).toMatch(/node "s" \(ingest.sample\): param "rows"/);
  });
  it('refuses cycles', () => {
    const nodes = [n('a', 'clean.filter'), n('b', 'clean.filter')];
    const issues = validateGraph(nodes, [e('a', 'b'), e('b', 'a')], getKind);
    expect(issues.some((i) => /cycle/.test(i.message))).toBe(true);
  });
  it('refuses two edges into one input', () => {
    const nodes = [n('a', 'ingest.sample'), n('b', 'ingest.sample'), n('c', 'clean.filter')];
    const issues = validateGraph(nodes, [e('a', 'c'), e('b', 'c')], getKind);
    expect(issues[0]?.message).toMatch(/more than one edge/);
  });
});
