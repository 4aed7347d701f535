import { z } from 'zod';

export const MARKS = ['scatter', 'line', 'bar', 'histogram', 'box'] as const;
export type Mark = (typeof MARKS)[number];
export const AGGREGATES = ['count', 'sum', 'mean', 'median', 'min', 'max'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** One coloured series: scatter points, a line, bars (x = category index) or histogram bins (x = bin start). */
const seriesSchema = z.object({
  /** The colour column's value; null when there is no colour column. */
  name: z.string().nullable(),
  x: z.array(z.number()),
  y: z.array(z.number()),
});

/** A five-number summary of the y values of one group. */
const boxSchema = z.object({
  group: z.string(),
  min: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  max: z.number(),
  n: z.number(),
});
export type BoxSummary = z.output<typeof boxSchema>;

/** One small multiple: the facet column's value (null when not faceted) and what it draws. */
const panelSchema = z.object({
  facet: z.string().nullable(),
  series: z.array(seriesSchema),
  boxes: z.array(boxSchema),
});
export type ChartPanel = z.output<typeof panelSchema>;

/**
 * What a chart node computed in SQL: small enough to send to the page whatever the table's
 * size (points sampled, lines and bars aggregated, histograms binned, boxes summarised).
 */
export const chartSchema = z.object({
  mark: z.enum(MARKS),
  x: z.string(),
  y: z.string(),
  color: z.string(),
  facet: z.string(),
  aggregate: z.enum(AGGREGATES),
  /** x values are epoch seconds (a date or timestamp column). */
  xTime: z.boolean(),
  /** Bar and box: the x labels, indexed by a bar's x. */
  categories: z.array(z.string()),
  /** Histogram: the bins' width (each series' x is a bin's start). */
  binWidth: z.number().nullable(),
  /** Rows of the input table. */
  rows: z.number(),
  /** Rows with the values the mark needs (not NULL, finite). */
  used: z.number(),
  /** Marks drawn over all panels: points, line vertices, bars, bins or boxes. */
  marks: z.number(),
  /** Scatter: points were sampled down to the cap. */
  sampled: z.boolean(),
  /** What was left out (categories past the cap), said plainly; null when nothing was. */
  note: z.string().nullable(),
  panels: z.array(panelSchema),
});
export type ChartData = z.output<typeof chartSchema>;
