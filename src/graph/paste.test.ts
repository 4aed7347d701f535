import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../shared/graph-types';
import { boxesOverlap, freshIds, preparePaste } from './paste';

const size = { width: 200, height: 100 };
const chain: PipelineGraph = {
  name: 'copy',
  nodes: [
    { id: 'n1', kind: 'ingest.sample', params: { rows: 10 }, position: { x: 0, y: 0 } },
    { id: 'n2', kind: 'clean.filter', params: { where: 'x > 1' }, position: { x: 260, y: 0 } },
    { id: 'n3', kind: 'transform.sql', params: { sql: 'SELECT 1' }, position: { x: 520, y: 0 } },
  ],
  edges: [
    { source: 'n1', sourcePort: 'out', target: 'n2', targetPort: 'in' },
    { source: 'n2', sourcePort: 'out', target: 'n3', targetPort: 'in' },
  ],
};

describe('freshIds', () => {
  it('skips ids in use', () => {
    expect(freshIds(3, ['n1', 'n3'], 1)).toEqual(['n2', 'n4', 'n5']);
  });
});

describe('preparePaste', () => {
  const originals = chain.nodes.map((n) => ({ id: n.id, ...n.position, ...size }));

  it('gives every node a fresh id and rewrites the edges to follow', () => {
    const { nodes, edges } = preparePaste(chain, originals, () => size);
    const ids = nodes.map((n) => n.id);
    expect(ids).toEqual(['n4', 'n5', 'n6']);
    expect(edges).toEqual([
      { source: 'n4', sourcePort: 'out', target: 'n5', targetPort: 'in' },
      { source: 'n5', sourcePort: 'out', target: 'n6', targetPort: 'in' },
    ]);
    expect(nodes.map((n) => n.kind)).toEqual(chain.nodes.map((n) => n.kind));
    expect(nodes[1]?.params).toEqual({ where: 'x > 1' });
  });

  it('moves the copy clear of the originals, keeping its shape', () => {
    const { nodes } = preparePaste(chain, originals, () => size);
    for (const n of nodes)
      for (const o of originals) expect(boxesOverlap({ ...n.position, ...size }, o)).toBe(false);
    const dy = (nodes[0]?.position.y ?? 0) - 0;
    expect(dy).toBeGreaterThanOrEqual(size.height);
    expect(nodes.map((n) => n.position.x)).toEqual([0, 260, 520]);
    expect(nodes.every((n) => n.position.y === dy)).toBe(true);
  });

  it('also clears other nodes in the way, and keeps positions where nothing is there', () => {
    const blocker = { id: 'b', x: 0, y: 120, width: 800, height: 300 };
    const { nodes } = preparePaste(chain, [...originals, blocker], () => size);
    expect(nodes[0]?.position.y).toBeGreaterThanOrEqual(420);
    expect(preparePaste(chain, [], () => size).nodes.map((n) => n.position)).toEqual(
      chain.nodes.map((n) => n.position),
    );
  });

  it('drops edges that leave the copied set', () => {
    const partial: PipelineGraph = { ...chain, nodes: chain.nodes.slice(0, 2) };
    const { edges } = preparePaste(partial, originals, () => size);
    expect(edges).toHaveLength(1);
  });
});
