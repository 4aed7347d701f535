import { useMemo } from 'react';
import type uPlot from 'uplot';
import { formatMetric } from '../canvas/metrics';
import type { NodeKind } from '../nodes/define-node-kind';
import { readReport } from '../nodes/read-report';
import type { NodeReport } from '../shared/protocol';
import { UPlotChart } from './UPlotChart';

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

const SCATTER_OPTIONS: Omit<uPlot.Options, 'width' | 'height'> = {
  mode: 2,
  scales: { x: { time: false } },
  axes: [{ label: 'actual' }, { label: 'predicted', size: 56 }],
  legend: { show: false },
  series: [
    {},
    {
      label: 'predictions',
      stroke: 'rgba(59, 111, 245, 0.7)',
      fill: 'rgba(59, 111, 245, 0.3)',
      paths: () => null,
      points: { show: true, size: 3, space: 0 },
    },
  ],
};

/** Predicted against actual values (regression). */
function Scatter({ actual, predicted }: { actual: number[]; predicted: number[] }) {
  const data = useMemo(
    () => [null, [actual, predicted]] as unknown as uPlot.AlignedData,
    [actual, predicted],
  );
  return (
    <div data-testid="scatter">
      <UPlotChart options={SCATTER_OPTIONS} data={data} height={220} label="Predicted against actual" />
    </div>
  );
}

/** Metrics beside the trivial baseline, plus a scatter or a confusion matrix from the kind's report. */
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
  const scatter = report?.scatter;
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
      {scatter && scatter.actual.length > 0 && (
        <Scatter actual={scatter.actual} predicted={scatter.predicted} />
      )}
    </div>
  );
}
