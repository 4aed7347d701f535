import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../shared/protocol';
import {
  applyEngineEvent,
  applyEngineEvents,
  engineLost,
  initialRunState,
  markStale,
  type ReceivedEvent,
} from './run-reducer';

const run = (events: EngineEvent[]) => events.reduce(applyEngineEvent, initialRunState);

describe('applyEngineEvent', () => {
  it('walks a node through queued, running and done', () => {
    const s = run([
      { type: 'run-started', runId: 1, nodeIds: ['a'] },
      { type: 'node-queued', runId: 1, nodeId: 'a' },
      { type: 'node-started', runId: 1, nodeId: 'a' },
    ]);
    expect(s.nodes.a?.status).toBe('running');
    expect(s.running).toBe(true);
    const done = applyEngineEvent(s, {
      type: 'node-done',
      runId: 1,
      nodeId: 'a',
      outputs: { out: { type: 'table', rowCount: 3 } },
      warnings: [],
      durationMs: 5,
    });
    expect(done.nodes.a).toMatchObject({ status: 'done', resultVersion: 1 });
    const finished = applyEngineEvent(done, {
      type: 'run-finished',
      runId: 1,
      status: 'done',
      durationMs: 9,
    });
    expect(finished.running).toBe(false);
  });
  it('shows warnings, failures and blocked nodes', () => {
    const s = run([
      { type: 'node-cached', runId: 1, nodeId: 'w', outputs: {}, warnings: ['x'] },
      { type: 'node-failed', runId: 1, nodeId: 'f', message: 'boom', durationMs: 1 },
      { type: 'node-blocked', runId: 1, nodeId: 'b', message: 'upstream failed' },
    ]);
    expect(s.nodes.w?.status).toBe('warning');
    expect(s.nodes.f).toMatchObject({ status: 'error', message: 'boom' });
    expect(s.nodes.b).toMatchObject({ status: 'idle', note: 'upstream failed' });
  });
  it('gives a node blocked by a failed input its own reason, apart from a cancelled one, cleared on the next run', () => {
    const s = run([
      {
        type: 'node-blocked',
        runId: 1,
        nodeId: 'b',
        message: 'Not run: its input from "SQL" (bad) failed.',
      },
      { type: 'node-blocked', runId: 1, nodeId: 'c', message: 'Run cancelled.' },
    ]);
    expect(s.nodes.b).toMatchObject({ status: 'idle', notRun: 'blocked' });
    expect(s.nodes.c).toMatchObject({ status: 'idle', notRun: 'cancelled' });
    const again = applyEngineEvent(s, { type: 'node-queued', runId: 2, nodeId: 'b' });
    expect(again.nodes.b?.notRun).toBeUndefined();
    expect(again.nodes.b?.note).toBeUndefined();
  });
  it('marks only nodes that ran as stale', () => {
    const s = run([{ type: 'node-failed', runId: 1, nodeId: 'f', message: 'boom', durationMs: 1 }]);
    const stale = markStale(s, ['f', 'never-ran']);
    expect(stale.nodes.f?.status).toBe('stale');
    expect(stale.nodes['never-ran']).toBeUndefined();
  });
});

describe('timeline and log', () => {
  it('records bars and lines on the main-thread clock', () => {
    let s = applyEngineEvent(initialRunState, { type: 'run-started', runId: 1, nodeIds: ['a', 'b'] }, 1000);
    s = applyEngineEvent(s, { type: 'node-cached', runId: 1, nodeId: 'a', outputs: {}, warnings: [] }, 1010);
    s = applyEngineEvent(s, { type: 'node-started', runId: 1, nodeId: 'b' }, 1020);
    s = applyEngineEvent(
      s,
      {
        type: 'node-done',
        runId: 1,
        nodeId: 'b',
        outputs: { out: { type: 'table', rowCount: 7 } },
        warnings: [],
        durationMs: 80,
      },
      1100,
    );
    s = applyEngineEvent(s, { type: 'run-finished', runId: 1, status: 'done', durationMs: 100 }, 1100);
    expect(s.timeline.entries).toEqual({
      a: { start: 10, end: 10, status: 'cached' },
      b: { start: 20, end: 100, status: 'done' },
    });
    expect(s.log.map((l) => l.message)).toEqual([
      'Run started: 2 nodes.',
      'cached: unchanged, not re-run',
      'started',
      'done in 80 ms (out: 7 rows)',
      'Run done in 0.10 s.',
    ]);
  });
});

