import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { sensorsSql } from './sensors-sql';

export default defineNodeKind({
  kind: 'ingest.sample',
  version: 1,
  title: 'Sample data',
  category: 'Ingest',
  description:
    'Built-in predictive-maintenance sensor data: timestamp, sensor_id, temperature, vibration, pressure, status and a failure_24h label, with missing values and outliers. Deterministic for a seed.',
  inputs: {},
  outputs: { out: { type: 'table' } },
  params: {
    dataset: param.select('Dataset', ['sensors'], 'sensors'),
    rows: param.number('Rows', 100000, { min: 0, max: 50_000_000, int: true }),
    seed: param.number('Seed', 42, { int: true }),
  },
  subtitle: (p) => `${p.dataset} · ${p.rows.toLocaleString('en-US')} rows`,
  run: async ({ params, ctx }) => ({ out: await ctx.sql.createTable(sensorsSql(params.rows, params.seed)) }),
});
