import './chart-view.css';
import { useMemo, useRef } from 'react';
import uPlot from 'uplot';
import type { ChartData, ChartPanel } from '../nodes/visualize/chart-report';
import { downloadBlob } from '../ui/download';
import { drawMarks, extent, seriesColors, xValues, yValues } from './chart-draw';
import { chartSvg } from './chart-svg';
import { UPlotChart } from './UPlotChart';

type Options = Omit<uPlot.Options, 'width' | 'height'>;

const AXIS_FONT = '11px system-ui, sans-serif';

function yTitle(chart: ChartData): string {
  if (chart.mark === 'histogram') return 'rows';
  if (chart.mark === 'bar' || chart.mark === 'line')
    return chart.aggregate === 'count' ? 'rows' : `${chart.aggregate} of ${chart.y}`;
  return chart.y;
}

/** uPlot options and data for one panel: scatter and line through uPlot's paths, the rest drawn by a hook. */
function panelPlot(
  chart: ChartData,
  panel: ChartPanel,
  colors: Map<string | null, string>,
  yRange: [number, number],
): { options: Options; data: uPlot.AlignedData } {
  const categorical = chart.mark === 'bar' || chart.mark === 'box';
  const xRange: [number, number] = categorical
    ? [-0.6, Math.max(chart.categories.length, 1) - 0.4]
    : extent(xValues(chart), false);
  const labels = chart.categories;
  const xAxis: uPlot.Axis = categorical
    ? {
        label: chart.x || undefined,
        font: AXIS_FONT,
        splits: () => labels.map((_, i) => i),
        values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
        ...(labels.length > 8 ? { rotate: -40, size: 70 } : {}),
      }
    : { label: chart.x, font: AXIS_FONT };
  const drawn = chart.mark === 'scatter' || chart.mark === 'line';
  const series: uPlot.Series[] = drawn
    ? panel.series.map((s) => {
        const color = colors.get(s.name) ?? '#3b6ff5';
        return chart.mark === 'scatter'
          ? {
              label: s.name ?? chart.y,
              stroke: color,
              fill: `${color}66`,
              paths: uPlot.paths.points?.(),
              points: { show: false, size: 4, width: 1 },
            }
          : { label: s.name ?? chart.y, stroke: color, width: 2, points: { show: false } };
      })
    : [{ label: 'marks', paths: () => null, points: { show: false } }];
  const data = drawn ? [null, ...panel.series.map((s) => [s.x, s.y])] : [null, [xRange, yRange]];
  return {
    options: {
      mode: 2,
      scales: {
        x: { time: chart.xTime, auto: false, range: xRange },
        y: { auto: false, range: yRange },
      },
      axes: [xAxis, { label: yTitle(chart), size: 60, font: AXIS_FONT }],
      legend: { show: false },
      cursor: { show: false },
      series: [{}, ...series],
      hooks: drawn ? {} : { draw: [drawMarks(chart, panel, colors)] },
    },
    // uPlot's mode 2 takes [null, [xs, ys], …]; its AlignedData type describes mode 1 only.
    data: data as unknown as uPlot.AlignedData,
  };
}

function PanelView({
  chart,
  panel,
  colors,
  yRange,
  height,
}: {
  chart: ChartData;
  panel: ChartPanel;
  colors: Map<string | null, string>;
  yRange: [number, number];
  height: number;
}) {
  const { options, data } = useMemo(
    () => panelPlot(chart, panel, colors, yRange),
    [chart, panel, colors, yRange],
  );
  const marks = panel.boxes.length + panel.series.reduce((n, s) => n + s.x.length, 0);
  return (
    <figure
      className="chart-panel"
      data-testid="chart-panel"
      data-facet={panel.facet ?? ''}
      data-marks={marks}
    >
      {panel.facet !== null && (
        <figcaption>
          {chart.facet} = <strong>{panel.facet}</strong>
        </figcaption>
      )}
      <UPlotChart
        options={options}
        data={data}
        height={height}
        label={`${chart.mark} of ${chart.x || chart.y}${panel.facet === null ? '' : `, ${chart.facet} ${panel.facet}`}`}
      />
    </figure>
  );
}

/**
 * Every panel's canvas (axes and marks) on one PNG under the title and the colour key, the
 * panels in rows as on screen. Facet names are drawn above their panel.
 */
