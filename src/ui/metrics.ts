/** A metric as a plain number (UI contract: `data-metric` holds a parseable number). */
export function formatMetric(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  return String(Number(value.toPrecision(5)));
}

/** Which metrics a node card shows first, by task. */
export const HEADLINE_METRICS = ['auc', 'accuracy', 'f1', 'r2', 'mae', 'rmse'];
