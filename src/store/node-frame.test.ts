import type { NodeChange } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import type { PwNode } from './flow-types';
import { fromPipelineGraph, toPipelineGraph } from './graph-convert';
import { CARD_WIDTH, estimatedFrame, forgetEstimates } from './node-frame';
import { createAppStore } from './store';

const graph = {
  name: 'g',
  nodes: [
    { id: 'a', kind: 'ingest.sample', params: {}, position: { x: 0, y: 0 } },
    { id: 'b', kind: 'transform.sql', params: {}, position: { x: 300, y: 0 } },
  ],
  edges: [{ source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' }],
};

describe('estimatedFrame', () => {
  // Without handles React Flow renders every card once to measure it, visible or not: a
  // 1,000-node import put all 1,000 cards in the page.
  it('gives every opened node handles for its ports, so off-screen cards need no render', () => {
    const { nodes } = fromPipelineGraph(graph);
    const sql = nodes.find((n) => n.id === 'b');
    expect(sql?.handles?.map((h) => `${h.type}:${h.id}`)).toEqual(['target:in', 'target:in2', 'source:out']);
    expect(sql?.handles?.find((h) => h.id === 'in2')?.y).toBeGreaterThan(sql?.handles?.[0]?.y ?? 0);
    expect(sql?.handles?.find((h) => h.id === 'out')?.x).toBeGreaterThan(CARD_WIDTH / 2);
  });

  // Fit View and the fit on opening waited for every node to be measured, which a node
  // never scrolled into view never was: the view stayed where it was.
  it('gives a size as measured, so fitting the view does not wait for every card', () => {
    const one = estimatedFrame('ingest.sample');
    const two = estimatedFrame('transform.sql');
    expect(one.measured).toEqual({ width: CARD_WIDTH, height: one.initialHeight });
    expect(two.initialHeight).toBeGreaterThan(one.initialHeight ?? Infinity);
  });

  it('leaves a node of an unknown kind to be measured', () => {
    expect(estimatedFrame('no.such.kind')).toEqual({});
  });

  it('is not saved: the pipeline file has only id, kind, params and position', () => {
    const { nodes, edges } = fromPipelineGraph(graph);
    expect(toPipelineGraph('g', nodes, edges)).toEqual(graph);
  });
});

describe('forgetEstimates', () => {
  const nodes = (): PwNode[] => fromPipelineGraph(graph).nodes;

  // Kept handles are read again, over the measured ones, whenever the node object changes.
  it('drops the estimated handles of a node measured at another size', () => {
    const changes: NodeChange<PwNode>[] = [
      { id: 'a', type: 'dimensions', dimensions: { width: 236, height: 90 } },
    ];
    const [a, b] = forgetEstimates(nodes(), changes);
    expect(a?.handles).toBeUndefined();
    expect(b?.handles).toBeDefined();
  });

  it('is what the store does with the measurements React Flow reports', () => {
    const store = createAppStore();
    store.getState().loadGraph(structuredClone(graph));
    store.getState().onNodesChange([{ id: 'a', type: 'dimensions', dimensions: { width: 236, height: 90 } }]);
    const [a, b] = store.getState().nodes;
    expect(a?.measured).toEqual({ width: 236, height: 90 });
    expect(a?.handles).toBeUndefined();
    expect(b?.handles).toBeDefined();
  });

  it('returns the same array when nothing was measured', () => {
    const list = nodes();
    expect(forgetEstimates(list, [{ id: 'a', type: 'select', selected: true }])).toBe(list);
  });
});
