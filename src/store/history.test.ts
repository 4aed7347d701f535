import { describe, expect, it } from 'vitest';
import type { PwNode } from './flow-types';
import { emptyHistory, HISTORY_LIMIT, type History, record, redo, undo } from './history';
import type { GraphSnapshot } from './snapshot';

const snap = (name: string, nodes: PwNode[] = []): GraphSnapshot => ({ name, nodes, edges: [] });

/** Apply `n` commits named s0…s(n-1); returns the history and the graph after them. */
function commits(n: number, start: History = emptyHistory): { history: History; current: GraphSnapshot } {
  let history = start;
  let current = snap('s0');
  for (let i = 1; i <= n; i++) {
    history = record(history, current);
    current = snap(`s${i}`);
  }
  return { history, current };
}

describe('history', () => {
  it('pushes the graph before each commit and undoes back to it', () => {
    const { history, current } = commits(2);
    expect(history.past.map((s) => s.name)).toEqual(['s0', 's1']);
    const back = undo(history, current);
    expect(back?.target.name).toBe('s1');
    expect(back?.history.past.map((s) => s.name)).toEqual(['s0']);
    expect(back?.history.future.map((s) => s.name)).toEqual(['s2']);
  });

  it('redoes what was undone, in order', () => {
    const { history, current } = commits(3);
    const u1 = undo(history, current);
    if (!u1) throw new Error('no undo');
    const u2 = undo(u1.history, u1.target);
    if (!u2) throw new Error('no undo');
    expect(u2.target.name).toBe('s1');
    const r1 = redo(u2.history, u2.target);
    expect(r1?.target.name).toBe('s2');
    if (!r1) throw new Error('no redo');
    const r2 = redo(r1.history, r1.target);
    expect(r2?.target.name).toBe('s3');
    if (!r2) throw new Error('no redo');
    expect(redo(r2.history, r2.target)).toBeUndefined();
    expect(r2.history.past.map((s) => s.name)).toEqual(['s0', 's1', 's2']);
  });

  it('has nothing to undo or redo when empty', () => {
    expect(undo(emptyHistory, snap('x'))).toBeUndefined();
    expect(redo(emptyHistory, snap('x'))).toBeUndefined();
  });

  it('keeps at least 100 steps and drops the oldest past the limit', () => {
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(100);
    const { history } = commits(HISTORY_LIMIT + 25);
    expect(history.past).toHaveLength(HISTORY_LIMIT);
    expect(history.past[0]?.name).toBe('s25');
    expect(history.past.at(-1)?.name).toBe(`s${HISTORY_LIMIT + 24}`);
  });

  it('a new edit after undo clears the redo stack', () => {
    const { history, current } = commits(3);
    const back = undo(history, current);
    if (!back) throw new Error('no undo');
    expect(back.history.future).toHaveLength(1);
    const edited = record(back.history, back.target);
    expect(edited.future).toHaveLength(0);
    expect(redo(edited, snap('new'))).toBeUndefined();
  });

  it('merges consecutive commits with the same key into one step', () => {
    let history = record(emptyHistory, snap('a'), 'name');
    history = record(history, snap('ab'), 'name');
    history = record(history, snap('abc'), 'name');
    expect(history.past.map((s) => s.name)).toEqual(['a']);
    history = record(history, snap('abcd'));
    history = record(history, snap('abcde'), 'name');
    expect(history.past.map((s) => s.name)).toEqual(['a', 'abcd', 'abcde']);
  });

  it('shares node objects between snapshots instead of copying them', () => {
    const node: PwNode = { id: 'n1', type: 'pw', position: { x: 0, y: 0 }, data: { kind: 'k', params: {} } };
    const a = snap('a', [node]);
    const history = record(record(emptyHistory, a), snap('b', [node]));
    expect(history.past[0]?.nodes[0]).toBe(node);
    expect(history.past[1]?.nodes[0]).toBe(node);
  });
});
