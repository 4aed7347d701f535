import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { dropNullsReport } from '../reports';
import { quoteIdent, requireColumns } from '../sql-util';

export default defineNodeKind({
  kind: 'clean.drop_nulls',
  version: 1,
  title: 'Drop missing',
  category: 'Clean',
  description:
    'Removes rows with a NULL in any of the chosen columns (empty: in any column). NaN is a value, not NULL.',
  inputs: { in: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    columns: param.columns('Columns', { help: 'Empty: a NULL in any column drops the row.' }),
  },
  report: dropNullsReport,
  run: async ({ inputs, params, ctx }) => {
    requireColumns(inputs.in, params.columns, 'columns');
    const names = params.columns.length ? params.columns : inputs.in.columns.map((c) => c.name);
    const where = names.map((n) => `${quoteIdent(n)} IS NOT NULL`).join(' AND ') || 'TRUE';
    const out = await ctx.sql.createTable(`SELECT * FROM input WHERE ${where}`, { input: inputs.in });
    ctx.report({ dropped: inputs.in.rowCount - out.rowCount });
    return { out };
  },
});
