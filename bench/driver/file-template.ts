import type { PipelineGraph } from '../../src/shared/graph-types';
import { sensorPreparation } from '../../src/templates/templates';

/** The id the template's data source gets once it reads a file instead of sample data. */
export const FILE_NODE = 'file';

/**
 * The "Sensor data preparation" template as shipped, with its sample-data node swapped for an
 * ingest.file node reading the CSV uploaded as `fileName`: the same nodes and params after it.
 */
export function preparationOnFile(fileName: string): PipelineGraph {
  const graph = structuredClone(sensorPreparation.graph);
  const sample = graph.nodes.find((n) => n.kind === 'ingest.sample');
  if (!sample) throw new Error('The Sensor data preparation template has no sample-data node');
  const from = sample.id;
  sample.id = FILE_NODE;
  sample.kind = 'ingest.file';
  sample.params = { file: fileName, format: 'csv', delimiter: ',', header: true };
  for (const e of graph.edges) {
    if (e.source === from) e.source = FILE_NODE;
    if (e.target === from) e.target = FILE_NODE;
  }
  return graph;
}
