import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { oneLine } from '../subtitle';

export default defineNodeKind({
  kind: 'transform.sql',
  version: 1,
  title: 'SQL',
  category: 'Transform',
  description: 'Any DuckDB SELECT over the tables `input` and `input2`.',
  inputs: { in: { type: 'table' }, in2: { type: 'table', optional: true } },
  outputs: { out: { type: 'table' } },
  params: { sql: param.sql('Query', 'SELECT * FROM input') },
  subtitle: (p) => oneLine(p.sql),
  run: async ({ inputs, params, ctx }) => ({
    out: await ctx.sql.createUserTable({ text: params.sql, param: 'sql', as: 'select' }, (select) => select, {
      input: inputs.in,
      input2: inputs.in2,
    }),
  }),
});
