import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { stripTrailingSemicolons } from '../sql-util';

export default defineNodeKind({
  kind: 'clean.filter',
  version: 1,
  title: 'Filter rows',
  category: 'Clean',
  description: 'Keeps the rows for which a SQL boolean expression is true, e.g. temperature IS NOT NULL.',
  inputs: { in: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    where: param.sql('Keep rows where', 'TRUE', { help: 'A DuckDB boolean expression over the columns.' }),
  },
  run: async ({ inputs, params, ctx }) => ({
    out: await ctx.sql.createTable(
      `SELECT * FROM input WHERE (\n${stripTrailingSemicolons(params.where)}\n)`,
      {
        input: inputs.in,
      },
    ),
  }),
});
