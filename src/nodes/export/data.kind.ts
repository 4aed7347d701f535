import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';

export default defineNodeKind({
  kind: 'export.data',
  version: 1,
  title: 'Export data',
  category: 'Export',
  description: 'Downloads its input table as CSV or Parquet (the Download data button on the node).',
  inputs: { in: { type: 'table' } },
  outputs: {},
  params: { format: param.select('Format', ['csv', 'parquet'], 'csv') },
  run: async ({ inputs, ctx }) => {
    ctx.report({ rows: inputs.in.rowCount, columns: inputs.in.columns.length });
    return {};
  },
});
