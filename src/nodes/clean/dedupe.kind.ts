import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { dedupeReport } from '../reports';
import { freshColumnName, identList, quoteIdent, requireColumns } from '../sql-util';

export default defineNodeKind({
  kind: 'clean.dedupe',
  version: 1,
  title: 'Remove duplicates',
  category: 'Clean',
  description:
    'Keeps the first row (in table order) of each group of rows equal on the chosen columns ' +
    '(empty: the whole row). NULLs count as equal to each other.',
  inputs: { in: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    columns: param.columns('Columns', { help: 'Empty: rows must match in every column.' }),
  },
  report: dedupeReport,
  run: async ({ inputs, params, ctx }) => {
    requireColumns(inputs.in, params.columns, 'columns');
    const keys = params.columns.length ? params.columns : inputs.in.columns.map((c) => c.name);
    if (!keys.length) return { out: await ctx.sql.createTable('SELECT * FROM input', { input: inputs.in }) };
    // Tables keep insertion order, so numbering rows first pins down which copy is "first".
    const row = quoteIdent(freshColumnName(inputs.in, '__pw_row'));
    const out = await ctx.sql.createTable(
      `WITH numbered AS (SELECT *, row_number() OVER () AS ${row} FROM input)
       SELECT * EXCLUDE (${row}) FROM numbered
       QUALIFY row_number() OVER (PARTITION BY ${identList(keys)} ORDER BY ${row}) = 1
       ORDER BY ${row}`,
      { input: inputs.in },
    );
    ctx.report({ removed: inputs.in.rowCount - out.rowCount });
    return { out };
  },
});
