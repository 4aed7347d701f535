import { z } from 'zod';
import { defineNodeKind } from '../define-node-kind';
import { columnRecord, param } from '../params';
import { quoteIdent, requireColumns } from '../sql-util';

/** The type names a user picks, and the DuckDB type each becomes. */
const DUCK_TYPES = {
  int: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  bool: 'BOOLEAN',
  string: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
} as const;
type TargetType = keyof typeof DUCK_TYPES;
const TARGET_TYPES = Object.keys(DUCK_TYPES) as [TargetType, ...TargetType[]];

export default defineNodeKind({
  kind: 'clean.cast',
  version: 1,
  title: 'Cast types',
  category: 'Clean',
  description:
    'Converts columns to int (BIGINT), float, double, bool, string, timestamp or date. On a value ' +
    'that does not convert, `fail` stops with the column and an example, `null` leaves NULL.',
  inputs: { in: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    schema: param.json('Types', columnRecord(z.enum(TARGET_TYPES)).default({}), {
      help: 'Column → int | float | double | bool | string | timestamp | date.',
    }),
    onError: param.select('When a value does not convert', ['fail', 'null'], 'fail'),
  },
  run: async ({ inputs, params, ctx }) => {
    const targets = Object.entries(params.schema);
    requireColumns(
      inputs.in,
      targets.map(([column]) => column),
      'schema',
    );
    if (!targets.length)
      return { out: await ctx.sql.createTable('SELECT * FROM input', { input: inputs.in }) };

    if (params.onError === 'fail') {
      // CAST's own error does not say which column failed; find it first with TRY_CAST.
      const checks = targets.map(([column, type], i) => {
        const col = quoteIdent(column);
        const bad = `${col} IS NOT NULL AND TRY_CAST(${col} AS ${DUCK_TYPES[type]}) IS NULL`;
        return `count(*) FILTER (WHERE ${bad}) AS n${i}, CAST(first(${col}) FILTER (WHERE ${bad}) AS VARCHAR) AS e${i}`;
      });
      const [row] = await ctx.sql.query(`SELECT ${checks.join(', ')} FROM input`, { input: inputs.in });
      const problems = targets.flatMap(([column, type], i) => {
        const n = Number(row?.[`n${i}`] ?? 0);
        return n > 0
          ? [
              `column "${column}": ${n} value(s) cannot be cast to ${type}, e.g. ${JSON.stringify(row?.[`e${i}`])}`,
            ]
          : [];
      });
      if (problems.length) throw new Error(`Cast failed: ${problems.join('; ')}.`);
    }

    const fn = params.onError === 'fail' ? 'CAST' : 'TRY_CAST';
    const replaced = targets.map(([column, type]) => {
      const col = quoteIdent(column);
      return `${fn}(${col} AS ${DUCK_TYPES[type]}) AS ${col}`;
    });
    return {
      out: await ctx.sql.createTable(`SELECT * REPLACE (${replaced.join(', ')}) FROM input`, {
        input: inputs.in,
      }),
    };
  },
});
