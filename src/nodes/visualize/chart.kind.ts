import { z } from 'zod';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { reportParts } from '../reports';
import { AGGREGATES, MARKS } from './chart-report';
import { chartData } from './chart-sql';

export default defineNodeKind({
  kind: 'chart.plot',
  version: 1,
  title: 'Chart',
  category: 'Visualize',
  description:
    'Plots the input table: scatter (x, y; sampled to 5,000 points), line (y aggregated per x), bar ' +
    '(y aggregated per x category, or a count), histogram (x in equal-width bins) or box plot (y per x ' +
    'category: min, quartiles, median, max). Colour splits series, facet draws one panel per value. ' +
    'DuckDB reduces the table first, so a million rows draw as fast as a thousand.',
  inputs: { in: { type: 'table' } },
  outputs: {},
  params: {
    mark: param.select('Mark', MARKS, 'histogram'),
    x: param.column('x', { help: 'Box plot: the groups (optional).' }),
    y: param.column('y', { help: 'Not used by histograms, nor by bars that count rows.' }),
    color: param.column('Colour (optional)'),
    facet: param.column('Facet (optional)'),
    bins: param.number('Bins', 30, { min: 1, max: 200, int: true, help: 'Histogram only.' }),
    aggregate: param.select('Aggregate', AGGREGATES, 'count', {
      help: 'Bar and line: how the y values of one x are combined (count needs no y).',
    }),
  },
  report: z.object({ chart: reportParts.chart }),
  subtitle: (p) => `${p.mark}${p.x ? ` of ${p.x}` : ''}${p.y && p.mark !== 'histogram' ? ` × ${p.y}` : ''}`,
  run: async ({ inputs, params, ctx }) => {
    const input = inputs.in;
    const chart = await chartData((sql) => ctx.sql.query(sql, { input }), input.columns, params);
    if (chart.note) ctx.log(chart.note);
    ctx.report({ chart });
    return {};
  },
});