function chartPng(
  root: HTMLElement,
  title: string,
  key: { name: string; color: string }[],
  facetColumn: string,
): Promise<Blob | null> {
  const canvases = [...root.querySelectorAll<HTMLCanvasElement>('.chart-panel canvas')];
  const dpr = devicePixelRatio;
  const gap = 8 * dpr;
  const head = (key.length ? 52 : 30) * dpr;
  const width = Math.max(...canvases.map((c) => c.width), 1);
  const height = head + canvases.reduce((h, c) => h + c.height + gap + 18 * dpr, 0);
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  if (!ctx) return Promise.resolve(null);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#1d2433';
  ctx.font = `${14 * dpr}px system-ui, sans-serif`;
  ctx.fillText(title, 8 * dpr, 20 * dpr);
  ctx.font = `${12 * dpr}px system-ui, sans-serif`;
  let x = 8 * dpr;
  for (const k of key) {
    ctx.fillStyle = k.color;
    ctx.fillRect(x, 34 * dpr, 10 * dpr, 10 * dpr);
    ctx.fillStyle = '#1d2433';
    ctx.fillText(k.name, x + 14 * dpr, 43 * dpr);
    x += (24 + ctx.measureText(k.name).width / dpr) * dpr;
  }
  let y = head;
  for (const c of canvases) {
    const facet = c.closest('.chart-panel')?.getAttribute('data-facet');
    if (facet) {
      ctx.fillStyle = '#5d6679';
      ctx.fillText(`${facetColumn} = ${facet}`, 8 * dpr, y + 12 * dpr);
      y += 18 * dpr;
    }
    ctx.drawImage(c, 0, y);
    y += c.height + gap;
  }
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}

/**
 * A chart node's plot, drawn from the small data DuckDB computed: one panel per facet
 * value sharing the y axis, one colour per series. The element lists what is drawn
 * (`data-mark`, `data-marks`, `data-series`) for tests and the canvas shows it.
 */
export function ChartView({
  chart,
  height = 220,
  name,
}: {
  chart: ChartData;
  height?: number;
  name: string;
}) {
  const root = useRef<HTMLDivElement>(null);
  const colors = useMemo(() => seriesColors(chart), [chart]);
  const yRange = useMemo(
    () => extent(yValues(chart), chart.mark === 'bar' || chart.mark === 'histogram'),
    [chart],
  );
  const named = [...colors.keys()].filter((k): k is string => k !== null);
  const title = `${chart.mark}: ${[chart.x, chart.mark === 'histogram' ? '' : chart.y].filter(Boolean).join(' × ')}`;
  return (
    <div
      className="chart-view"
      ref={root}
      data-testid="chart"
      data-mark={chart.mark}
      data-marks={chart.marks}
      data-series={Math.max(1, named.length)}
    >
      <div className="chart-meta">
        <span>
          {chart.used.toLocaleString('en-US')} of {chart.rows.toLocaleString('en-US')} rows
          {chart.sampled && ` · ${chart.marks.toLocaleString('en-US')} sampled points`}
        </span>
        <button
          type="button"
          className="btn btn-small"
          onClick={async () => {
            const el = root.current;
            const key = named.map((n) => ({ name: n, color: colors.get(n) ?? '' }));
            const png = el && (await chartPng(el, title, key, chart.facet));
            if (png) downloadBlob(png, `${name}-chart.png`, 'image/png');
          }}
        >
          Download chart
        </button>
        <button
          type="button"
          className="btn btn-small"
          title="The chart as an SVG vector image (drawn with Observable Plot from the same aggregates)"
          onClick={async () => {
            const svg = await chartSvg(chart, title, yTitle(chart));
            downloadBlob(svg, `${name}-chart.svg`, 'image/svg+xml');
          }}
        >
          Download SVG
        </button>
      </div>
      {chart.note && <div className="chart-note muted">Note: {chart.note}</div>}
      {named.length > 0 && (
        <div className="chart-key">
          <span className="muted">{chart.color}:</span>
          {named.map((n) => (
            <span key={n} className="chart-key-item">
              <i style={{ background: colors.get(n) }} />
              {n}
            </span>
          ))}
        </div>
      )}
      {chart.panels.length === 0 ? (
        <div className="muted">No rows with values to plot.</div>
      ) : (
        <div className={`chart-panels${chart.panels.length > 1 ? ' faceted' : ''}`}>
          {chart.panels.map((p) => (
            <PanelView
              key={p.facet ?? ''}
              chart={chart}
              panel={p}
              colors={colors}
              yRange={yRange}
              height={height}
            />
          ))}
        </div>
      )}
    </div>
  );
}
