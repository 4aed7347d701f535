import './evaluation-charts.css';
import { type ReactNode, useMemo } from 'react';
import uPlot from 'uplot';
import { formatMetric } from '../ui/metrics';
import { UPlotChart } from './UPlotChart';

/** One series of an x–y chart: a curve, a cloud of points, or a dashed reference line. */
interface XYSeries {
  label: string;
  x: readonly number[];
  y: readonly number[];
  style: 'line' | 'points' | 'reference';
  color: string;
}

const BLUE = '#3b6ff5';
const GREY = '#9aa4b5';

/** The extent of `values` with a margin, so marks on the edge are not cut in half. */
function padded(values: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values)
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.04;
  return [lo - pad, hi + pad];
}

/** uPlot series options for one style. Points go through the series' own path builder:
 * in mode 2 uPlot draws `points.show` markers for one index only. */
function seriesOptions(s: XYSeries): uPlot.Series {
  if (s.style === 'points')
    return {
      label: s.label,
      stroke: s.color,
      fill: `${s.color}55`,
      paths: uPlot.paths.points?.(),
      points: { show: false, size: 5, width: 1 },
    };
  return {
    label: s.label,
    stroke: s.color,
    width: s.style === 'line' ? 2 : 1,
    ...(s.style === 'reference' ? { dash: [4, 4] } : {}),
    points: { show: false },
  };
}

/**
 * An x–y chart (uPlot mode 2: each series has its own x values). The element carries the
 * number of points of its first series as `data-series-points`, so tests can read what
 * is plotted; the canvas shows it.
 */
function XYChart({
  testId,
  label,
  xLabel,
  yLabel,
  series,
  unit,
  children,
}: {
  testId: string;
  label: string;
  xLabel: string;
  yLabel: string;
  series: XYSeries[];
  /** Both axes on [0, 1] (rates and probabilities); otherwise fitted to the data. */
  unit?: boolean;
  children?: ReactNode;
}) {
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const xRange: [number, number] = unit ? [-0.02, 1.02] : padded(series.flatMap((s) => s.x));
    const yRange: [number, number] = unit ? [-0.02, 1.02] : padded(series.flatMap((s) => s.y));
    return {
      mode: 2,
      scales: { x: { time: false, auto: false, range: xRange }, y: { auto: false, range: yRange } },
      axes: [{ label: xLabel }, { label: yLabel, size: 56 }],
      legend: { show: false },
      cursor: { show: false },
      series: [{}, ...series.map(seriesOptions)],
    };
  }, [series, unit, xLabel, yLabel]);
  const data = useMemo(
    () => [null, ...series.map((s) => [s.x, s.y])] as unknown as uPlot.AlignedData,
    [series],
  );
  return (
    <figure className="xy-chart" data-testid={testId} data-series-points={series[0]?.x.length ?? 0}>
      <figcaption>
        <strong>{label}</strong>
        {children}
      </figcaption>
      <UPlotChart options={options} data={data} height={200} label={label} />
      <div className="xy-legend">
        {series.map((s) => (
          <span key={s.label} className="xy-key">
            <i className={`xy-swatch xy-${s.style}`} style={{ color: s.color }} />
            {s.label}
          </span>
        ))}
      </div>
    </figure>
  );
}

const DIAGONAL = { x: [0, 1], y: [0, 1] };

/** Distinct hues for one-vs-rest curves, blue first (tests count the first series' blue). */
const CLASS_COLORS = [
  BLUE,
  '#e0453a',
  '#2f9e58',
  '#d08a10',
  '#8a4fd6',
  '#1b9aaa',
  '#c2459a',
  '#6b7a2a',
  '#7a5230',
  '#4a5568',
];

/** ROC curve (binary): true-positive against false-positive rate, with the chance line. */
export function RocCurve({ roc, auc }: { roc: { fpr: number[]; tpr: number[] }; auc?: number }) {
  const series = useMemo<XYSeries[]>(
    () => [
      { label: 'model', x: roc.fpr, y: roc.tpr, style: 'line', color: BLUE },
      { label: 'chance', ...DIAGONAL, style: 'reference', color: GREY },
    ],
    [roc],
  );
  return (
    <XYChart
      testId="roc-curve"
      label="ROC curve"
      xLabel="false-positive rate"
      yLabel="true-positive rate"
      series={series}
      unit
    >
      {auc !== undefined && <span className="muted"> · AUC {formatMetric(auc)}</span>}
    </XYChart>
  );
}

/** One ROC curve per class against the rest (multiclass), each with its AUC. */
export function RocByClass({
  curves,
}: {
  curves: { label: string; auc: number | null; fpr: number[]; tpr: number[] }[];
}) {
  const series = useMemo<XYSeries[]>(
    () => [
      ...curves.map(
        (c, i): XYSeries => ({
          label: `${c.label}${c.auc === null ? '' : ` (AUC ${formatMetric(c.auc)})`}`,
          x: c.fpr,
          y: c.tpr,
          style: 'line',
          color: CLASS_COLORS[i % CLASS_COLORS.length] as string,
        }),
      ),
      { label: 'chance', ...DIAGONAL, style: 'reference', color: GREY },
    ],
    [curves],
  );
  return (
    <XYChart
      testId="roc-one-vs-rest"
      label="ROC, each class against the rest"
      xLabel="false-positive rate"
      yLabel="true-positive rate"
      series={series}
      unit
    />
  );
}

