import { get, set } from 'idb-keyval';
import type { RunState } from './run-reducer';

/** One finished run, as the run history keeps it (IndexedDB, newest first). */
export interface RunRecord {
  at: string;
  durationMs: number;
  status: 'done' | 'error' | 'cancelled';
  ran: number;
  cached: number;
  failed: number;
  /** Headline metrics of evaluation nodes, by `<node id>.<metric>`. */
  metrics: Record<string, number>;
}

const KEY = 'pipewright.run-history.v1';
export const MAX_RUNS = 20;

/** Summarise the run that just finished. */
export function summarizeRun(run: RunState, at: Date): RunRecord | undefined {
  if (!run.lastRun) return undefined;
  const entries = Object.values(run.timeline.entries);
  const metrics: Record<string, number> = {};
  for (const [id, node] of Object.entries(run.nodes))
    for (const out of Object.values(node.outputs ?? {}))
      if (out.type === 'metrics')
        for (const [k, v] of Object.entries(out.values ?? {}))
          if (!k.startsWith('baseline_')) metrics[`${id}.${k}`] = v;
  return {
    at: at.toISOString(),
    durationMs: run.lastRun.durationMs,
    status: run.lastRun.status,
    ran: entries.filter((e) => e.status === 'done' || e.status === 'warning').length,
    cached: entries.filter((e) => e.status === 'cached').length,
    failed: entries.filter((e) => e.status === 'error').length,
    metrics,
  };
}

export async function loadRunHistory(): Promise<RunRecord[]> {
  try {
    return (await get<RunRecord[]>(KEY)) ?? [];
  } catch {
    return [];
  }
}

/** Add a run to the stored history, keeping the newest `MAX_RUNS`. */
export async function appendRunHistory(record: RunRecord): Promise<RunRecord[]> {
  const runs = [record, ...(await loadRunHistory())].slice(0, MAX_RUNS);
  try {
    await set(KEY, runs);
  } catch {
    // Storage refused (private mode, quota): the history just is not kept.
  }
  return runs;
}
