import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import type { EvaluateReport } from './model-reports';
import { FAST, metricsOf, prepared, reportOf, type TestEngine } from './model-test-util';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const FEATURES = ['temperature', 'vibration', 'pressure'];

/** Train `kind` on the prepared train split and evaluate it on the test split. */
async function evaluated(kind: string, params: Record<string, unknown>, rows = 3000) {
  const prep = prepared(rows);
  const train = node(kind, params);
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
  expect(run.message).toEqual({});
  return {
    report: reportOf(run.events, evaluate.id) as EvaluateReport,
    metrics: metricsOf(t, evaluate.id),
    run,
    train: train.id,
  };
}

/** Area under a polyline by the trapezoid rule. */
function trapezoid(x: number[], y: number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++)
    area += ((x[i] as number) - (x[i - 1] as number)) * (((y[i] as number) + (y[i - 1] as number)) / 2);
  return area;
}

describe('model.evaluate plots for every family', () => {
  for (const [kind, params] of [
    ['model.gbdt', { rounds: 20 }],
    ['model.linear', {}],
    ['model.train', FAST],
  ] as const) {
    it(`${kind} binary: ROC, PR and calibration curves, AP, permutation importance of every feature (AUC)`, async () => {
      const { report, metrics } = await evaluated(kind, {
        ...params,
        target: 'failure_24h',
        features: FEATURES,
      });
      const roc = report.roc as { fpr: number[]; tpr: number[] };
      expect(roc.fpr.length).toBeGreaterThan(20);
      expect(roc.fpr.length).toBeLessThanOrEqual(201);
      expect([roc.fpr[0], roc.tpr[0], roc.fpr.at(-1), roc.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
      // The thinned curve's area is the exact rank AUC within a hair.
      expect(trapezoid(roc.fpr, roc.tpr)).toBeCloseTo(metrics.auc as number, 2);
      expect(report.pr?.recall.length).toBe(roc.fpr.length);
      expect(metrics.ap).toBeGreaterThan(metrics.baseline_ap as number);
      expect(metrics.baseline_ap).toBeGreaterThan(0);
      const calibration = report.calibration as { count: number[]; observed: number[]; predicted: number[] };
      expect(calibration.count.reduce((a, b) => a + b, 0)).toBe(report.rows);
      expect(calibration.predicted.every((p) => p >= 0 && p <= 1)).toBe(true);
      const importance = report.importance;
      expect(importance?.metric).toBe('auc');
      expect(importance?.rows).toBe(report.rows);
      expect(importance?.baseline).toBeCloseTo(metrics.auc as number, 2);
      expect(importance?.features.map((f) => f.feature).sort()).toEqual([...FEATURES].sort());
      const drops = importance?.features.map((f) => f.drop) ?? [];
      expect(drops).toEqual([...drops].sort((a, b) => b - a));
      expect(drops[0]).toBeGreaterThan(0.01);
    });
  }

  it('regression: the scatter sample, no curves, permutation importance by R²', async () => {
    const { report, metrics } = await evaluated('model.gbdt', {
      rounds: 20,
      target: 'temperature',
      features: ['vibration', 'pressure'],
    });
    expect(report.scatter?.actual.length).toBeGreaterThan(100);
    expect(report.roc).toBeUndefined();
    expect(metrics.ap).toBeUndefined();
    expect(report.importance?.metric).toBe('r2');
    expect(report.importance?.baseline).toBeCloseTo(metrics.r2 as number, 2);
    expect(report.importance?.features).toHaveLength(2);
  });

  it('permutation importance predicts on 5,000 rows spread over a larger table, not every k-th row', async () => {
    const { report } = await evaluated('model.linear', { target: 'failure_24h', features: FEATURES }, 40_000);
    expect(report.rows).toBeGreaterThan(7000);
    expect(report.importance?.rows).toBe(5000);
  });

  it('permutes at most 30 features and names the ones it left out', async () => {
    const prep = prepared(1500);
    const names = Array.from({ length: 33 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const wide = node('transform.sql', {
      sql: `SELECT failure_24h, ${names.map((n, i) => `temperature * ${i + 1} + vibration * ${i % 5} AS ${n}`).join(', ')} FROM input`,
    });
    const train = node('model.linear', { target: 'failure_24h', features: names });
    const evaluate = node('model.evaluate');
    const run = await t.run({
      nodes: [...prep.nodes, wide, train, evaluate],
      edges: [
        ...prep.edges,
        edge(prep.scale, wide.id, 'out', 'in'),
        edge(wide.id, train.id, 'out', 'train'),
        edge(train.id, evaluate.id, 'model', 'model'),
        edge(wide.id, evaluate.id, 'out', 'data'),
      ],
    });
    expect(run.message).toEqual({});
    const importance = (reportOf(run.events, evaluate.id) as EvaluateReport).importance;
    expect(importance?.features).toHaveLength(30);
    expect(importance?.skipped).toEqual(['f30', 'f31', 'f32']);
  });

  it('multiclass: permutation importance by accuracy, no binary curves', async () => {
    const {
      report,
      run,
      train: trainId,
    } = await evaluated('model.gbdt', {
      rounds: 10,
      target: 'status',
      features: FEATURES,
    });
    expect(report.importance?.metric).toBe('accuracy');
    expect(report.calibration).toBeUndefined();
    expect(report.roc).toBeUndefined();
    // One ROC per class against the rest, in the model's class order, each with its AUC.
    const classes = (reportOf(run.events, trainId) as { classes: string[] }).classes;
    expect(report.rocByClass?.map((c) => c.label)).toEqual(classes.map(String));
    for (const c of report.rocByClass ?? []) {
      expect(c.auc).toBeGreaterThan(0.5);
      expect(trapezoid(c.fpr, c.tpr)).toBeCloseTo(c.auc as number, 2);
    }
  });
});

describe('loss per round or iteration, the points the Training chart plots', () => {
  async function trained(kind: string, params: Record<string, unknown>) {
    const prep = prepared(2000);
    const train = node(kind, params);
    const run = await t.run({
      nodes: [...prep.nodes, train],
      edges: [...prep.edges, edge(prep.scale, train.id, 'out', 'train')],
    });
    expect(run.message).toEqual({});
    const points = run.events.filter((e) => e.type === 'node-point' && e.nodeId === train.id);
    return { points: points.length, report: reportOf(run.events, train.id) as { history: unknown[] } };
  }

  it('logistic regression: one point per Newton iteration from the start, not a single final loss', async () => {
    const r = await trained('model.linear', { target: 'failure_24h', features: FEATURES });
    const iterations = (r.report as unknown as { iterations: number }).iterations;
    expect(iterations).toBeGreaterThan(1);
    expect(r.points).toBe(iterations + 1);
    expect(r.report.history).toHaveLength(iterations + 1);
  });

  it('ridge regression is solved in one step: one point', async () => {
    const r = await trained('model.linear', { target: 'temperature', features: ['vibration', 'pressure'] });
    expect(r.points).toBe(1);
  });
});
