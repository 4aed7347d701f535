import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../shared/protocol';
import type { ReceivedEvent } from '../store/run-reducer';
import { createEventBatcher } from './event-batcher';

const queued = (nodeId: string): EngineEvent => ({ type: 'node-queued', runId: 1, nodeId });

describe('createEventBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands a burst of events over as one batch, in order, within the interval', () => {
    const batches: ReceivedEvent[][] = [];
    const b = createEventBatcher((batch) => batches.push(batch), 16);
    for (let i = 0; i < 5000; i++) b.push(queued(`n${i}`));
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(16);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((r) => (r.event.type === 'node-queued' ? r.event.nodeId : ''))).toEqual(
      Array.from({ length: 5000 }, (_, i) => `n${i}`),
    );
    b.push(queued('late'));
    vi.advanceTimersByTime(16);
    expect(batches).toHaveLength(2);
  });

  it('stamps each event with its arrival time and flushes on demand', () => {
    const batches: ReceivedEvent[][] = [];
    const b = createEventBatcher((batch) => batches.push(batch), 1000);
    b.push(queued('a'));
    vi.advanceTimersByTime(300);
    b.push(queued('b'));
    b.flush();
    expect(batches).toHaveLength(1);
    const [a, later] = batches[0] ?? [];
    expect((later?.receivedAt ?? 0) - (a?.receivedAt ?? 0)).toBe(300);
    b.flush();
    vi.advanceTimersByTime(2000);
    expect(batches).toHaveLength(1);
  });
});
