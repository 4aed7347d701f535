import type { NodeKind } from '../nodes/define-node-kind';
import { readReport } from '../nodes/read-report';
import type { NodeReport } from '../shared/protocol';
import { DriftView } from './DriftView';
import { FittedView, Table } from './FittedView';
import { ValidationReport } from './ValidationReport';

function Generic({ entries }: { entries: [string, unknown][] }) {
  if (!entries.length) return null;
  return (
    <dl className="report">
      {entries.map(([k, v]) => (
        <div key={k} className="report-row">
          <dt>{k}</dt>
          <dd>
            {typeof v === 'object' && v !== null ? (
              // Structures a kind's schema gives no view of: raw JSON, one click away.
              <details>
                <summary>{Array.isArray(v) ? `${v.length} items` : 'details'}</summary>
                <pre>{JSON.stringify(v, null, 2)}</pre>
              </details>
            ) : (
              String(v)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A node's report, read through its kind's schema: validation results and fitted statistics
 * get their own views; a report the schema does not describe is listed as it is.
 */
export function ReportView({ kind, report }: { kind: NodeKind | undefined; report: NodeReport }) {
  const typed = readReport(kind, report);
  // `history` is the loss per epoch the Training chart above plots.
  const { rules, fitted, featureTable, drift, history: _charted, ...rest } = typed ?? {};
  return (
    <div className="report-view">
      {rules && <ValidationReport rules={rules} />}
      {fitted && <FittedView fitted={fitted} />}
      {drift && (
        <DriftView
          drift={drift}
          threshold={typeof rest.psiThreshold === 'number' ? rest.psiThreshold : undefined}
        />
      )}
      {featureTable && (
        <div className="fitted" data-testid="feature-table">
          <div className="fitted-title">{featureTable.title}</div>
          <Table head={featureTable.columns} rows={featureTable.rows} />
        </div>
      )}
      <Generic entries={Object.entries(typed ? rest : report)} />
    </div>
  );
}
