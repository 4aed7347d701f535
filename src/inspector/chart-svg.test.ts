import { describe, expect, it } from 'vitest';
import type { ChartData } from '../nodes/visualize/chart-report';
import { svgData } from './chart-svg';

const base: ChartData = {
  mark: 'histogram',
  x: 'v',
  y: '',
  color: '',
  facet: '',
  aggregate: 'count',
  xTime: false,
  categories: [],
  binWidth: 2,
  rows: 10,
  used: 10,
  marks: 2,
  sampled: false,
  note: null,
  panels: [],
};

describe('svgData', () => {
  it('puts two colours of histogram bins side by side in each bin, as on screen', () => {
    const rows = svgData({
      ...base,
      panels: [
        {
          facet: null,
          series: [
            { name: 'a', x: [0, 2], y: [3, 4] },
            { name: 'b', x: [0], y: [1] },
          ],
          boxes: [],
        },
      ],
    });
    expect(rows).toEqual([
      { facet: '', series: 'a', x1: 0, x2: 1, y: 3 },
      { facet: '', series: 'a', x1: 2, x2: 3, y: 4 },
      { facet: '', series: 'b', x1: 1, x2: 2, y: 1 },
    ]);
  });

  it('labels bars with their category, dates as dates, boxes with their group and facet', () => {
    const bars = svgData({
      ...base,
      mark: 'bar',
      categories: ['north', 'south'],
      panels: [{ facet: 'x', series: [{ name: null, x: [1, 0], y: [5, 6] }], boxes: [] }],
    });
    expect(bars.map((r) => [r.facet, r.label, r.y])).toEqual([
      ['x', 'south', 5],
      ['x', 'north', 6],
    ]);
    const line = svgData({
      ...base,
      mark: 'line',
      xTime: true,
      panels: [{ facet: null, series: [{ name: null, x: [86400], y: [1] }], boxes: [] }],
    });
    expect(line[0]?.x).toEqual(new Date('1970-01-02T00:00:00Z'));
    const boxes = svgData({
      ...base,
      mark: 'box',
      panels: [
        {
          facet: 'p',
          series: [],
          boxes: [{ group: 'g', min: 0, q1: 1, median: 2, q3: 3, max: 4, n: 9 }],
        },
      ],
    });
    expect(boxes).toEqual([{ facet: 'p', series: '', label: 'g', min: 0, q1: 1, median: 2, q3: 3, max: 4 }]);
  });
});
