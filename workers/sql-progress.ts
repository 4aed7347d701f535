import { formatDuration } from '../src/nodes/model/model-util';

/**
 * One progress report of DuckDB's progress bar, as DuckDB-WASM's worker posts it
 * (`PROGRESS_UPDATE`): `status` "in-progress" or "completed", `percentage` 0–100. Its typings
 * say strings; the worker sends numbers.
 */
export interface DuckProgress {
  readonly status: string;
  readonly percentage: number | string;
}

/** Where a statement's progress goes: a fraction 0–1 and the words for the card. */
export type ReportProgress = (fraction: number, message: string) => void;

/** At most this often per statement: the UI needs no more, and each report crosses two threads. */
const MIN_INTERVAL_MS = 200;
/** An ETA from the first second or the first few per cent would mostly be noise. */
const ETA_AFTER_MS = 1000;
const ETA_AFTER_FRACTION = 0.03;

/**
 * A statement's progress listener: turns DuckDB's reports into `report(fraction, "≈ 42 % · ETA
 * 8 s")` calls, at most five a second and only when the whole per cent moves on. DuckDB's per
 * cent is its own estimate (work done over the work its plan expects), so it is shown as
 * approximate, like the ETA drawn from it. The final
 * "completed" report, the -1 DuckDB gives when its operators cannot tell, and 0 % are not
 * passed on: the node then keeps saying how long it has run.
 */
export function statementProgress(
  report: ReportProgress,
  now: () => number = Date.now,
): (p: DuckProgress) => void {
  const started = now();
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastPercent = -1;
  return (p) => {
    if (p.status === 'completed') return;
    const percentage = Number(p.percentage);
    if (!Number.isFinite(percentage)) return;
    const percent = Math.min(100, Math.floor(percentage));
    // 0 % says nothing "running · N s" does not, and after a node's earlier statement it would
    // read as going backwards.
    if (percent < 1) return;
    const t = now();
    if (percent === lastPercent || t - lastAt < MIN_INTERVAL_MS) return;
    lastAt = t;
    lastPercent = percent;
    const fraction = percent / 100;
    const elapsed = t - started;
    const eta =
      elapsed >= ETA_AFTER_MS && fraction >= ETA_AFTER_FRACTION && fraction < 1
        ? ` · ETA ${formatDuration((elapsed * (1 - fraction)) / fraction)}`
        : '';
    report(fraction, `≈ ${percent} %${eta}`);
  };
}

/**
 * Gives DuckDB's progress reports to the statement they are about. The reports name no
 * connection, but DuckDB's worker handles one request at a time and posts a statement's
 * reports while it handles a start or poll of that connection's pending query, just before
 * its answer: so the reports held when an answer comes belong to the request it answers.
 */
export class ProgressRouter {
  /** Where each connection's reports go, by connection id, while a statement runs on it. */
  readonly listeners = new Map<number, (p: DuckProgress) => void>();
  private held: DuckProgress[] = [];

  hold(report: DuckProgress): void {
    this.held.push(report);
  }

  /**
   * The worker answered a request: about connection `conn`'s pending query, or (undefined)
   * anything else, whose reports, if any, have no statement of ours to go to.
   */
  answered(conn: number | undefined): void {
    if (this.held.length === 0) return;
    const reports = this.held;
    this.held = [];
    const listen = conn === undefined ? undefined : this.listeners.get(conn);
    if (listen) for (const report of reports) listen(report);
  }
}
