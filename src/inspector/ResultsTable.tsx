import './results-table.css';
import type { NodeKind } from '../nodes/define-node-kind';
import { readReport } from '../nodes/read-report';
import type { ReportParts } from '../nodes/reports';
import type { NodeReport } from '../shared/protocol';
import { useStore } from '../store/store';

type Results = NonNullable<ReportParts['resultsTable']>;

function cellText(v: unknown): string {
  // Four significant digits: enough to rank, short enough for a side-by-side table.
  if (typeof v === 'number')
    return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(4)));
  if (v === null || v === undefined) return '–';
  return String(v);
}

/**
 * Models or settings side by side (folds, compared models, search trials): the best value
 * per metric is starred, and where the kind lets the user pick a row, each row can be used.
 */
export function ResultsTable({ nodeId, results }: { nodeId: string; results: Results }) {
  const updateParams = useStore((s) => s.updateParams);
  const { columns, rows, best = [], rowKeys, pickParam, picked } = results;
  return (
    <div className="results" data-testid="results-table">
      <div className="fitted-title">{results.title}</div>
      <div className="results-scroll">
        <table className="mini results-grid">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
              {pickParam && rowKeys && <th>use</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const key = rowKeys?.[i];
              return (
                <tr
                  key={key ?? String(r[0])}
                  data-row-key={key ?? String(r[0])}
                  className={key !== undefined && key === picked ? 'picked' : undefined}
                >
                  {r.map((v, c) => (
                    <td
                      key={columns[c]}
                      data-column={columns[c]}
                      data-best={best[c] === i ? 'true' : undefined}
                      title={best[c] === i ? `best ${columns[c]}` : undefined}
                    >
                      {cellText(v)}
                      {best[c] === i && <span className="best-mark"> ★</span>}
                    </td>
                  ))}
                  {pickParam && rowKeys && (
                    <td>
                      {key !== undefined &&
                        (key === picked ? (
                          <span className="muted">in use</span>
                        ) : (
                          <button
                            type="button"
                            className="btn btn-small"
                            aria-label={`Use model ${key}`}
                            onClick={() => updateParams(nodeId, { [pickParam]: key })}
                          >
                            Use
                          </button>
                        ))}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A kind's results table and its caveat, when its report has them. */
export function ResultsSection({
  nodeId,
  kind,
  report,
}: {
  nodeId: string;
  kind: NodeKind | undefined;
  report: NodeReport | undefined;
}) {
  const typed = readReport(kind, report);
  if (!typed?.resultsTable) return null;
  const note = typeof typed.note === 'string' ? typed.note : undefined;
  return (
    <section className="inspector-section">
      <h3>Results</h3>
      <ResultsTable nodeId={nodeId} results={typed.resultsTable} />
      {note && (
        <p className="inspector-note results-note" data-testid="results-note">
          {note}
        </p>
      )}
    </section>
  );
}
