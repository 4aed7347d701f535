import { beforeEach, describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../shared/graph-types';
import { createAppStore, useStore } from './store';

const graph: PipelineGraph = {
  name: 'Test',
  nodes: [
    {
      id: 'a',
      kind: 'ingest.sample',
      params: { dataset: 'sensors', rows: 100, seed: 1 },
      position: { x: 0, y: 0 },
    },
    { id: 'b', kind: 'clean.filter', params: { where: 'true' }, position: { x: 300, y: 0 } },
    { id: 'c', kind: 'transform.sql', params: { sql: 'SELECT * FROM input' }, position: { x: 600, y: 0 } },
  ],
  edges: [
    { source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' },
    { source: 'b', sourcePort: 'out', target: 'c', targetPort: 'in' },
  ],
};

const s = () => useStore.getState();
const file = () => JSON.stringify(s().graph());

function markDone(ids: string[]) {
  for (const nodeId of ids)
    s().applyEvent({ type: 'node-done', runId: 1, nodeId, outputs: {}, warnings: [], durationMs: 1 });
}

beforeEach(() => {
  useStore.setState({ nodes: [], edges: [], history: { past: [], future: [] } });
  s().loadGraph(structuredClone(graph));
});

describe('undo and redo in the store', () => {
  it('loading over an empty canvas is not an undo step, and marks the graph saved', () => {
    expect(s().history.past).toHaveLength(0);
    expect(s().hasUnsavedChanges()).toBe(false);
  });

  it('undoes and redoes a sequence of edits back to the same file', () => {
    const start = file();
    s().addNode('transform.sql', { x: 10, y: 300 });
    s().updateParams('b', { where: 'x > 2' });
    s().connect({ source: 'a', sourcePort: 'out', target: 'c', targetPort: 'in' });
    s().setName('Renamed');
    s().setName('Renamed again');
    const end = file();
    expect(s().history.past).toHaveLength(4);
    expect(s().hasUnsavedChanges()).toBe(true);
    for (let i = 0; i < 4; i++) s().undo();
    expect(file()).toBe(start);
    expect(s().hasUnsavedChanges()).toBe(false);
    for (let i = 0; i < 4; i++) s().redo();
    expect(file()).toBe(end);
  });

  it('marks what an undo changes stale, downstream included, and leaves the rest', () => {
    s().updateParams('b', { where: 'x > 2' });
    markDone(['a', 'b', 'c']);
    s().undo();
    expect(s().run.nodes.a?.status).toBe('done');
    expect(s().run.nodes.b?.status).toBe('stale');
    expect(s().run.nodes.c?.status).toBe('stale');
  });

  it('a drag is one step, committed at its end with the position from its start', () => {
    s().onNodesChange([{ id: 'a', type: 'position', position: { x: 5, y: 5 }, dragging: true }]);
    s().onNodesChange([{ id: 'a', type: 'position', position: { x: 50, y: 60 }, dragging: true }]);
    expect(s().history.past).toHaveLength(0);
    s().onNodesChange([{ id: 'a', type: 'position', position: { x: 50, y: 60 }, dragging: false }]);
    expect(s().history.past).toHaveLength(1);
    s().undo();
    expect(s().nodes.find((n) => n.id === 'a')?.position).toEqual({ x: 0, y: 0 });
  });

  it('a drag cut short by opening another graph leaves no drag base behind', () => {
    s().onNodesChange([{ id: 'a', type: 'position', position: { x: 5, y: 5 }, dragging: true }]);
    const other = { ...structuredClone(graph), name: 'Other' };
    s().loadGraph(other);
    // An arrow-key move: one step back to the graph as opened, not to the one the drag began in.
    s().onNodesChange([{ id: 'b', type: 'position', position: { x: 310, y: 0 } }]);
    s().undo();
    expect(s().name).toBe('Other');
    expect(s().nodes.find((n) => n.id === 'b')?.position).toEqual({ x: 300, y: 0 });
    expect(s().nodes.find((n) => n.id === 'a')?.position).toEqual({ x: 0, y: 0 });
  });

  it('two stores keep their drags apart', () => {
    const one = createAppStore();
    const two = createAppStore();
    one.getState().loadGraph(structuredClone(graph));
    two.getState().loadGraph({ ...structuredClone(graph), name: 'Two' });
    one.getState().onNodesChange([{ id: 'a', type: 'position', position: { x: 5, y: 5 }, dragging: true }]);
    two.getState().onNodesChange([{ id: 'c', type: 'position', position: { x: 620, y: 0 } }]);
    two.getState().undo();
    expect(two.getState().name).toBe('Two');
    expect(two.getState().nodes.find((n) => n.id === 'c')?.position).toEqual({ x: 600, y: 0 });
    one
      .getState()
      .onNodesChange([{ id: 'a', type: 'position', position: { x: 50, y: 50 }, dragging: false }]);
    one.getState().undo();
    expect(one.getState().nodes.find((n) => n.id === 'a')?.position).toEqual({ x: 0, y: 0 });
    expect(useStore.getState().history.past).toHaveLength(0);
  });

  it('selection is not an undo step and undo keeps the selection', () => {
    s().onNodesChange([{ id: 'c', type: 'select', selected: true }]);
    expect(s().history.past).toHaveLength(0);
    s().updateParams('a', { dataset: 'sensors', rows: 5, seed: 1 });
    s().undo();
    expect(s().nodes.find((n) => n.id === 'c')?.selected).toBe(true);
  });

  it('deleting a selection of nodes and edges is one step', () => {
    s().onNodesChange([
      { id: 'a', type: 'select', selected: true },
      { id: 'b', type: 'select', selected: true },
    ]);
    s().deleteSelected();
    expect(s().nodes.map((n) => n.id)).toEqual(['c']);
    expect(s().edges).toHaveLength(0);
    s().undo();
    expect(s().nodes).toHaveLength(3);
    expect(s().edges).toHaveLength(2);
  });

  it('pasting inserts fresh ids with inner edges, selected, as one step', () => {
    const ids = s().insertGraph(structuredClone(graph));
    expect(ids).toEqual(['n4', 'n5', 'n6']);
    expect(s().edges.map((e) => `${e.source}>${e.target}`)).toContain('n4>n5');
    expect(s().edges.map((e) => `${e.source}>${e.target}`)).toContain('n5>n6');
    expect(
      s()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(ids);
    s().undo();
    expect(s().nodes).toHaveLength(3);
  });

  it('a new edit after undo clears redo', () => {
    s().updateParams('b', { where: 'x > 2' });
    s().undo();
    s().updateParams('b', { where: 'x > 3' });
    s().redo();
    expect(s().nodes.find((n) => n.id === 'b')?.data.params.where).toBe('x > 3');
  });
});
