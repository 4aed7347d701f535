import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import type { GraphEdge, GraphNode } from '../../shared/graph-types';
import { FAST, metricsOf, prepared, reportOf, type TestEngine } from './model-test-util';
import { isPositive } from './model-util';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const FEATURES = ['temperature', 'vibration', 'pressure'];

/**
 * One model trained on the prepared train split, evaluated on the test split by one
 * evaluate node per entry of `evaluations` (its params), plus a predict node on the same
 * data: the labels appendPredictions gives without any threshold.
 */
function graph(train: Record<string, unknown>, evaluations: Record<string, unknown>[]) {
  const prep = prepared(3000);
  const trainNode = node('model.train', { ...FAST, features: FEATURES, ...train });
  const evaluates = evaluations.map((p) => node('model.evaluate', p));
  const predict = node('model.predict');
  const nodes: GraphNode[] = [...prep.nodes, trainNode, ...evaluates, predict];
  const edges: GraphEdge[] = [...prep.edges, edge(prep.scale, trainNode.id, 'out', 'train')];
  for (const n of [...evaluates, predict])
    edges.push(edge(trainNode.id, n.id, 'model', 'model'), edge(prep.scale, n.id, 'applied', 'data'));
  return { nodes, edges, train: trainNode.id, evaluates: evaluates.map((n) => n.id), predict: predict.id };
}

/** The confusion matrix an evaluate node reported: rows actual, columns predicted. */
function confusionOf(events: Parameters<typeof reportOf>[0], id: string): number[][] {
  return reportOf(events, id)?.confusion as number[][];
}

describe('model.evaluate threshold (binary)', () => {
  /** One evaluate node each; undefined leaves the param out (the default). */
  const thresholds: (number | undefined)[] = [undefined, 0.5, 0.99, 0.3, 0, 1];
  let g: ReturnType<typeof graph>;
  let run: Awaited<ReturnType<TestEngine['run']>>;
  const id = (threshold: number | undefined) => g.evaluates[thresholds.indexOf(threshold)] as string;

  beforeAll(async () => {
    // Briefly trained, so probabilities spread over (0, 1): a well-trained model on the
    // sensors sample puts nearly every row within 1e-6 of 0 or 1.
    g = graph(
      { target: 'failure_24h', epochs: 2, learningRate: 0.001 },
      thresholds.map((threshold) => (threshold === undefined ? {} : { threshold })),
    );
    run = await t.run({ nodes: g.nodes, edges: g.edges });
  }, 60_000);

  it('runs every evaluation without errors or warnings, and reports the threshold', () => {
    expect(run.message).toEqual({});
    for (const threshold of thresholds) {
      expect(run.status[id(threshold)]).toBe('done');
      expect(reportOf(run.events, id(threshold))).toMatchObject({
        task: 'binary',
        threshold: threshold ?? 0.5,
      });
    }
  });

  it('threshold 0.5 is the default and gives the labels and metrics the highest-probability rule gives', async () => {
    const byDefault = metricsOf(t, id(undefined));
    expect(metricsOf(t, id(0.5))).toEqual(byDefault);
    expect(confusionOf(run.events, id(0.5))).toEqual(confusionOf(run.events, id(undefined)));
    // model.predict labels rows without any threshold: p >= 0.5, ties to the positive class.
    const predicted = await t.rows(g.predict, 'out');
    const evaluated = await t.rows(id(0.5), 'predictions');
    expect(evaluated.map((r) => r.prediction)).toEqual(predicted.map((r) => r.prediction));
    expect(evaluated).toEqual(predicted);
    // Accuracy follows from those labels.
    const labelled = evaluated.filter((r) => r.failure_24h !== null);
    const correct = labelled.filter((r) => r.prediction === r.failure_24h).length;
    expect(byDefault.accuracy).toBeCloseTo(correct / labelled.length, 12);
  });

  it('a higher threshold predicts fewer positives: recall drops, AUC stays', () => {
    const at = (threshold: number) => ({
      m: metricsOf(t, id(threshold)),
      predictedPositive: confusionOf(run.events, id(threshold)).reduce((s, row) => s + (row[1] as number), 0),
    });
    const low = at(0.3);
    const mid = at(0.5);
    const high = at(0.99);
    expect(low.predictedPositive).toBeGreaterThan(mid.predictedPositive);
    expect(mid.predictedPositive).toBeGreaterThan(high.predictedPositive);
    expect(low.m.recall).toBeGreaterThanOrEqual(mid.m.recall as number);
    expect(mid.m.recall).toBeGreaterThan(high.m.recall as number);
    expect(high.m.auc).toBe(mid.m.auc);
    expect(low.m.auc).toBe(mid.m.auc);
    expect(high.m.baseline_accuracy).toBe(mid.m.baseline_accuracy);
    // Every row is in the matrix whatever the threshold.
    const total = (threshold: number) =>
      confusionOf(run.events, id(threshold))
        .flat()
        .reduce((a, b) => a + b, 0);
    expect(total(0.99)).toBe(total(0.5));
  });

  it('the bounds: 0 predicts every row positive, 1 only rows of probability 1', async () => {
    const all = confusionOf(run.events, id(0));
    expect(all.map((row) => row[0])).toEqual([0, 0]);
    expect(metricsOf(t, id(0)).recall).toBe(1);
    const rows = await t.rows(id(1), 'predictions');
    expect(rows.filter((r) => r.prediction === 1).length).toBe(rows.filter((r) => r.prob_1 === 1).length);
  });

  it('the predictions output: prediction is prob_1 >= threshold for every row, in the target type, columns in order', async () => {
    for (const threshold of [0.3, 0.5, 0.99]) {
      const rows = await t.rows(id(threshold), 'predictions');
      expect(rows.length).toBeGreaterThan(100);
      expect(Object.keys(rows[0] ?? {})).toEqual([
        'temperature',
        'vibration',
        'pressure',
        'failure_24h',
        'status',
        'prediction',
        'prob_0',
        'prob_1',
      ]);
      const wrong = rows.filter((r) => r.prediction !== ((r.prob_1 as number) >= threshold ? 1 : 0));
      expect(wrong).toEqual([]);
    }
    const value = t.engine.cache.get(id(0.99))?.outputs.predictions;
    const types =
      value?.type === 'table' ? Object.fromEntries(value.columns.map((c) => [c.name, c.type])) : {};
    expect(types.prediction).toBe(types.failure_24h);
  });
});

