import { z } from 'zod';

/** Which form control edits a param; the inspector maps each to a component. */
export type Control =
  | 'text'
  | 'sql'
  | 'number'
  | 'select'
  | 'toggle'
  | 'column'
  | 'columns'
  | 'file'
  | 'json'
  /** Validate rules: a form row per rule, with the JSON one click away. */
  | 'rules'
  /** A network's hidden layers: a row per layer (units, activation, dropout), JSON one click away. */
  | 'layers';

/** One param of a node kind: its zod schema (with default) and how the form edits it. */
export interface ParamSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  control: Control;
  label: string;
  help?: string;
  /** Choices for `select`. */
  options?: readonly string[];
  /**
   * For a `columns` param whose empty list means "all usable columns": the param holding
   * the exceptions. The form edits both as one control, so adding an exception never turns
   * "all" into a single column.
   */
  allExcept?: string;
  /** For `number`: the bounds and whether it takes integers only. */
  min?: number;
  max?: number;
  int?: boolean;
}

interface Common {
  help?: string;
}

/**
 * A mapping keyed by column name (column → type, old name → new name). zod's `z.record`
 * builds its result by assignment, so a column called `__proto__` silently vanished from it;
 * this keeps every own key of the input (output built with `Object.fromEntries`, which
 * defines keys rather than assigning them) and reports a bad value under its column's name.
 */
export function columnRecord<V extends z.ZodType>(value: V) {
  return z.custom<Record<string, z.input<V>>>().transform((input, ctx) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: 'expected an object of column name → value' });
      return z.NEVER;
    }
    const entries: [string, z.output<V>][] = [];
    for (const [key, raw] of Object.entries(input)) {
      const parsed = value.safeParse(raw);
      if (parsed.success) entries.push([key, parsed.data]);
      else
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
    }
    return Object.fromEntries(entries) as Record<string, z.output<V>>;
  });
}

/** Builders for param specs: each returns a schema with its default and its control. */
export const param = {
  text: (label: string, def: string, o: Common = {}) => ({
    control: 'text' as const,
    label,
    ...o,
    schema: z.string().default(def),
  }),
  sql: (label: string, def: string, o: Common = {}) => ({
    control: 'sql' as const,
    label,
    ...o,
    schema: z.string().min(1, 'must not be empty').default(def),
  }),
  file: (label: string, o: Common = {}) => ({
    control: 'file' as const,
    label,
    ...o,
    schema: z.string().default(''),
  }),
  number: (label: string, def: number, o: Common & { min?: number; max?: number; int?: boolean } = {}) => {
    let s = o.int ? z.number().int() : z.number();
    if (o.min !== undefined) s = s.min(o.min);
    if (o.max !== undefined) s = s.max(o.max);
    // Bounds kept beside the schema: a search over this setting draws within them.
    return {
      control: 'number' as const,
      label,
      help: o.help,
      min: o.min,
      max: o.max,
      int: o.int ?? false,
      schema: s.default(def),
    };
  },
  select: <const T extends readonly [string, ...string[]]>(
    label: string,
    options: T,
    def: T[number],
    o: Common = {},
  ) => ({
    control: 'select' as const,
    label,
    options,
    ...o,
    schema: z.enum(options).default(def as never),
  }),
  toggle: (label: string, def: boolean, o: Common = {}) => ({
    control: 'toggle' as const,
    label,
    ...o,
    schema: z.boolean().default(def),
  }),
  /** One column of the input table, by name ('' = none chosen); picked from upstream columns. */
  column: (label: string, o: Common = {}) => ({
    control: 'column' as const,
    label,
    ...o,
    schema: z.string().default(''),
  }),
  columns: (label: string, o: Common = {}) => ({
    control: 'columns' as const,
    label,
    ...o,
    schema: z.array(z.string()).default([]),
  }),
  /** Structured params (lists of rules, mappings): edited as JSON, validated by `schema`. */
  json: <S extends z.ZodType>(label: string, schema: S, o: Common = {}) => ({
    control: 'json' as const,
    label,
    ...o,
    schema,
  }),
} satisfies Record<string, (...args: never[]) => ParamSpec>;
