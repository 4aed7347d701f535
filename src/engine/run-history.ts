import { readValue, writeValue } from '../storage/key-value';
import type { RunState } from '../store/run-reducer';

/** One finished run, as the run history keeps it (IndexedDB, newest first). */
export interface RunRecord {
  at: string;
  durationMs: number;
  status: 'done' | 'error' | 'cancelled';
  ran: number;
  cached: number;
  failed: number;
  /** Every metric of every node with metrics in the pipeline, by `<node id>.<metric>`. */
  metrics: Record<string, number>;
  /** The pipeline that ran (absent in records from before there were several). */
  pipelineId?: string;
  pipeline?: string;
}

const KEY = 'pipewright.run-history.v1';
export const MAX_RUNS = 20;

/**
 * Summarise the run that just finished, for `pipeline`: only nodes still in its graph count
 * (the run state can hold nodes an undo removed, or another pipeline's).
 */
export function summarizeRun(
  run: RunState,
  at: Date,
  pipeline: { id: string; name: string; nodeIds: readonly string[] },
): RunRecord | undefined {
  if (!run.lastRun) return undefined;
  const present = new Set(pipeline.nodeIds);
  const entries = Object.values(run.timeline.entries);
  const metrics: Record<string, number> = {};
  for (const [id, node] of Object.entries(run.nodes))
    if (present.has(id))
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
    pipelineId: pipeline.id,
    pipeline: pipeline.name,
  };
}

export async function loadRunHistory(): Promise<RunRecord[]> {
  const runs = await readValue<unknown>(KEY, []);
  // Whatever else is stored under the key (a damaged or future-format history) is not a list of runs.
  return Array.isArray(runs) ? runs.filter(isRunRecord) : [];
}

function isRunRecord(value: unknown): value is RunRecord {
  const r = value as Partial<RunRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.at === 'string' &&
    typeof r.durationMs === 'number' &&
    typeof r.status === 'string' &&
    typeof r.metrics === 'object' &&
    r.metrics !== null
  );
}

/** Add a run to the stored history, keeping the newest `MAX_RUNS`; a refused write is reported. */
export async function appendRunHistory(record: RunRecord): Promise<RunRecord[]> {
  const runs = [record, ...(await loadRunHistory())].slice(0, MAX_RUNS);
  await writeValue(KEY, runs, 'the run history (this run is not added to the list of past runs)');
  return runs;
}
