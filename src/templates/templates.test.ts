import { describe, expect, it } from 'vitest';
import { outputTableName } from '../../workers/internal-names';
import { parsePipelineFile, serializePipeline } from '../graph/pipeline-file';
import { getKind } from '../nodes/registry';
import { TEMPLATES } from './templates';

describe('templates', () => {
  it.each(TEMPLATES.map((t) => [t.title, t] as const))('%s is a valid pipeline file', (_title, t) => {
    const parsed = parsePipelineFile(serializePipeline(t.graph), getKind);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });
});

describe('Sensor data preparation template', () => {
  it('runs end to end in the engine: warnings for glitches, exact split sizes, train statistics applied to test', async () => {
    const { createTestEngine } = await import('../../workers/testing/test-engine');
    const { sensorPreparation } = await import('./templates');
    const t = await createTestEngine();
    try {
      const r = await t.run({
        ...sensorPreparation.graph,
        nodes: sensorPreparation.graph.nodes.map((n) => ({ ...n })),
      });
      expect(r.message).toEqual({});
      expect(r.status).toMatchObject({ sample: 'done', impute: 'done', validate: 'warning', scale: 'done' });
      const count = (id: string, port = 'out') => {
        const v = t.engine.cache.get(id)?.outputs[port];
        return v?.type === 'table' ? v.rowCount : -1;
      };
      expect([count('sample'), count('split', 'train'), count('split', 'test')]).toEqual([
        100000, 80000, 20000,
      ]);
      expect([count('scale'), count('scale', 'applied')]).toEqual([80000, 20000]);
      const train = await t.duck.query(
        `SELECT avg(temperature) AS m, stddev_samp(temperature) AS s FROM ${outputTableName('scale', 'out')}`,
      );
      const test = await t.duck.query(
        `SELECT avg(temperature) AS m FROM ${outputTableName('scale', 'applied')}`,
      );
      expect(Math.abs(Number(train.get(0)?.toJSON().m))).toBeLessThan(1e-9);
      expect(Number(train.get(0)?.toJSON().s)).toBeCloseTo(1, 9);
      // Test data scaled with train statistics: close to, but not exactly, zero mean.
      expect(Math.abs(Number(test.get(0)?.toJSON().m))).toBeGreaterThan(1e-6);
      const cols = (await t.duck.query(`DESCRIBE ${outputTableName('scale', 'out')}`))
        .toArray()
        .map((x) => x.toJSON().column_name);
      expect(cols).toEqual(
        expect.arrayContaining([
          'temperature_mean_5min',
          'vibration_std_5min',
          'timestamp_hour',
          'timestamp_is_weekend',
        ]),
      );
    } finally {
      t.close();
    }
  });
});

describe('model templates', () => {
  const modelTemplates = TEMPLATES.filter((t) => t.graph.nodes.some((n) => n.kind === 'model.train'));
  it.each(modelTemplates.map((t) => [t.title, t] as const))(
    '%s trains gradient-boosted trees beside a linear baseline and the network, compared on the test rows',
    (_title, t) => {
      const kindOf = (id: string) => t.graph.nodes.find((n) => n.id === id)?.kind;
      const into = (port: string) =>
        t.graph.edges.find((e) => e.target === 'compare' && e.targetPort === port);
      expect(kindOf('compare')).toBe('model.compare');
      expect([into('a'), into('b'), into('c')].map((e) => e && kindOf(e.source))).toEqual([
        'model.gbdt',
        'model.linear',
        'model.train',
      ]);
      expect(into('data')).toMatchObject({ source: 'scale', sourcePort: 'applied' });
      // The three predict the same target from the same features, or they cannot be compared.
      const shared = (id: string) => {
        const { target, task, features, exclude } = t.graph.nodes.find((n) => n.id === id)?.params ?? {};
        return { target, task, features, exclude };
      };
      expect(shared('gbdt')).toEqual(shared('train'));
      expect(shared('baseline')).toEqual(shared('train'));
    },
  );

  // The sample's failures are separable (every family scores AUC 1 there); temperature is
  // not linear in the vibration and pressure features, which the trees find.
  it.each([
    ['predictive-maintenance', 'auc'],
    ['temperature-regression', 'r2'],
  ])(
    '%s: the trees score at least as well as the linear baseline on the test rows, and Compare picks them',
    async (id, metric) => {
      const { createTestEngine } = await import('../../workers/testing/test-engine');
      const template = TEMPLATES.find((x) => x.id === id) as (typeof TEMPLATES)[number];
      const t = await createTestEngine();
      try {
        const graph = {
          ...template.graph,
          nodes: template.graph.nodes.map((n) =>
            n.kind === 'ingest.sample'
              ? { ...n, params: { ...n.params, rows: 10000 } }
              : n.kind === 'model.train'
                ? { ...n, params: { ...n.params, epochs: 1 } }
                : n,
          ),
        };
        const r = await t.run(graph);
        expect(r.message).toEqual({});
        const done = r.events.find((e) => e.type === 'node-done' && e.nodeId === 'compare');
        const table = (done as { report?: { resultsTable?: { columns: string[]; rows: unknown[][] } } })
          .report?.resultsTable;
        const col = table?.columns.indexOf(metric) ?? -1;
        const score = Object.fromEntries((table?.rows ?? []).map((row) => [row[0], row[col] as number]));
        expect((done as { report?: { picked?: string } }).report?.picked).toBe('a');
        expect(score.a).toBeGreaterThanOrEqual(score.b as number);
        expect(score.a).toBeGreaterThanOrEqual(score.c as number);
        if (metric === 'auc') expect(score.b).toBeGreaterThan((score.baseline as number) + 0.2);
      } finally {
        t.close();
      }
    },
    120_000,
  );
});
