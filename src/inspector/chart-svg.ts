import type * as PlotModule from '@observablehq/plot';
import type { ChartData } from '../nodes/visualize/chart-report';
import { CHART_COLORS } from './chart-draw';

/** One mark's datum: a point, a line vertex, a bar, a bin or a box, with its panel and series. */
export interface SvgDatum {
  facet: string;
  series: string;
  x?: number | Date | string;
  y?: number;
  x1?: number;
  x2?: number;
  label?: string;
  min?: number;
  q1?: number;
  median?: number;
  q3?: number;
  max?: number;
}

/**
 * The chart's marks as flat rows for Observable Plot: the same small data DuckDB computed for
 * the screen (no re-aggregation), bins and bars side by side per colour as on screen.
 */
export function svgData(chart: ChartData): SvgDatum[] {
  const rows: SvgDatum[] = [];
  const x = (v: number) => (chart.xTime ? new Date(v * 1000) : v);
  for (const panel of chart.panels) {
    const facet = panel.facet ?? '';
    const k = Math.max(1, panel.series.length);
    panel.series.forEach((s, i) => {
      const series = s.name ?? '';
      s.x.forEach((v, j) => {
        const y = s.y[j] ?? 0;
        if (chart.mark === 'histogram') {
          const w = chart.binWidth ?? 1;
          rows.push({ facet, series, x1: v + (i * w) / k, x2: v + ((i + 1) * w) / k, y });
        } else if (chart.mark === 'bar') rows.push({ facet, series, label: chart.categories[v] ?? '', y });
        else rows.push({ facet, series, x: x(v), y });
      });
    });
    for (const b of panel.boxes)
      rows.push({
        facet,
        series: '',
        label: b.group,
        min: b.min,
        q1: b.q1,
        median: b.median,
        q3: b.q3,
        max: b.max,
      });
  }
  return rows;
}

/** The marks of `chart` in Observable Plot, over the rows `svgData` made. */
function marks(Plot: typeof PlotModule, chart: ChartData, rows: SvgDatum[], colored: boolean) {
  const fy = chart.facet ? 'facet' : undefined;
  const paint = colored ? 'series' : (CHART_COLORS[0] as string);
  switch (chart.mark) {
    case 'scatter':
      return [Plot.dot(rows, { x: 'x', y: 'y', fy, fill: paint, r: 2, fillOpacity: 0.6 })];
    case 'line':
      return [Plot.line(rows, { x: 'x', y: 'y', fy, stroke: paint, z: 'series', strokeWidth: 2 })];
    case 'histogram':
      return [Plot.rectY(rows, { x1: 'x1', x2: 'x2', y: 'y', fy, fill: paint, inset: 0.5 }), Plot.ruleY([0])];
    case 'bar':
      return [Plot.barY(rows, { fx: 'label', x: 'series', y: 'y', fy, fill: paint }), Plot.ruleY([0])];
    case 'box': {
      const color = CHART_COLORS[0] as string;
      return [
        Plot.ruleX(rows, { x: 'label', y1: 'min', y2: 'max', fy, stroke: color }),
        Plot.barY(rows, {
          x: 'label',
          y1: 'q1',
          y2: 'q3',
          fy,
          fill: color,
          fillOpacity: 0.33,
          stroke: color,
        }),
        Plot.tickY(rows, { x: 'label', y: 'median', fy, stroke: color, strokeWidth: 2.5 }),
      ];
    }
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The chart as a standalone SVG document (title, colour key, one row of marks per facet),
 * drawn by Observable Plot from the same aggregates as the screen. uPlot, which draws the
 * screen, paints a canvas only; Plot is the well-kept library that writes SVG.
 */
export async function chartSvg(
  chart: ChartData,
  title: string,
  yTitle: string,
  width = 720,
): Promise<string> {
  const Plot = await import('@observablehq/plot');
  const rows = svgData(chart);
  const names = [...new Set(chart.panels.flatMap((p) => p.series.map((s) => s.name ?? '')))].filter(Boolean);
  const colored = names.length > 0;
  const colors = names.map((n, i) =>
    n === '(other)' ? '#9aa4b5' : (CHART_COLORS[i % CHART_COLORS.length] as string),
  );
  const categorical = chart.mark === 'bar' || chart.mark === 'box';
  const panelHeight = 240;
  const plot = Plot.plot({
    width,
    height: panelHeight * Math.max(1, chart.panels.length) + 40,
    marginLeft: 64,
    // Room for the facet values and the facet column's name on the right.
    marginRight: chart.facet ? 110 : 20,
    marginBottom: categorical && chart.categories.length > 8 ? 70 : 40,
    style: { fontFamily: 'system-ui, sans-serif', fontSize: '11px', background: '#ffffff' },
    color: colored ? { type: 'ordinal', domain: names, range: colors } : undefined,
    x:
      chart.mark === 'bar'
        ? { axis: null, domain: colored ? names : [''] }
        : categorical
          ? { label: chart.x, domain: chart.categories, tickRotate: chart.categories.length > 8 ? -40 : 0 }
          : { label: chart.x, type: chart.xTime ? 'utc' : 'linear' },
    fx:
      chart.mark === 'bar'
        ? {
            label: chart.x,
            domain: chart.categories,
            axis: 'bottom',
            tickRotate: chart.categories.length > 8 ? -40 : 0,
          }
        : undefined,
    y: { label: yTitle, grid: true },
    fy: chart.facet ? { label: chart.facet } : undefined,
    marks: marks(Plot, chart, rows, colored),
  });
  const head = colored ? 52 : 30;
  const outer = document.createElementNS(SVG_NS, 'svg');
  outer.setAttribute('width', String(width));
  outer.setAttribute('height', String(head + Number(plot.getAttribute('height'))));
  outer.setAttribute('viewBox', `0 0 ${outer.getAttribute('width')} ${outer.getAttribute('height')}`);
  outer.setAttribute('font-family', 'system-ui, sans-serif');
  const text = (x: number, y: number, content: string, size: number, fill = '#1d2433') => {
    const t = document.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(y));
    t.setAttribute('font-size', String(size));
    t.setAttribute('fill', fill);
    t.textContent = content;
    outer.append(t);
  };
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  outer.append(background);
  text(8, 20, title, 14);
  let x = 8;
  names.forEach((n, i) => {
    const swatch = document.createElementNS(SVG_NS, 'rect');
    swatch.setAttribute('x', String(x));
    swatch.setAttribute('y', '34');
    swatch.setAttribute('width', '10');
    swatch.setAttribute('height', '10');
    swatch.setAttribute('fill', colors[i] as string);
    outer.append(swatch);
    text(x + 14, 43, n, 12);
    x += 24 + n.length * 7;
  });
  plot.setAttribute('y', String(head));
  outer.append(plot);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(outer)}`;
}
