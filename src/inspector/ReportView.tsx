import type { NodeReport } from '../shared/protocol';

/** A node's report as a readable key/value view (specialised views come per kind). */
export function ReportView({ report }: { report: NodeReport }) {
  return (
    <dl className="report">
      {Object.entries(report).map(([k, v]) => (
        <div key={k} className="report-row">
          <dt>{k}</dt>
          <dd>{typeof v === 'object' ? <pre>{JSON.stringify(v, null, 2)}</pre> : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
