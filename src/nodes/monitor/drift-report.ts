import { z } from 'zod';

const pair = z.tuple([z.number().nullable(), z.number().nullable()]);

/** One column's drift: PSI, the test, missing values, range and both distributions. */
export const driftColumnSchema = z.object({
  column: z.string(),
  type: z.string(),
  psi: z.number(),
  /** ks: two-sample Kolmogorov–Smirnov (numbers); chi2: chi-square of homogeneity (categories). */
  test: z.enum(['ks', 'chi2']),
  statistic: z.number(),
  pValue: z.number(),
  drifted: z.boolean(),
  refMissing: z.number(),
  curMissing: z.number(),
  /** Share of the current non-missing values outside the reference's [min, max]. */
  outOfRange: z.number(),
  /** Distinct current values the reference never had (categories). */
  newCategories: z.number(),
  range: z.object({ reference: pair, current: pair }).nullable(),
  /** Row counts per shared bin (numbers: reference deciles; categories: the top ones). */
  bins: z.object({
    labels: z.array(z.string()),
    reference: z.array(z.number()),
    current: z.array(z.number()),
  }),
});
export type DriftColumn = z.output<typeof driftColumnSchema>;

/** What monitor.drift reports. */
export const driftReport = z.object({
  psiThreshold: z.number(),
  referenceRows: z.number(),
  currentRows: z.number(),
  /** Columns of a type drift is not measured on (dates, times, lists). */
  notChecked: z.array(z.string()),
  drift: z.array(driftColumnSchema),
});
