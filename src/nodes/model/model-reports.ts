import { z } from 'zod';
import { MODEL_TASKS } from '../../shared/models';
import { reportParts } from '../reports';

const task = z.enum(MODEL_TASKS);
const classLabel = z.union([z.string(), z.number(), z.boolean()]);
const numbers = z.array(z.number());
const epochLogs = z.looseObject({ epoch: z.number(), loss: z.number() }).catchall(z.number());

/** What model.train reports: the fit's outcome, shown in the inspector. */
export const trainReport = z.object({
  task,
  target: z.string(),
  features: z.array(z.string()),
  /** Columns left out of the features because their type cannot be one. */
  notFeatures: z.array(z.string()).optional(),
  classes: z.array(classLabel),
  backend: reportParts.backend,
  backendNote: reportParts.backendNote,
  epochs: z.number(),
  epochsPlanned: z.number(),
  bestEpoch: z.number(),
  stoppedEarly: z.boolean(),
  finalLoss: z.number().nullable(),
  finalValLoss: z.number().nullable(),
  trainRows: z.number(),
  valRows: z.number(),
  parameters: z.number(),
  durationMs: z.number(),
  history: z.array(epochLogs),
});

/** What the solver families (model.gbdt, model.linear) report about their fit. */
const solverFit = {
  task,
  target: z.string(),
  features: z.array(z.string()),
  notFeatures: z.array(z.string()).optional(),
  classes: z.array(classLabel),
  backend: reportParts.backend,
  finalLoss: z.number().nullable(),
  trainRows: z.number(),
  valRows: z.number(),
  parameters: z.number(),
  durationMs: z.number(),
  history: z.array(epochLogs),
  featureTable: reportParts.featureTable,
};

/** What model.gbdt reports: rounds kept, tree sizes and gain importance per feature. */
export const gbdtReport = z.object({
  ...solverFit,
  rounds: z.number(),
  roundsPlanned: z.number(),
  stoppedEarly: z.boolean(),
  finalValLoss: z.number().nullable(),
  trees: z.number(),
  leaves: z.number(),
  categorical: z.array(z.string()),
});

/** What model.linear reports: the model (ridge, logistic, multinomial) and its coefficients. */
export const linearReport = z.object({
  ...solverFit,
  model: z.string(),
  l2: z.number(),
  iterations: z.number(),
});

/** What model.evaluate reports: its metrics for one model, with a scatter or a confusion matrix. */
export const evaluateReport = z.object({
  modelId: reportParts.modelId,
  task,
  target: z.string(),
  rows: reportParts.rows,
  metrics: z.record(z.string(), z.number()),
  /** Binary: the probability above which the positive class is predicted. */
  threshold: z.number().optional(),
  baseline: z.object({
    predictor: z.string(),
    value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  }),
  scatter: reportParts.scatter.optional(),
  labels: reportParts.labels.optional(),
  positiveClass: z.string().nullable().optional(),
  confusion: reportParts.confusion.optional(),
  unseenLabelRows: z.number().optional(),
  /** Binary: ROC points at descending thresholds (at most ~200). */
  roc: z.object({ fpr: numbers, tpr: numbers }).optional(),
  /** Multiclass: each class's ROC against the rest (the first 10 classes), with its AUC. */
  rocByClass: z
    .array(z.object({ label: z.string(), auc: z.number().nullable(), fpr: numbers, tpr: numbers }))
    .optional(),
  /** Binary: precision–recall points at the same thresholds. */
  pr: z.object({ recall: numbers, precision: numbers }).optional(),
  /** Binary: per probability bin, mean predicted probability, observed positive rate and rows. */
  calibration: z.object({ predicted: numbers, observed: numbers, count: numbers }).optional(),
  /** Drop in `metric` when each feature is shuffled, largest first. */
  importance: z
    .object({
      metric: z.string(),
      baseline: z.number(),
      rows: z.number(),
      repeats: z.number(),
      skipped: z.array(z.string()),
      features: z.array(z.object({ feature: z.string(), drop: z.number(), sd: z.number() })),
    })
    .optional(),
});
export type EvaluateReport = z.output<typeof evaluateReport>;

export const predictReport = z.object({
  task,
  rows: reportParts.rows,
  features: z.array(z.string()),
  added: z.array(z.string()),
});

export const exportModelReport = z.object({
  task,
  target: z.string(),
  features: z.number(),
  classes: z.array(classLabel),
  files: z.array(z.string()),
});
