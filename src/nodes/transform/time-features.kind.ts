import { z } from 'zod';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { columnType, quoteIdent, requireColumns } from '../sql-util';

const FEATURES = ['hour', 'day_of_week', 'is_weekend', 'month', 'day_of_year'] as const;
type Feature = (typeof FEATURES)[number];

/** Each feature over a TIMESTAMP expression; all INTEGER so models see plain numbers. */
const FEATURE_SQL: Record<Feature, (ts: string) => string> = {
  hour: (ts) => `hour(${ts})`,
  // ISO: Monday = 1 … Sunday = 7, the same whatever the locale's first weekday.
  day_of_week: (ts) => `isodow(${ts})`,
  is_weekend: (ts) => `CAST(isodow(${ts}) >= 6 AS INTEGER)`,
  month: (ts) => `month(${ts})`,
  day_of_year: (ts) => `dayofyear(${ts})`,
};

export default defineNodeKind({
  kind: 'transform.time_features',
  version: 1,
  title: 'Time features',
  category: 'Transform',
  description:
    'Adds calendar features of a timestamp or date column as INTEGER columns named `<column>_<feature>`: ' +
    'hour, day_of_week (ISO: 1 = Monday … 7 = Sunday), is_weekend (0/1), month, day_of_year. ' +
    'A NULL time gives NULL features.',
  inputs: { in: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    column: param.column('Time column', { help: 'A TIMESTAMP or DATE column (or text in ISO format).' }),
    features: param.json('Features', z.array(z.enum(FEATURES)).default([...FEATURES]), {
      help: 'Any of hour, day_of_week, is_weekend, month, day_of_year.',
    }),
  },
  run: async ({ inputs, params, ctx }) => {
    if (!params.column) throw new Error('Param "column": choose a timestamp column.');
    requireColumns(inputs.in, [params.column], 'column');
    const type = columnType(inputs.in, params.column) ?? '';
    if (!/^(TIMESTAMP(_S|_MS|_NS| WITH TIME ZONE)?|DATE|VARCHAR)$/.test(type))
      throw new Error(`Param "column": column "${params.column}" has type ${type}, not a timestamp or date.`);

    const ts = `CAST(${quoteIdent(params.column)} AS TIMESTAMP)`;
    const existing = new Set(inputs.in.columns.map((c) => c.name.toLowerCase()));
    const added = [...new Set(params.features)].map((f) => {
      const name = `${params.column}_${f}`;
      // Refused rather than overwritten: silently replacing a user's column would surprise.
      if (existing.has(name.toLowerCase()))
        throw new Error(`Param "features": the input already has a column "${name}".`);
      return `CAST(${FEATURE_SQL[f](ts)} AS INTEGER) AS ${quoteIdent(name)}`;
    });
    const select = added.length ? `SELECT *, ${added.join(', ')} FROM input` : 'SELECT * FROM input';
    return { out: await ctx.sql.createTable(select, { input: inputs.in }) };
  },
});
