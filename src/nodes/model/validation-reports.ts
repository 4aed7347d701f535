import { z } from 'zod';
import { MODEL_FAMILIES, MODEL_TASKS } from '../../shared/models';
import { reportParts } from '../reports';

const task = z.enum(MODEL_TASKS);
const family = z.enum(MODEL_FAMILIES);
const metricRecord = z.record(z.string(), z.number());

/** What model.cross_validate reports: mean ± sd per metric and every fold's numbers. */
export const crossValidateReport = z.object({
  /** The model whose settings were cross-validated: the registry keeps its numbers with it. */
  modelId: reportParts.modelId,
  task,
  target: z.string(),
  family,
  folds: z.number(),
  stratified: z.boolean(),
  rows: reportParts.rows,
  metrics: metricRecord,
  sd: metricRecord,
  resultsTable: reportParts.resultsTable,
  note: z.string(),
});

/** What model.compare reports: each model's metrics on the same rows, best marked. */
export const compareReport = z.object({
  task,
  target: z.string(),
  method: z.string(),
  metric: z.string(),
  rows: reportParts.rows,
  picked: z.string(),
  resultsTable: reportParts.resultsTable,
  note: z.string().optional(),
});

/** What model.search reports: every setting tried, sorted by the metric, and the best one. */
export const searchReport = z.object({
  task,
  target: z.string(),
  family,
  method: z.string(),
  metric: z.string(),
  folds: z.number(),
  rows: reportParts.rows,
  trials: z.number(),
  best: z.record(z.string(), z.number()),
  bestScore: z.number(),
  resultsTable: reportParts.resultsTable,
  note: z.string(),
});
