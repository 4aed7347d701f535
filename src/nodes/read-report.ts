import type { NodeKind } from './define-node-kind';
import type { ReportParts } from './reports';

/**
 * A node's report read through its kind's schema, so its parts are typed; undefined when
 * the kind declares none or the report does not match it (e.g. from an older version).
 */
export function readReport(kind: NodeKind | undefined, report: unknown): ReportParts | undefined {
  if (!kind?.report || report === undefined) return undefined;
  const parsed = kind.report.safeParse(report);
  return parsed.success ? parsed.data : undefined;
}