/** Precision–recall curve (binary), with the positive rate a random ranking would give. */
export function PrCurve({
  pr,
  ap,
  baseline,
}: {
  pr: { recall: number[]; precision: number[] };
  ap?: number;
  baseline?: number;
}) {
  const series = useMemo<XYSeries[]>(
    () => [
      { label: 'model', x: pr.recall, y: pr.precision, style: 'line', color: BLUE },
      ...(baseline === undefined
        ? []
        : [
            { label: 'random', x: [0, 1], y: [baseline, baseline], style: 'reference', color: GREY } as const,
          ]),
    ],
    [pr, baseline],
  );
  return (
    <XYChart
      testId="pr-curve"
      label="Precision–recall"
      xLabel="recall"
      yLabel="precision"
      series={series}
      unit
    >
      {ap !== undefined && <span className="muted"> · AP {formatMetric(ap)}</span>}
    </XYChart>
  );
}

/** Calibration (binary): observed positive rate against mean predicted probability per bin. */
export function CalibrationCurve({
  calibration,
}: {
  calibration: { predicted: number[]; observed: number[]; count: number[] };
}) {
  const series = useMemo<XYSeries[]>(
    () => [
      { label: 'model', x: calibration.predicted, y: calibration.observed, style: 'line', color: BLUE },
      { label: 'bins', x: calibration.predicted, y: calibration.observed, style: 'points', color: BLUE },
      { label: 'perfectly calibrated', ...DIAGONAL, style: 'reference', color: GREY },
    ],
    [calibration],
  );
  return (
    <XYChart
      testId="calibration-curve"
      label="Calibration"
      xLabel="mean predicted probability"
      yLabel="observed frequency"
      series={series}
      unit
    >
      <div className="muted calibration-counts" title="Rows in each probability bin, lowest first">
        rows per bin: {calibration.count.join(' · ')}
      </div>
    </XYChart>
  );
}

/** Predicted against actual values (regression), with the line where they are equal. */
export function ScatterPlot({ actual, predicted }: { actual: number[]; predicted: number[] }) {
  const series = useMemo<XYSeries[]>(() => {
    const [lo, hi] = padded([...actual, ...predicted]);
    return [
      { label: 'rows', x: actual, y: predicted, style: 'points', color: BLUE },
      { label: 'predicted = actual', x: [lo, hi], y: [lo, hi], style: 'reference', color: GREY },
    ];
  }, [actual, predicted]);
  return (
    <XYChart
      testId="scatter"
      label="Predicted against actual"
      xLabel="actual"
      yLabel="predicted"
      series={series}
    />
  );
}

/** Residuals (actual − predicted) against predicted values (regression): patterns mean bias. */
export function ResidualPlot({ actual, predicted }: { actual: number[]; predicted: number[] }) {
  const series = useMemo<XYSeries[]>(() => {
    const residual = actual.map((a, i) => a - (predicted[i] as number));
    const [lo, hi] = padded(predicted);
    return [
      { label: 'rows', x: predicted, y: residual, style: 'points', color: BLUE },
      { label: 'zero', x: [lo, hi], y: [0, 0], style: 'reference', color: GREY },
    ];
  }, [actual, predicted]);
  return (
    <XYChart
      testId="residual-plot"
      label="Residuals"
      xLabel="predicted"
      yLabel="actual − predicted"
      series={series}
    />
  );
}

/** Three significant digits (the spread over a few shuffles is larger); tiny ones as 2.8e-5 to fit. */
function short(value: number): string {
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

/** Permutation importance: the drop in the main metric per feature, as a sorted bar list. */
export function PermutationImportance({
  importance,
}: {
  importance: {
    metric: string;
    baseline: number;
    rows: number;
    repeats: number;
    skipped: string[];
    features: { feature: string; drop: number; sd: number }[];
  };
}) {
  const max = Math.max(1e-12, ...importance.features.map((f) => Math.abs(f.drop)));
  return (
    <div className="importance" data-testid="permutation-importance" data-metric-name={importance.metric}>
      <div className="fitted-title">
        Permutation importance: drop in {importance.metric} (from {formatMetric(importance.baseline)}) when a
        feature is shuffled · {importance.rows.toLocaleString('en-US')} rows × {importance.repeats} repeats
      </div>
      <table className="mini importance-table">
        <thead>
          <tr>
            <th>Feature</th>
            <th>Drop in {importance.metric}</th>
            <th aria-label="bar" />
          </tr>
        </thead>
        <tbody>
          {importance.features.map((f) => (
            <tr key={f.feature} data-testid="importance-row" data-feature={f.feature} data-drop={f.drop}>
              <td className="importance-name" title={f.feature}>
                {f.feature}
              </td>
              <td className="num" title={`${f.drop} ± ${f.sd} (sd over ${importance.repeats} shuffles)`}>
                {short(f.drop)}
                <span className="muted"> ± {short(f.sd)}</span>
              </td>
              <td className="importance-bar-cell">
                <div
                  className={f.drop < 0 ? 'importance-bar negative' : 'importance-bar'}
                  style={{ width: `${(100 * Math.abs(f.drop)) / max}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {importance.skipped.length > 0 && (
        <div className="muted">
          Not permuted (past the first {importance.features.length} features): {importance.skipped.join(', ')}
        </div>
      )}
    </div>
  );
}
