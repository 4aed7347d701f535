import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { oneLine } from '../subtitle';

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
  subtitle: (p) => oneLine(p.where),
  run: async ({ inputs, params, ctx }) => ({
    out: await ctx.sql.createUserTable(
      { text: params.where, param: 'where', as: 'expression' },
      (condition) => `SELECT * FROM input WHERE (\n${condition}\n)`,
      { input: inputs.in },
    ),
  }),
});
