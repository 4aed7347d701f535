import type { PipelineGraph } from '../shared/graph-types';

/** A built-in pipeline a user can open from the template menu. */
export interface Template {
  id: string;
  title: string;
  description: string;
  graph: PipelineGraph;
}

export const BLANK: Template = {
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

/**
 * The seed's preparation pipeline, leak-free: validate → time features → rolling → split →
 * impute and scale, both fitted on the training rows and applied to the test rows.
 */
export const sensorPreparation: Template = {
  id: 'sensor-preparation',
  title: 'Sensor data preparation',
  description:
    'Validate ranges and time order, add time and 5-minute rolling features, split, then impute missing readings and scale, fitted on the training rows only (no leakage).',
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
        position: { x: 270, y: 480 },
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
      e('sample', 'validate'),
      e('validate', 'time'),
      e('time', 'rolling'),
      e('rolling', 'split'),
      e('split', 'impute', 'train', 'in'),
      e('split', 'impute', 'test', 'apply'),
      e('impute', 'scale', 'out', 'in'),
      e('impute', 'scale', 'applied', 'apply'),
    ],
  },
};

/**
 * Shared front half of the model templates: drop sensor glitches, add rolling features, split,
 * then impute and scale fitted on the training rows only and applied to the test rows.
 */
function preparedSensors(
  rows: number,
  rollingColumns: string[],
  stratify: string,
  exclude: string[],
  where = 'temperature IS NULL OR temperature BETWEEN -50 AND 150',
) {
  return {
    nodes: [
      {
        id: 'sample',
        kind: 'ingest.sample',
        params: { dataset: 'sensors', rows, seed: 42 },
        position: { x: 0, y: 0 },
      },
      {
        id: 'glitches',
        kind: 'clean.filter',
        params: { where },
        position: { x: 270, y: 0 },
      },
      {
        id: 'rolling',
        kind: 'features.rolling',
        params: {
          partitionBy: ['sensor_id'],
          orderBy: 'timestamp',
          window: { range: '30 minutes' },
          columns: rollingColumns,
          stats: ['mean', 'std'],
        },
        position: { x: 540, y: 0 },
      },
      {
        id: 'split',
        kind: 'split.train_test',
        params: { testSize: 0.2, seed: 42, method: 'random', stratify },
        position: { x: 810, y: 0 },
      },
      {
        id: 'impute',
        kind: 'clean.impute',
        params: { strategy: 'median', categorical: 'mode' },
        position: { x: 0, y: 240 },
      },
      {
        id: 'scale',
        kind: 'features.scale',
        params: { method: 'standard', exclude },
        position: { x: 270, y: 240 },
      },
    ],
    edges: [
      e('sample', 'glitches'),
      e('glitches', 'rolling'),
      e('rolling', 'split'),
      e('split', 'impute', 'train', 'in'),
      e('split', 'impute', 'test', 'apply'),
      e('impute', 'scale', 'out', 'in'),
      e('impute', 'scale', 'applied', 'apply'),
    ],
  };
}

/**
 * Model nodes after the prepared data: gradient-boosted trees (the family to reach for first
 * on tabular data) beside a linear baseline and the neural net, all three scored on the test
 * rows side by side in Compare models (with the trivial baseline); the network is evaluated
 * in detail and exported. `which` holds the params all families share (target, features…).
 */
function modelTail(which: Record<string, unknown>, network: Record<string, unknown>) {
  return {
    nodes: [
      { id: 'train', kind: 'model.train', params: { ...which, ...network }, position: { x: 540, y: 240 } },
      { id: 'evaluate', kind: 'model.evaluate', params: {}, position: { x: 810, y: 240 } },
      { id: 'export', kind: 'export.model', params: {}, position: { x: 540, y: 480 } },
      { id: 'gbdt', kind: 'model.gbdt', params: { ...which, seed: 42 }, position: { x: 0, y: 480 } },
      { id: 'baseline', kind: 'model.linear', params: which, position: { x: 270, y: 480 } },
      { id: 'compare', kind: 'model.compare', params: {}, position: { x: 810, y: 480 } },
    ],
    edges: [
      e('scale', 'train', 'out', 'train'),
      e('train', 'evaluate', 'model', 'model'),
      e('scale', 'evaluate', 'applied', 'data'),
      e('train', 'export', 'model', 'model'),
      e('scale', 'gbdt', 'out', 'train'),
      e('scale', 'baseline', 'out', 'train'),
      e('gbdt', 'compare', 'model', 'a'),
      e('baseline', 'compare', 'model', 'b'),
      e('train', 'compare', 'model', 'c'),
      e('scale', 'compare', 'applied', 'data'),
    ],
  };
}

/** Binary classification of `failure_24h` from prepared sensor features. */
export const predictiveMaintenance: Template = {
  id: 'predictive-maintenance',
  title: 'Predictive maintenance',
  description:
    'Predict failure within 24 hours (binary) from cleaned sensor data with rolling features: gradient-boosted trees beside a logistic-regression baseline and a neural net, compared on the test rows; evaluate and export.',
  graph: (() => {
    const prep = preparedSensors(40000, ['temperature', 'vibration', 'pressure'], 'failure_24h', [
      'failure_24h',
    ]);
    const tail = modelTail(
      {
        target: 'failure_24h',
        task: 'binary',
        // Raw timestamps make no feature (the default set would warn about them).
        exclude: ['timestamp'],
      },
      { epochs: 8, batchSize: 256, seed: 42 },
    );
    return {
      name: 'Predictive maintenance',
      nodes: [...prep.nodes, ...tail.nodes],
      edges: [...prep.edges, ...tail.edges],
    };
  })(),
};

/** The seed's MLP regression: temperature from vibration and pressure features. */
export const temperatureRegression: Template = {
  id: 'temperature-regression',
  title: 'Temperature regression',
  description:
    'Predict temperature (regression) from vibration and pressure features: gradient-boosted trees beside a ridge baseline and the default 128-64-1 network, compared on the test rows.',
  graph: (() => {
    // Rows without a temperature are dropped, not imputed: a made-up target teaches nothing.
    const prep = preparedSensors(
      40000,
      ['vibration', 'pressure'],
      '',
      ['temperature', 'failure_24h'],
      'temperature BETWEEN -50 AND 150',
    );
    const tail = modelTail(
      {
        target: 'temperature',
        task: 'regression',
        features: [
          'vibration',
          'pressure',
          'vibration_mean_30min',
          'vibration_std_30min',
          'pressure_mean_30min',
          'pressure_std_30min',
        ],
      },
      { epochs: 15, seed: 42 },
    );
    return {
      name: 'Temperature regression',
      nodes: [...prep.nodes, ...tail.nodes],
      edges: [...prep.edges, ...tail.edges],
    };
  })(),
};

export const TEMPLATES: readonly Template[] = [
  sensorsOverview,
  sensorPreparation,
  predictiveMaintenance,
  temperatureRegression,
  BLANK,
];

/** The pipeline a first-time user sees. */
export const DEFAULT_TEMPLATE = sensorsOverview;
