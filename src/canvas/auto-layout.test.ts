import { describe, expect, it } from 'vitest';
import { boxesOverlap } from '../graph/paste';
import { layoutPipeline } from './auto-layout';

const node = (id: string, x: number, y: number) => ({
  id,
  width: 236,
  height: 120,
  inputs: ['in'],
  outputs: ['out'],
  position: { x, y },
});

describe('layoutPipeline', () => {
  it('moves piled-up nodes apart, left to right along the edges', async () => {
    const nodes = [node('a', 100, 100), node('b', 110, 110), node('c', 120, 120), node('d', 115, 105)];
    const edges = [
      { source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' },
      { source: 'b', sourcePort: 'out', target: 'c', targetPort: 'in' },
      { source: 'a', sourcePort: 'out', target: 'd', targetPort: 'in2' },
    ];
    const at = await layoutPipeline(nodes, edges);
    const boxes = nodes.map((n) => ({
      id: n.id,
      ...(at[n.id] ?? { x: NaN, y: NaN }),
      width: 236,
      height: 120,
    }));
    for (const a of boxes)
      for (const b of boxes) if (a.id !== b.id) expect(boxesOverlap(a, b), `${a.id} / ${b.id}`).toBe(false);
    expect(at.a?.x).toBeLessThan(at.b?.x ?? 0);
    expect(at.b?.x).toBeLessThan(at.c?.x ?? 0);
    // The layout stays where the graph was.
    expect(Math.min(...boxes.map((b) => b.x))).toBe(100);
    expect(Math.min(...boxes.map((b) => b.y))).toBe(100);
  });

  it('lays out nothing for an empty graph', async () => {
    expect(await layoutPipeline([], [])).toEqual({});
  });
});
