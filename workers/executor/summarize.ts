import type { OutputSummary, PortValue } from '../../src/shared/values';

/** What the page learns of a node's outputs: shapes and metrics, never the tables. */
export function summarize(outputs: Record<string, PortValue>): Record<string, OutputSummary> {
  const summary: Record<string, OutputSummary> = {};
  for (const [port, v] of Object.entries(outputs)) {
    if (v.type === 'table') summary[port] = { type: 'table', rowCount: v.rowCount, columns: v.columns };
    else if (v.type === 'metrics')
      summary[port] = { type: 'metrics', values: v.values, ...(v.sd ? { sd: v.sd } : {}) };
    else summary[port] = { type: 'model' };
  }
  return summary;
}

/**
 * A failure as the node shows it. DuckDB-WASM reports some errors as a JSON object
 * (`{"exception_type":"Parser","exception_message":…}`): shown as DuckDB's own text instead.
 */
export function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!message.startsWith('{"exception_type"')) return message;
  try {
    const json = JSON.parse(message) as { exception_type?: unknown; exception_message?: unknown };
    if (typeof json.exception_message === 'string')
      return `${typeof json.exception_type === 'string' ? `${json.exception_type} Error: ` : ''}${json.exception_message}`;
  } catch {
    // Not JSON after all: show it as it is.
  }
  return message;
}
