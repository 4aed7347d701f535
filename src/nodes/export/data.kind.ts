import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { exportDataReport } from '../reports';

export default defineNodeKind({
  kind: 'export.data',
  version: 1,
  title: 'Export data',
  category: 'Export',
  description:
    "Downloads its input table as CSV or Parquet (the Download data button on the node). In CSV, text that a spreadsheet would run as a formula gets a leading ' unless Keep formula-like text is on.",
  inputs: { in: { type: 'table' } },
  outputs: {},
  params: {
    format: param.select('Format', ['csv', 'parquet'], 'csv'),
    keepFormulas: param.toggle('Keep formula-like text', false, {
      help: "CSV only. Off (default): a text cell or column name starting with =, +, -, @, tab or carriage return is written with a leading ' so a spreadsheet shows it instead of running it as a formula (OWASP's CSV injection rule); numbers stay numbers. On: write such text raw.",
    }),
  },
  actions: [
    {
      type: 'download-table',
      label: 'Download data',
      input: 'in',
      options: (p) => ({ format: p.format, keepFormulas: p.keepFormulas }),
    },
  ],
  report: exportDataReport,
  run: async ({ inputs, ctx }) => {
    ctx.report({ rows: inputs.in.rowCount, columns: inputs.in.columns.length });
    return {};
  },
});