describe('engineLost', () => {
  it('fails running nodes, frees queued ones and makes results stale when the engine dies', () => {
    const s = run([
      { type: 'run-started', runId: 1, nodeIds: ['done', 'run', 'queue', 'bad'] },
      { type: 'node-cached', runId: 1, nodeId: 'done', outputs: {}, warnings: [] },
      { type: 'node-failed', runId: 1, nodeId: 'bad', message: 'syntax error', durationMs: 1 },
      { type: 'node-started', runId: 1, nodeId: 'run' },
      { type: 'node-queued', runId: 1, nodeId: 'queue' },
    ]);
    const lost = engineLost(s, 'The engine stopped unexpectedly (boom).');
    expect(lost.nodes.run).toMatchObject({
      status: 'error',
      message: 'The engine stopped unexpectedly (boom).',
    });
    expect(lost.nodes.queue).toMatchObject({
      status: 'idle',
      note: 'Not run: the engine stopped.',
      notRun: 'interrupted',
    });
    expect(lost.nodes.done?.status).toBe('stale');
    expect(lost.nodes.bad).toMatchObject({ status: 'error', message: 'syntax error' });
  });
  it('marks the nodes whose results DuckDB lost as stale, and logs it', () => {
    const s = run([
      { type: 'node-cached', runId: 1, nodeId: 'a', outputs: {}, warnings: [] },
      { type: 'node-started', runId: 1, nodeId: 'b' },
      { type: 'results-lost', runId: -1, nodeIds: ['a', 'b'] },
    ]);
    expect(s.nodes.a?.status).toBe('stale');
    expect(s.nodes.b?.status).toBe('running');
    expect(s.log.at(-1)).toMatchObject({ level: 'warn', message: expect.stringContaining('a, b') });
  });
});

describe('large runs', () => {
  const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
  const events: EngineEvent[] = [
    { type: 'run-started', runId: 1, nodeIds: ids },
    ...ids.map((nodeId): EngineEvent => ({ type: 'node-queued', runId: 1, nodeId })),
    ...ids.flatMap((nodeId, i): EngineEvent[] => [
      { type: 'node-started', runId: 1, nodeId },
      i % 2
        ? { type: 'node-cached', runId: 1, nodeId, outputs: {}, warnings: [] }
        : {
            type: 'node-done',
            runId: 1,
            nodeId,
            outputs: { out: { type: 'table', rowCount: i } },
            warnings: [],
            durationMs: 1,
          },
    ]),
    { type: 'run-finished', runId: 1, status: 'done', durationMs: 5 },
  ];
  const received = events.map((event, i): ReceivedEvent => ({ event, receivedAt: 1000 + i }));

  it('gives the same state applied in batches as one event at a time', () => {
    const few = received.slice(0, 40).concat(received.slice(-1));
    const oneByOne = few.reduce((s, r) => applyEngineEvent(s, r.event, r.receivedAt), initialRunState);
    const batched = [few.slice(0, 7), few.slice(7, 30), few.slice(30)].reduce(
      applyEngineEvents,
      initialRunState,
    );
    expect(batched).toEqual(oneByOne);
    expect(applyEngineEvents(oneByOne, [])).toBe(oneByOne);
  });

  // Copying every node's state per event made a 5,000-node run cost 37 s of main thread.
  it('applies a 5,000-node run in frame-sized batches in linear time, and keeps the log bounded', () => {
    const t0 = performance.now();
    let s = initialRunState;
    for (let i = 0; i < received.length; i += 200) s = applyEngineEvents(s, received.slice(i, i + 200));
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(Object.values(s.nodes).filter((n) => n.status === 'done')).toHaveLength(2500);
    expect(Object.keys(s.timeline.entries)).toHaveLength(5000);
    expect(s.log).toHaveLength(1000);
    expect(s.log.at(-1)?.message).toBe('Run done in 0.01 s.');
    expect(s.running).toBe(false);
  });

  it('marks 5,000 nodes stale, and loses an engine with 5,000 results, in linear time', () => {
    const s = applyEngineEvents(initialRunState, received);
    const t0 = performance.now();
    const stale = markStale(s, ids);
    const lost = engineLost(s, 'gone');
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(Object.values(stale.nodes).every((n) => n.status === 'stale')).toBe(true);
    expect(Object.values(lost.nodes).every((n) => n.status === 'stale')).toBe(true);
  });
});
