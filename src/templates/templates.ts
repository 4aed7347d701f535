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

export const TEMPLATES: readonly Template[] = [sensorsOverview, blank];

/** The pipeline a first-time user sees. */
export const DEFAULT_TEMPLATE = sensorsOverview;
