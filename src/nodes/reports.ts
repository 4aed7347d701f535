import { z } from 'zod';
import { driftColumnSchema } from './monitor/drift-report';
import { columnRecord } from './params';
import { chartSchema } from './visualize/chart-report';

/*
 * Report parts that code outside a kind reads (the card, the inspector, the model export).
 * A kind's `report` schema is built from these plus fields of its own, so each part means
 * the same thing whichever kind reports it, and readers never look reports up by kind name.
 */

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** Fill values an imputer learned per column. */
export const imputeFittedSchema = z.object({
  kind: z.literal('impute'),
  /** Target columns of downstream models the stage left alone. */
  targetsLeftAlone: z.array(z.string()).optional(),
  values: columnRecord(cell),
  methods: columnRecord(z.string()),
});

/** Centre/spread a scaler learned per column, under the names its method uses (mean/std, min/max …). */
export const scaleFittedSchema = z.object({
  kind: z.literal('scale'),
  targetsLeftAlone: z.array(z.string()).optional(),
  method: z.string(),
  columns: z.array(z.looseObject({ column: z.string() })),
});

/** One-hot vocabularies. */
export const onehotFittedSchema = z.object({
  kind: z.literal('onehot'),
  targetsLeftAlone: z.array(z.string()).optional(),
  maxCategories: z.number(),
  columns: z.array(
    z.object({
      column: z.string(),
      categories: z.array(z.string()),
      counts: z.array(z.number()),
      distinct: z.number(),
      other: z.boolean(),
    }),
  ),
});

/** Target-encoding table: every kept category and the shared "other" bucket. */
export const targetEncodeFittedSchema = z.object({
  kind: z.literal('target_encode'),
  targetsLeftAlone: z.array(z.string()).optional(),
  column: z.string(),
  target: z.string(),
  smoothing: z.number(),
  minCount: z.number(),
  globalMean: z.number().nullable(),
  categoryCount: z.number(),
  categories: z.array(
    z.object({ value: z.string().nullable(), count: z.number(), encoding: z.number().nullable() }),
  ),
  other: z.object({ categories: z.number(), count: z.number(), encoding: z.number().nullable() }),
  rule: z.string(),
});

/**
 * Statistics a fitted stage learned on its `in` table and applies to `apply`: shown by the
 * inspector and written into an exported model's preprocessing, keyed by `kind`.
 */
export const fittedStatsSchema = z.discriminatedUnion('kind', [
  imputeFittedSchema,
  scaleFittedSchema,
  onehotFittedSchema,
  targetEncodeFittedSchema,
]);
export type FittedStats = z.output<typeof fittedStatsSchema>;

/** One data-quality rule's outcome. */
export const ruleResultSchema = z.object({
  rule: z.string(),
  type: z.string(),
  passed: z.boolean(),
  failingRows: z.number(),
  examples: z.array(columnRecord(z.unknown())),
  /** For `row_count`: the table's row count. */
  observed: z.number().optional(),
});
export type RuleResultReport = z.output<typeof ruleResultSchema>;

/** The parts with a fixed meaning; a kind's report may hold any of them. */
export const reportParts = {
  /** A fitted stage's statistics. */
  fitted: fittedStatsSchema,
  /** Validation outcomes, one per rule. */
  rules: z.array(ruleResultSchema),
  /** The model this node's metrics were measured on: the model export includes them. */
  modelId: z.string(),
  /** Rows of the table the node holds or passes on (e.g. ready to download). */
  rows: z.number(),
  /** Where a model trained, and why there when it is not the one asked for. */
  backend: z.string(),
  backendNote: z.string().nullable(),
  /** Classification: class labels in the order of `confusion`'s rows and columns. */
  labels: z.array(z.string()),
  /** Classification: counts of actual (row) against predicted (column) class. */
  confusion: z.array(z.array(z.number())),
  /** Regression: a sample of actual and predicted values. */
  scatter: z.object({ actual: z.array(z.number()), predicted: z.array(z.number()) }),
  /** A model's numbers per feature (tree gain importance, linear coefficients): a small table. */
  featureTable: z.object({
    title: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.union([z.string(), z.number()]))),
  }),
  /**
   * Models or settings side by side (cross-validation folds, model comparison, search
   * trials): `best[c]` is the row holding column c's best value (null: not ranked).
   * `rowKeys` name rows a user can pick into the kind's `pickParam`; `picked` is the one used.
   */
  /** A drift check, column by column (monitor.drift). */
  drift: z.array(driftColumnSchema),
  /** What a chart draws, reduced by DuckDB (chart.plot). */
  chart: chartSchema,
  resultsTable: z.object({
    title: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.array(cell)),
    best: z.array(z.number().nullable()).optional(),
    rowKeys: z.array(z.string()).optional(),
    pickParam: z.string().optional(),
    picked: z.string().optional(),
  }),
} as const;

type Parts = typeof reportParts;
/**
 * What every report is: the parts above typed as declared, anything else the kind's own.
 * The index signature lets a kind report fields of its own.
 */
export type ReportParts = { [K in keyof Parts]?: z.output<Parts[K]> } & { [key: string]: unknown };

/** Reports of the fitted stages: their statistics and nothing else. */
export const imputeReport = z.object({ fitted: imputeFittedSchema });
export const scaleReport = z.object({ fitted: scaleFittedSchema });
export const onehotReport = z.object({ fitted: onehotFittedSchema });
export const targetEncodeReport = z.object({ fitted: targetEncodeFittedSchema });

export const rulesReport = z.object({ rules: reportParts.rules });
export const dedupeReport = z.object({ removed: z.number() });
export const dropNullsReport = z.object({ dropped: z.number() });
export const exportDataReport = z.object({ rows: reportParts.rows, columns: z.number() });
