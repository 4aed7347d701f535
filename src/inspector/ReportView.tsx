import type { NodeReport } from '../shared/protocol';
import { FittedView } from './FittedView';
import { ValidationReport } from './ValidationReport';

function Generic({ entries }: { entries: [string, unknown][] }) {
  if (!entries.length) return null;
  return (
    <dl className="report">
      {entries.map(([k, v]) => (
        <div key={k} className="report-row">
          <dt>{k}</dt>
          <dd>{typeof v === 'object' && v !== null ? <pre>{JSON.stringify(v, null, 2)}</pre> : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A node's report: validation results and fitted statistics get their own views. */
export function ReportView({ report }: { report: NodeReport }) {
  const { rules, fitted, ...rest } = report;
  return (
    <div className="report-view">
      {Array.isArray(rules) && <ValidationReport rules={rules} />}
      {typeof fitted === 'object' && fitted !== null && (
        <FittedView fitted={fitted as Record<string, unknown>} />
      )}
      <Generic entries={Object.entries(rest)} />
    </div>
  );
}
