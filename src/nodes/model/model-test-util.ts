// Test-only helpers for the model kinds: a prepared sensors table and a train/evaluate graph.
import { type createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import type { GraphEdge, GraphNode } from '../../shared/graph-types';
import type { EngineEvent, NodeReport } from '../../shared/protocol';

export type TestEngine = Awaited<ReturnType<typeof createTestEngine>>;

/** Small and fast settings: tests check learning, not state-of-the-art accuracy. */
export const FAST = { epochs: 6, batchSize: 128, learningRate: 0.01 } as const;

/**
 * The sensors sample with complete numeric features, split 80/20 and standardised on the
 * train split (the test split through `apply`): what the templates do, only smaller.
 */
export function prepared(rows = 4000) {
  const sample = node('ingest.sample', { rows });
  const select = node('transform.sql', {
    sql: `SELECT temperature, vibration, pressure, failure_24h, status FROM input
          WHERE temperature BETWEEN 0 AND 200 AND vibration IS NOT NULL AND pressure IS NOT NULL`,
  });
  const split = node('split.train_test', { testSize: 0.2 });
  const scale = node('features.scale', { exclude: ['failure_24h'] });
  const nodes: GraphNode[] = [sample, select, split, scale];
  const edges: GraphEdge[] = [
    edge(sample.id, select.id),
    edge(select.id, split.id),
    edge(split.id, scale.id, 'train', 'in'),
    edge(split.id, scale.id, 'test', 'apply'),
  ];
  return { nodes, edges, scale: scale.id, sample: sample.id };
}

/** The report a node's last done/cached/failed event carried. */
export function reportOf(events: EngineEvent[], nodeId: string): NodeReport | undefined {
  let report: NodeReport | undefined;
  for (const e of events)
    if (
      (e.type === 'node-done' || e.type === 'node-cached' || e.type === 'node-failed') &&
      e.nodeId === nodeId
    )
      report = e.report;
  return report;
}

/** Metrics values of a model.evaluate node after a run. */
export function metricsOf(t: TestEngine, nodeId: string): Record<string, number> {
  const v = t.engine.cache.get(nodeId)?.outputs.metrics;
  if (v?.type !== 'metrics') throw new Error(`no metrics on ${nodeId}`);
  return v.values;
}

/**
 * Train `params` on the prepared train split and evaluate on the test split; returns the
 * run plus the ids of the train and evaluate nodes.
 */
export async function trainAndEvaluate(t: TestEngine, params: Record<string, unknown>, rows = 4000) {
  const prep = prepared(rows);
  const train = node('model.train', { ...FAST, ...params });
  const evaluate = node('model.evaluate');
  const run = await t.run({
    nodes: [...prep.nodes, train, evaluate],
    edges: [
      ...prep.edges,
      edge(prep.scale, train.id, 'out', 'train'),
      edge(train.id, evaluate.id, 'model', 'model'),
      edge(prep.scale, evaluate.id, 'applied', 'data'),
    ],
  });
  return { run, train: train.id, evaluate: evaluate.id, prep };
}
