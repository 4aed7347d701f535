import type { PipelineGraph } from '../shared/graph-types';

/** A built-in pipeline a user can open from the template menu. */
export interface Template {
  id: string;
  title: string;
  description: string;
  graph: PipelineGraph;
}

const blank: Template = {
  id: 'blank',
  title: 'Blank',
  description: 'An empty canvas.',
  graph: { name: 'Untitled pipeline', nodes: [], edges: [] },
};

const sensorsOverview: Template = {
  id: 'sensors-overview',
  title: 'Sensor overview (sample)',
  description: 'Sample sensor data → drop glitches → hourly statistics per sensor → CSV export.',
  graph: {
    name: 'Sensor overview',
    nodes: [
      {
        id: 'n1',
        kind: 'ingest.sample',
        params: { dataset: 'sensors', rows: 100000, seed: 42 },
        position: { x: 0, y: 80 },
      },
      {
        id: 'n2',
        kind: 'clean.filter',
        params: { where: 'temperature BETWEEN -50 AND 150' },
        position: { x: 270, y: 80 },
      },
      {
        id: 'n3',
        kind: 'transform.sql',
        params: {
          sql: [
            'SELECT sensor_id, date_trunc(\'hour\', "timestamp") AS hour,',
            '  round(avg(temperature), 2) AS mean_temperature,',
            '  round(max(vibration), 3) AS max_vibration,',
            '  max(failure_24h) AS failure_24h',
            'FROM input',
            'GROUP BY ALL',
            'ORDER BY sensor_id, hour',
          ].join('\n'),
        },
        position: { x: 540, y: 80 },
      },
      { id: 'n4', kind: 'export.data', params: { format: 'csv' }, position: { x: 810, y: 80 } },
    ],
    edges: [
      { source: 'n1', sourcePort: 'out', target: 'n2', targetPort: 'in' },
      { source: 'n2', sourcePort: 'out', target: 'n3', targetPort: 'in' },
      { source: 'n3', sourcePort: 'out', target: 'n4', targetPort: 'in' },
    ],
  },
};

const e = (source: string, target: string, sourcePort = 'out', targetPort = 'in') => ({
  source,
  sourcePort,
  target,
  targetPort,
});

/** The seed's preparation pipeline: impute → validate → time features → rolling → split → scale. */
export const sensorPreparation: Template = {
  id: 'sensor-preparation',
  title: 'Sensor data preparation',
  description:
    'Impute missing readings, validate ranges and time order, add time and 5-minute rolling features, split and scale without leakage.',
  graph: {
    name: 'Sensor data preparation',
    nodes: [
      {
        id: 'sample',
        kind: 'ingest.sample',
        params: { dataset: 'sensors', rows: 100000, seed: 42 },
        position: { x: 0, y: 0 },
      },
      {
        id: 'impute',
        kind: 'clean.impute',
        params: { strategy: 'median', categorical: 'mode' },
        position: { x: 270, y: 0 },
      },
      {
        id: 'validate',
        kind: 'validate.rules',
        params: {
          mode: 'warn',
          rules: [
            { type: 'between', column: 'temperature', min: -50, max: 150 },
            { type: 'monotonic', column: 'timestamp', by: ['sensor_id'] },
          ],
        },
        position: { x: 540, y: 0 },
      },
      {
        id: 'time',
        kind: 'transform.time_features',
        params: { column: 'timestamp', features: ['hour', 'day_of_week', 'is_weekend'] },
        position: { x: 810, y: 0 },
      },
      {
        id: 'rolling',
        kind: 'features.rolling',
        params: {
          partitionBy: ['sensor_id'],
          orderBy: 'timestamp',
          window: { range: '5 minutes' },
          columns: ['temperature', 'vibration'],
          stats: ['mean', 'std'],
        },
        position: { x: 0, y: 240 },
      },
      {
        id: 'split',
        kind: 'split.train_test',
        params: { testSize: 0.2, seed: 42, method: 'random' },
        position: { x: 270, y: 240 },
      },
      {
        id: 'scale',
        kind: 'features.scale',
        params: { method: 'standard', exclude: ['failure_24h'] },
        position: { x: 540, y: 240 },
      },
    ],
    edges: [
      e('sample', 'impute'),
      e('impute', 'validate'),
      e('validate', 'time'),
      e('time', 'rolling'),
      e('rolling', 'split'),
      e('split', 'scale', 'train', 'in'),
      e('split', 'scale', 'test', 'apply'),
    ],
  },
};

export const TEMPLATES: readonly Template[] = [sensorsOverview, sensorPreparation, blank];

/** The pipeline a first-time user sees. */
export const DEFAULT_TEMPLATE = sensorsOverview;
