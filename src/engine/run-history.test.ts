import { beforeEach, describe, expect, it, vi } from 'vitest';
import { onStorageProblem, type StorageProblem } from '../storage/problems';
import { appendRunHistory, loadRunHistory, type RunRecord } from './run-history';

// Node has no IndexedDB: stand in for idb-keyval with a map that can refuse writes.
const idb = vi.hoisted(() => ({ items: new Map<string, unknown>(), full: false }));
vi.mock('idb-keyval', () => ({
  get: async (key: string) => idb.items.get(key),
  set: async (key: string, value: unknown) => {
    if (idb.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    idb.items.set(key, value);
  },
}));

const run: RunRecord = {
  at: '2025-01-01T00:00:00.000Z',
  durationMs: 12,
  status: 'done',
  ran: 3,
  cached: 0,
  failed: 0,
  metrics: {},
};

beforeEach(() => {
  idb.items.clear();
  idb.full = false;
});

describe('run history', () => {
  it('keeps runs newest first', async () => {
    await appendRunHistory(run);
    await appendRunHistory({ ...run, at: '2025-01-02T00:00:00.000Z' });
    expect((await loadRunHistory()).map((r) => r.at)).toEqual(['2025-01-02T00:00:00.000Z', run.at]);
  });

  it('a damaged stored history reads as empty instead of breaking the Runs panel', async () => {
    idb.items.set('pipewright.run-history.v1', { not: 'a list' });
    expect(await loadRunHistory()).toEqual([]);
    idb.items.set('pipewright.run-history.v1', [run, 'junk', { at: 1 }]);
    expect(await loadRunHistory()).toEqual([run]);
  });

  it('a refused write (storage full) is reported, not swallowed', async () => {
    const problems: StorageProblem[] = [];
    const stop = onStorageProblem((p) => problems.push(p));
    idb.full = true;
    expect(await appendRunHistory(run)).toEqual([run]);
    stop();
    expect(problems).toEqual([
      {
        what: 'the run history (this run is not added to the list of past runs)',
        reason: "the browser's storage for this site is full",
      },
    ]);
  });
});
