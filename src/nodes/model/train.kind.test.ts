import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import type { EngineEvent } from '../../shared/protocol';
import { FAST, metricsOf, prepared, reportOf, type TestEngine, trainAndEvaluate } from './model-test-util';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

describe('model.train + model.evaluate', () => {
  it('regression learns: MAE well below the mean predictor, with live points and progress', async () => {
    const { run, train, evaluate } = await trainAndEvaluate(t, {
      target: 'temperature',
      features: ['vibration', 'pressure'],
    });
    expect(run.status[train]).toBe('done');
    expect(run.status[evaluate]).toBe('done');
    const m = metricsOf(t, evaluate);
    expect(Object.keys(m).sort()).toEqual([
      'baseline_mae',
      'baseline_r2',
      'baseline_rmse',
      'mae',
      'r2',
      'rmse',
    ]);
    expect(m.mae).toBeLessThan(0.7 * (m.baseline_mae as number));
    expect(m.r2).toBeGreaterThan(0.5);

    const report = reportOf(run.events, train);
    expect(report).toMatchObject({
      task: 'regression',
      target: 'temperature',
      features: ['vibration', 'pressure'],
      backend: 'wasm',
      epochs: FAST.epochs,
      stoppedEarly: false,
    });
    expect(report?.history).toHaveLength(FAST.epochs);
    const points = run.events.filter((e) => e.type === 'node-point' && e.nodeId === train);
    expect(points).toHaveLength(FAST.epochs);
    expect(points[0]?.type === 'node-point' && Object.keys(points[0].values).sort()).toEqual([
      'epoch',
      'loss',
      'mae',
      'val_loss',
      'val_mae',
    ]);
    const progress = run.events.filter(
      (e): e is Extract<EngineEvent, { type: 'node-progress' }> =>
        e.type === 'node-progress' && e.nodeId === train,
    );
    expect(progress.some((e) => /^epoch \d+\/6 · batch \d+\/\d+ · ETA \d+ s$/.test(e.message ?? ''))).toBe(
      true,
    );

    const evalReport = reportOf(run.events, evaluate);
    const scatter = evalReport?.scatter as { actual: number[]; predicted: number[] };
    expect(scatter.actual.length).toBe(evalReport?.rows);
    expect(scatter.predicted.length).toBe(scatter.actual.length);
    const rows = await t.rows(evaluate, 'predictions');
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'temperature',
      'vibration',
      'pressure',
      'failure_24h',
      'status',
      'prediction',
    ]);
  });

  it('binary: failure_24h from the sensors sample reaches AUC ≥ 0.75 and beats the majority class', async () => {
    const { run, train, evaluate } = await trainAndEvaluate(t, {
      target: 'failure_24h',
      features: ['temperature', 'vibration', 'pressure'],
    });
    expect(run.message).toEqual({});
    const m = metricsOf(t, evaluate);
    expect(Object.keys(m).sort()).toEqual([
      'accuracy',
      'ap',
      'auc',
      'baseline_accuracy',
      'baseline_ap',
      'baseline_auc',
      'f1',
      'precision',
      'recall',
    ]);
    expect(m.auc).toBeGreaterThanOrEqual(0.75);
    expect(m.accuracy).toBeGreaterThan(m.baseline_accuracy as number);
    expect(reportOf(run.events, train)).toMatchObject({ task: 'binary', classes: [0, 1] });
    const report = reportOf(run.events, evaluate);
    expect(report).toMatchObject({ labels: ['0', '1'], positiveClass: '1', unseenLabelRows: 0 });
    const confusion = report?.confusion as number[][];
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(report?.rows);
    const rows = await t.rows(evaluate, 'predictions');
    for (const r of rows.slice(0, 20)) {
      expect([0, 1]).toContain(r.prediction);
      expect((r.prob_0 as number) + (r.prob_1 as number)).toBeCloseTo(1, 5);
      expect(r.prediction).toBe((r.prob_1 as number) >= 0.5 ? 1 : 0);
    }
  });

  it('multiclass with string labels keeps the vocabulary and predicts labels', async () => {
    const { run, train, evaluate } = await trainAndEvaluate(t, {
      target: 'status',
      features: ['temperature', 'vibration', 'pressure'],
    });
    expect(run.message).toEqual({});
    const model = t.engine.cache.get(train)?.outputs.model;
    expect(model?.type === 'model' && model.meta).toMatchObject({
      task: 'multiclass',
      classes: ['alarm', 'ok', 'warn'],
      targetType: 'VARCHAR',
      features: ['temperature', 'vibration', 'pressure'],
    });
    const m = metricsOf(t, evaluate);
    expect(m.auc).toBeUndefined();
    expect(m.accuracy).toBeGreaterThan(m.baseline_accuracy as number);
    expect(reportOf(run.events, evaluate)).toMatchObject({
      labels: ['alarm', 'ok', 'warn'],
      positiveClass: null,
    });
    const rows = await t.rows(evaluate, 'predictions');
    expect(Object.keys(rows[0] ?? {}).slice(-4)).toEqual([
      'prediction',
      'prob_alarm',
      'prob_ok',
      'prob_warn',
    ]);
    expect(new Set(rows.map((r) => r.prediction))).toEqual(
      new Set(['ok', 'warn', ...(rows.some((r) => r.prediction === 'alarm') ? ['alarm'] : [])]),
    );
  });

  it('is seeded: the same seed gives the same history and metrics; another seed does not', async () => {
    const params = { target: 'temperature', features: ['vibration', 'pressure'], epochs: 3 };
    // Each run's graph holds only its own nodes, so read results before the next run evicts them.
    const once = async (p: Record<string, unknown>) => {
      const r = await trainAndEvaluate(t, p, 1500);
      return { history: reportOf(r.run.events, r.train)?.history, metrics: metricsOf(t, r.evaluate) };
    };
    const a = await once(params);
    const b = await once(params);
    const c = await once({ ...params, seed: 7 });
    expect(b.history).toEqual(a.history);
    expect(b.metrics).toEqual(a.metrics);
    expect(c.history).not.toEqual(a.history);
  });

  it('leaks no tensors: three trainings, then eviction, return numTensors to its start value', async () => {
    const prep = prepared(800);
    // An empty graph evicts every earlier result, and with it every model.
    await t.run({ nodes: [], edges: [] });
    expect(await t.models.list()).toEqual([]);
    const start = (await t.models.memory()).numTensors;
    const train = node('model.train', { ...FAST, epochs: 2, target: 'temperature' }, 'leak-train');
    const graph = (seed: number) => ({
      nodes: [...prep.nodes, { ...train, params: { ...train.params, seed } }],
      edges: [...prep.edges, edge(prep.scale, train.id, 'out', 'train')],
    });
    for (const seed of [1, 2, 3]) {
      const r = await t.run(graph(seed));
      expect(r.status[train.id]).toBe('done');
      // The model of the previous run was disposed when this one replaced it.
      expect((await t.models.list()).filter((id) => id.startsWith('leak-train#'))).toHaveLength(1);
    }
    await t.run({ nodes: prep.nodes, edges: prep.edges });
    expect(await t.models.list()).toEqual([]);
    expect((await t.models.memory()).numTensors).toBe(start);
  });

  it('refuses NULL features with a message naming the columns and the fix', async () => {
    const sample = node('ingest.sample', { rows: 2000 });
    const train = node('model.train', {
      target: 'failure_24h',
      features: ['temperature', 'vibration', 'pressure'],
    });
    const r = await t.run({ nodes: [sample, train], edges: [edge(sample.id, train.id, 'out', 'train')] });
    expect(r.status[train.id]).toBe('error');
    expect(r.message[train.id]).toMatch(
      /^Feature columns with missing values: "temperature" \(\d+ NULL\), "vibration" \(\d+ NULL\), "pressure" \(\d+ NULL\)\. Add a Clean › Impute node/,
    );
  });

  it('explains bad targets, tasks and features before training', async () => {
    const sample = node('ingest.sample', { rows: 300 });
    const clean = node('clean.drop_nulls');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /^Param "target": choose the column to predict\.$/],
      [{ target: 'nope' }, /column "nope" is not in input "train"/],
      [{ target: 'status', task: 'regression' }, /regression needs a numeric target; "status" is VARCHAR/],
      [{ target: 'status', task: 'binary' }, /binary needs exactly 2 distinct target values; "status" has 3/],
      [{ target: 'failure_24h', features: ['sensor_id'] }, /"sensor_id" is VARCHAR, not numeric: one-hot/],
      [{ target: 'failure_24h', features: ['failure_24h'] }, /"failure_24h" is the target/],
    ];
    const trains = cases.map(([params]) => node('model.train', params));
    const r = await t.run({
      nodes: [sample, clean, ...trains],
      edges: [edge(sample.id, clean.id), ...trains.map((n) => edge(clean.id, n.id, 'out', 'train'))],
    });
    cases.forEach(([, message], i) => {
      expect(r.message[trains[i]?.id as string]).toMatch(message);
    });
  });

  it('default features take booleans as 0/1 and name the date columns they leave out (issue 11)', async () => {
    const data = node('transform.sql', {
      sql: `SELECT i % 3 = 0 AS flag, i * 0.5 AS x, DATE '2026-01-01' + i::INTEGER AS day, (i % 3 = 0)::INTEGER AS y
        FROM range(60) r(i)`,
    });
    const seed = node('ingest.sample', { rows: 0 });
    const train = node('model.train', { target: 'y', ...FAST, epochs: 1 });
    const excluding = node('model.train', { target: 'y', exclude: ['day', 'x'], ...FAST, epochs: 1 });
    const r = await t.run({
      nodes: [seed, data, train, excluding],
      edges: [
        edge(seed.id, data.id),
        edge(data.id, train.id, 'out', 'train'),
        edge(data.id, excluding.id, 'out', 'train'),
      ],
    });
    expect(r.status[train.id]).toBe('warning');
    expect(reportOf(r.events, train.id)?.features).toEqual(['flag', 'x']);
    const done = r.events.find((e) => e.type === 'node-done' && e.nodeId === train.id);
    expect(done?.type === 'node-done' && done.warnings).toEqual([
      expect.stringMatching(/^Not used as features: "day" \(date\/time\)\. Add Transform › Time features/),
    ]);
    // Excepting columns keeps all the others: never just the one named.
    expect(r.status[excluding.id]).toBe('done');
    expect(reportOf(r.events, excluding.id)?.features).toEqual(['flag']);
  });

  it('stops training within a second of Cancel run', async () => {
    const prep = prepared(2000);
    const train = node('model.train', { target: 'temperature', epochs: 10_000, batchSize: 32 });
    const events: EngineEvent[] = [];
    let cancelledAt = 0;
    const running = t.engine.run(
      {
        name: 'cancel',
        nodes: [...prep.nodes, train],
        edges: [...prep.edges, edge(prep.scale, train.id, 'out', 'train')],
      },
      (e) => {
        events.push(e);
        if (e.type === 'node-point' && e.nodeId === train.id && !cancelledAt) {
          cancelledAt = performance.now();
          t.engine.cancel();
        }
      },
    );
    await running;
    const stopMs = performance.now() - cancelledAt;
    expect(cancelledAt).toBeGreaterThan(0);
    expect(stopMs).toBeLessThan(1000);
    // Cancelled is not failed: the node is released (idle, "Run cancelled.") and keeps no result.
    const released = events.find((e) => e.type === 'node-blocked' && e.nodeId === train.id);
    expect(released?.type === 'node-blocked' && released.message).toBe('Run cancelled.');
    expect(events.some((e) => e.type === 'node-failed' && e.nodeId === train.id)).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    expect((await t.models.list()).some((id) => id.startsWith(`${train.id}#`))).toBe(false);
  });
});
