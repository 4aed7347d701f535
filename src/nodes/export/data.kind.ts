import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { exportDataReport } from '../reports';

export default defineNodeKind({
  kind: 'export.data',
  version: 1,
  title: 'Export data',
  category: 'Export',
  description:
    "Downloads its input table as CSV or Parquet (the Download data button on the node). In CSV, text that a spreadsheet would run as a formula gets a leading ' unless Keep formula-like text is on. With Partition by, one file per distinct value: a folder in the command-line runner, a zip in the browser.",
  inputs: { in: { type: 'table' } },
  outputs: {},
  params: {
    format: param.select('Format', ['csv', 'parquet'], 'csv'),
    partitionBy: param.columns('Partition by', {
      help: 'Columns to split the output by: one file per distinct value (Hive layout, col=value/data_0.parquet), without those columns inside. The command-line runner writes a folder into --out; the browser downloads a zip of the files.',
    }),
    keepFormulas: param.toggle('Keep formula-like text', false, {
      help: "CSV only. Off (default): a text cell or column name starting with =, +, -, @, tab or carriage return is written with a leading ' so a spreadsheet shows it instead of running it as a formula (OWASP's CSV injection rule); numbers stay numbers. On: write such text raw.",
    }),
  },
  actions: [
    {
      type: 'download-table',
      label: 'Download data',
      input: 'in',
      options: (p) => ({ format: p.format, keepFormulas: p.keepFormulas, partitionBy: p.partitionBy }),
    },
  ],
  report: exportDataReport,
  run: async ({ inputs, params, ctx }) => {
    const names = new Set(inputs.in.columns.map((c) => c.name));
    const missing = params.partitionBy.filter((c) => !names.has(c));
    if (missing.length)
      throw new Error(`Partition by: no column ${missing.map((c) => `"${c}"`).join(', ')} in the input.`);
    if (params.partitionBy.length && params.partitionBy.length === names.size)
      throw new Error('Partition by: leave at least one column out, or the files would hold no columns.');
    ctx.report({ rows: inputs.in.rowCount, columns: inputs.in.columns.length });
    return {};
  },
});
