import { beforeEach, describe, expect, it, vi } from 'vitest';
import { onStorageProblem, type StorageProblem } from '../storage/problems';
import { initialRunState, type RunState } from '../store/run-reducer';
import { appendRunHistory, loadRunHistory, type RunRecord, summarizeRun } from './run-history';

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

describe('summarizeRun', () => {
  const metrics = (values: Record<string, number>) => ({
    status: 'done' as const,
    outputs: { metrics: { type: 'metrics' as const, values } },
  });
  const state = {
    ...initialRunState,
    lastRun: { status: 'done' as const, durationMs: 10 },
    nodes: {
      evalA: metrics({ auc: 0.9, accuracy: 0.8, f1: 0.7, precision: 0.6, recall: 0.5, baseline_auc: 0.5 }),
      evalB: metrics({ r2: 0.4 }),
      // Undone away, or another pipeline's: still in the run state, not in this graph.
      removed: metrics({ auc: 0.1 }),
    },
  } as unknown as RunState;

  it('keeps every metric of the nodes in this pipeline, names the pipeline, and leaves out others', () => {
    const r = summarizeRun(state, new Date(0), { id: 'p1', name: 'Churn', nodeIds: ['evalA', 'evalB'] });
    expect(r?.metrics).toEqual({
      'evalA.auc': 0.9,
      'evalA.accuracy': 0.8,
      'evalA.f1': 0.7,
      'evalA.precision': 0.6,
      'evalA.recall': 0.5,
      'evalB.r2': 0.4,
    });
    expect(r).toMatchObject({ pipelineId: 'p1', pipeline: 'Churn' });
  });
});
