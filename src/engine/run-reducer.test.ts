import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../shared/protocol';
import { applyEngineEvent, engineLost, initialRunState, markStale } from './run-reducer';

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
    expect(lost.nodes.queue).toMatchObject({ status: 'idle', note: 'Not run: the engine stopped.' });
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
