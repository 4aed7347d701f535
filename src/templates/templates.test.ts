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