describe('isPositive', () => {
  it('ties go to the positive class; NaN is negative', () => {
    // 0.49999997 is the largest FLOAT below 0.5.
    expect([0.5, Math.fround(0.49999997), Number.NaN, 1, 0].map((p) => isPositive(p, 0.5))).toEqual([
      true,
      false,
      false,
      true,
      false,
    ]);
  });

  it('compares the FLOAT probability with the threshold as it is', () => {
    // As FLOAT, 0.6 is 0.60000002…, above 0.6; the FLOAT below it is 0.59999996…, under.
    expect(isPositive(Math.fround(0.6), 0.6)).toBe(true);
    expect(isPositive(Math.fround(0.59999996), 0.6)).toBe(false);
    // FLOAT 0.7 is 0.69999999…: under a threshold of 0.7 as the user typed it.
    expect(isPositive(Math.fround(0.7), 0.7)).toBe(false);
    expect(isPositive(0, 0)).toBe(true);
  });
});

describe('model.evaluate threshold (other tasks and bad values)', () => {
  it('on a regression model a non-default threshold warns that it applies to binary only; the default does not', async () => {
    const g = graph({ target: 'temperature', features: ['vibration', 'pressure'], epochs: 2 }, [
      { threshold: 0.8 },
      {},
    ]);
    const run = await t.run({ nodes: g.nodes, edges: g.edges });
    const [changed, plain] = g.evaluates as [string, string];
    expect(run.message).toEqual({});
    expect(run.status[changed]).toBe('warning');
    expect(run.status[plain]).toBe('done');
    const done = run.events.find((e) => e.type === 'node-done' && e.nodeId === changed);
    expect(done?.type === 'node-done' && done.warnings).toEqual([
      'Param "threshold" applies to binary classification only; it is ignored for this regression model.',
    ]);
    // The metrics do not depend on it, and the report does not claim one.
    expect(metricsOf(t, changed)).toEqual(metricsOf(t, plain));
    expect(reportOf(run.events, changed)).not.toHaveProperty('threshold');
  });

  it('refuses a threshold outside [0, 1] before running', async () => {
    const g = graph({ target: 'failure_24h', epochs: 1 }, [{ threshold: 1.5 }, { threshold: -0.1 }]);
    const run = await t.run({ nodes: g.nodes, edges: g.edges });
    for (const id of g.evaluates) {
      expect(run.status[id]).toBe('error');
      expect(run.message[id]).toMatch(/^Param "threshold": /);
    }
  });
});
