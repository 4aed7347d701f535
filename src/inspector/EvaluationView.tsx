import type { NodeKind } from '../nodes/define-node-kind';
import { readReport } from '../nodes/read-report';
import type { NodeReport } from '../shared/protocol';
import { formatMetric } from '../ui/metrics';
import { EvaluationPlots } from './EvaluationPlots';

interface Confusion {
  labels: string[];
  matrix: number[][];
}

/** Confusion matrix as a heat map: rows are actual classes, columns predicted. */
function ConfusionMatrix({ confusion }: { confusion: Confusion }) {
  const max = Math.max(1, ...confusion.matrix.flat());
  return (
    <table className="confusion" data-testid="confusion-matrix">
      <thead>
        <tr>
          <th>actual ↓ / predicted →</th>
          {confusion.labels.map((l) => (
            <th key={l}>{l}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.matrix.map((row, i) => (
          <tr key={confusion.labels[i]}>
            <th>{confusion.labels[i]}</th>
            {row.map((n, j) => (
              <td
                key={confusion.labels[j]}
                style={{ background: `rgba(59, 111, 245, ${(0.08 + 0.8 * (n / max)).toFixed(3)})` }}
                className={n / max > 0.55 ? 'dark' : undefined}
              >
                {n}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Metrics beside the trivial baseline, a confusion matrix and the plots of the kind's report. */
export function EvaluationView({
  metrics,
  kind,
  report: raw,
}: {
  metrics: Record<string, number>;
  kind: NodeKind | undefined;
  report?: NodeReport;
}) {
  const names = Object.keys(metrics).filter((k) => !k.startsWith('baseline_'));
  const report = readReport(kind, raw);
  const matrix = report?.confusion;
  const labels = report?.labels;
  const confusion: Confusion | undefined = matrix && labels ? { labels, matrix } : undefined;
  return (
    <div className="evaluation">
      <table className="mini metrics-table">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Model</th>
            <th>Baseline</th>
          </tr>
        </thead>
        <tbody>
          {names.map((k) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{formatMetric(metrics[k])}</td>
              <td className="muted">
                {metrics[`baseline_${k}`] === undefined ? '–' : formatMetric(metrics[`baseline_${k}`])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confusion && <ConfusionMatrix confusion={confusion} />}
      {raw && <EvaluationPlots report={raw} metrics={metrics} />}
    </div>
  );
}
