import type uPlot from 'uplot';
import type { ChartData, ChartPanel } from '../nodes/visualize/chart-report';

/** Series colours, blue first; "(other)" is grey. */
export const CHART_COLORS = [
  '#3b6ff5',
  '#e0453a',
  '#2f9e58',
  '#d08a10',
  '#8a4fd6',
  '#1b9aaa',
  '#c2459a',
  '#6b7a2a',
];
const OTHER_COLOR = '#9aa4b5';

/** The colour of each series name, the same in every panel. */
export function seriesColors(chart: ChartData): Map<string | null, string> {
  const colors = new Map<string | null, string>();
  for (const panel of chart.panels)
    for (const s of panel.series)
      if (!colors.has(s.name))
        colors.set(
          s.name,
          s.name === '(other)' ? OTHER_COLOR : (CHART_COLORS[colors.size % CHART_COLORS.length] as string),
        );
  if (!colors.size) colors.set(null, CHART_COLORS[0] as string);
  return colors;
}

/** The extent of `values` with a margin; `zero` keeps 0 in range (bars and counts grow from it). */
export function extent(values: Iterable<number>, zero = false): [number, number] {
  let lo = zero ? 0 : Number.POSITIVE_INFINITY;
  let hi = zero ? 0 : Number.NEGATIVE_INFINITY;
  for (const v of values)
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.05;
  return [zero && lo === 0 ? 0 : lo - pad, zero && hi === 0 ? 0 : hi + pad];
}

/** Every y value drawn, so all panels share one y axis. */
export function yValues(chart: ChartData): number[] {
  return chart.panels.flatMap((p) => [
    ...p.series.flatMap((s) => s.y),
    ...p.boxes.flatMap((b) => [b.min, b.max]),
  ]);
}

/** Every x value drawn (scatter, line, histogram). */
export function xValues(chart: ChartData): number[] {
  const xs = chart.panels.flatMap((p) => p.series.flatMap((s) => s.x));
  if (chart.mark === 'histogram' && chart.binWidth !== null && xs.length)
    xs.push(Math.max(...xs) + chart.binWidth);
  return xs;
}

/**
 * A uPlot draw hook for the marks uPlot has no path for: histogram bins and bars (side by
 * side per colour) and box plots (whiskers min–max, box q1–q3, the median across).
 */
export function drawMarks(chart: ChartData, panel: ChartPanel, colors: Map<string | null, string>) {
  return (u: uPlot) => {
    const { ctx, bbox } = u;
    const X = (v: number) => u.valToPos(v, 'x', true);
    const Y = (v: number) => u.valToPos(v, 'y', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    const k = Math.max(1, panel.series.length);
    const gap = devicePixelRatio;
    panel.series.forEach((s, i) => {
      ctx.fillStyle = colors.get(s.name) ?? (CHART_COLORS[0] as string);
      s.x.forEach((x, j) => {
        const y = s.y[j] ?? 0;
        const [a, b] =
          chart.mark === 'histogram'
            ? [x + (i * (chart.binWidth ?? 1)) / k, x + ((i + 1) * (chart.binWidth ?? 1)) / k]
            : [x - 0.4 + (i * 0.8) / k, x - 0.4 + ((i + 1) * 0.8) / k];
        const left = X(a);
        const width = Math.max(1, X(b) - left - gap);
        const top = Math.min(Y(y), Y(0));
        ctx.fillRect(left, top, width, Math.abs(Y(0) - Y(y)));
      });
    });
    const color = CHART_COLORS[0] as string;
    for (const [j, box] of panel.boxes.entries()) {
      const cx = X(j);
      const half = (X(j + 0.3) - X(j - 0.3)) / 2;
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(cx, Y(box.min));
      ctx.lineTo(cx, Y(box.q1));
      ctx.moveTo(cx, Y(box.q3));
      ctx.lineTo(cx, Y(box.max));
      ctx.moveTo(cx - half / 2, Y(box.min));
      ctx.lineTo(cx + half / 2, Y(box.min));
      ctx.moveTo(cx - half / 2, Y(box.max));
      ctx.lineTo(cx + half / 2, Y(box.max));
      ctx.stroke();
      ctx.fillStyle = `${color}55`;
      ctx.fillRect(cx - half, Y(box.q3), 2 * half, Y(box.q1) - Y(box.q3));
      ctx.strokeRect(cx - half, Y(box.q3), 2 * half, Y(box.q1) - Y(box.q3));
      ctx.lineWidth = 2.5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(cx - half, Y(box.median));
      ctx.lineTo(cx + half, Y(box.median));
      ctx.stroke();
    }
    ctx.restore();
  };
}
