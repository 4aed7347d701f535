import type { NotRunReason } from '../store/run-reducer';
import './not-run.css';

const PILL: Record<NotRunReason, string> = {
  blocked: 'not run',
  cancelled: 'cancelled',
  interrupted: 'not run',
};

const WHY: Record<NotRunReason, string> = {
  blocked: 'Not run because an input failed',
  cancelled: 'Not run: the run was cancelled',
  interrupted: 'Not run: the engine stopped',
};

/** The status pill of a node that did not run: not `idle`, which reads as "never ran". */
export function notRunPill(reason: NotRunReason) {
  return (
    <span className={`status-pill pill-not-run pill-not-run-${reason}`} title={WHY[reason]}>
      {PILL[reason]}
    </span>
  );
}

/** Why the node did not run, on the card ("Not run: its input from "SQL" (bad) failed."). */
export function NotRunLine({ reason, note }: { reason: NotRunReason; note: string }) {
  return (
    <div className={`node-not-run node-not-run-${reason}`} data-testid="node-not-run">
      {note}
    </div>
  );
}
