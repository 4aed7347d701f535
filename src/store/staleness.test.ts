import { beforeEach, describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../shared/graph-types';
import type { AppState } from './app-state';
import { staleAfter } from './staleness';
import { useStore } from './store';

// a → b → c, a → d, and x on its own.
const graph: PipelineGraph = {
  name: 'Stale',
  nodes: [
    {
      id: 'a',
      kind: 'ingest.sample',
      params: { dataset: 'sensors', rows: 10, seed: 1 },
      position: { x: 0, y: 0 },
    },
    { id: 'b', kind: 'clean.filter', params: { where: 'true' }, position: { x: 300, y: 0 } },
    { id: 'c', kind: 'transform.sql', params: { sql: 'SELECT * FROM input' }, position: { x: 600, y: 0 } },
    { id: 'd', kind: 'transform.sql', params: { sql: 'SELECT 1' }, position: { x: 300, y: 200 } },
    {
      id: 'x',
      kind: 'ingest.sample',
      params: { dataset: 'sensors', rows: 5, seed: 2 },
      position: { x: 0, y: 400 },
    },
  ],
  edges: [
    { source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' },
    { source: 'b', sourcePort: 'out', target: 'c', targetPort: 'in' },
    { source: 'a', sourcePort: 'out', target: 'd', targetPort: 'in' },
  ],
};

const s = () => useStore.getState();
const edgeId = (from: string, to: string) =>
  s().edges.find((e) => e.source === from && e.target === to)?.id ?? '';
const select = (ids: string[]) =>
  s().onNodesChange(ids.map((id) => ({ id, type: 'select', selected: true })));

function markAllDone() {
  for (const n of s().nodes)
    s().applyEvent({ type: 'node-done', runId: 1, nodeId: n.id, outputs: {}, warnings: [], durationMs: 1 });
}

const staleIds = (state: AppState = s()) =>
  Object.entries(state.run.nodes)
    .filter(([, r]) => r.status === 'stale')
    .map(([id]) => id)
    .sort();

interface Row {
  action: string;
  /** Before the results are marked done (an edit to undo, a selection). */
  setup?: () => void;
  act: () => void;
  stale: string[];
}

const rows: Row[] = [
  { action: 'removeNodes', act: () => s().removeNodes(['b']), stale: ['c'] },
  {
    action: 'onNodesChange remove',
    act: () => s().onNodesChange([{ id: 'b', type: 'remove' }]),
    stale: ['c'],
  },
  { action: 'deleteSelected', setup: () => select(['b']), act: () => s().deleteSelected(), stale: ['c'] },
  {
    action: 'onEdgesChange remove (disconnect)',
    act: () => s().onEdgesChange([{ id: edgeId('b', 'c'), type: 'remove' }]),
    stale: ['c'],
  },
  {
    action: 'connect (replacing the edge into a port)',
    act: () => s().connect({ source: 'x', sourcePort: 'out', target: 'c', targetPort: 'in' }),
    stale: ['c'],
  },
  { action: 'updateParams', act: () => s().updateParams('b', { where: 'x > 1' }), stale: ['b', 'c'] },
  { action: 'updateParams, same params', act: () => s().updateParams('b', { where: 'true' }), stale: [] },
  { action: 'invalidate (a file re-read)', act: () => s().invalidate(['a']), stale: ['a', 'b', 'c', 'd'] },
  { action: 'setRetries', act: () => s().setRetries('b', 2), stale: [] },
  { action: 'setName', act: () => s().setName('Renamed'), stale: [] },
  { action: 'moveNodes', act: () => s().moveNodes({ a: { x: 40, y: 40 } }), stale: [] },
  {
    action: 'onNodesChange position',
    act: () => s().onNodesChange([{ id: 'a', type: 'position', position: { x: 9, y: 9 } }]),
    stale: [],
  },
  { action: 'addNode', act: () => s().addNode('transform.sql', { x: 0, y: 600 }), stale: [] },
  { action: 'insertGraph (paste)', act: () => s().insertGraph(structuredClone(graph)), stale: [] },
  {
    action: 'undo of a param edit',
    setup: () => s().updateParams('b', { where: 'x > 1' }),
    act: () => s().undo(),
    stale: ['b', 'c'],
  },
  {
    action: 'undo of a removal',
    setup: () => s().removeNodes(['b']),
    act: () => s().undo(),
    // b reappears (with no result yet); c is wired to it again.
    stale: ['c'],
  },
  {
    action: 'redo of a disconnect',
    setup: () => {
      s().onEdgesChange([{ id: edgeId('a', 'd'), type: 'remove' }]);
      s().undo();
    },
    act: () => s().redo(),
    stale: ['d'],
  },
];

beforeEach(() => {
  useStore.setState({ nodes: [], edges: [], history: { past: [], future: [] } });
  s().loadGraph(structuredClone(graph));
});

describe('staleness: one rule for every graph change', () => {
  it.each(rows)('$action marks exactly what it changed, and downstream, stale', ({ setup, act, stale }) => {
    setup?.();
    markAllDone();
    act();
    expect(staleIds()).toEqual(stale);
  });

  it.each(rows.filter((r) => !r.action.startsWith('invalidate')))(
    '$action goes through staleAfter (the graph before and after)',
    ({ setup, act }) => {
      setup?.();
      markAllDone();
      const before = s();
      act();
      const after = s();
      expect(staleIds(after)).toEqual(staleIds({ ...after, run: staleAfter(before.run, before, after) }));
    },
  );

  it('removing a node marks its former downstream nodes stale', () => {
    markAllDone();
    s().removeNodes(['a']);
    expect(staleIds()).toEqual(['b', 'c', 'd']);
    expect(s().run.nodes.x?.status).toBe('done');
  });
});
