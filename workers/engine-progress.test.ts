import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../src/shared/protocol';
import type { ReportProgress } from './sql-progress';
import { NodeDuckBackend } from './testing/node-duck';
import { createTestEngineOn, edge, node } from './testing/test-engine';

type Progress = Extract<EngineEvent, { type: 'node-progress' }>;

let t: Awaited<ReturnType<typeof createTestEngineOn<NodeDuckBackend>>>;
beforeAll(async () => {
  // DuckDB-WASM reports statement progress only in the browser; here every statement says 50 %.
  const duck = await NodeDuckBackend.create();
  const query = duck.query.bind(duck);
  duck.query = async (sql: string, _signal?: AbortSignal, progress?: ReportProgress) => {
    progress?.(0.5, '50 %');
    return query(sql);
  };
  t = await createTestEngineOn(duck);
});
afterAll(() => t.close());

const progressOf = (events: EngineEvent[], id: string) =>
  events.filter((e): e is Progress => e.type === 'node-progress' && e.nodeId === id);

describe("a node's progress", () => {
  it("shows DuckDB's statement progress, marked as SQL, on a SQL node", async () => {
    const sample = node('ingest.sample', { rows: 100 });
    const sql = node('transform.sql', { sql: 'SELECT count(*) AS n FROM input' });
    const run = await t.run({ nodes: [sample, sql], edges: [edge(sample.id, sql.id)] });
    const events = progressOf(run.events, sql.id);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.sql === true && e.message === '50 %')).toBe(true);
  });

  it('stops showing statement progress once the kind reports its own, so the two never take turns on one bar', async () => {
    const sample = node('ingest.sample', { rows: 400 });
    const filled = node('transform.sql', {
      sql: 'SELECT coalesce(vibration, 0) AS vibration, coalesce(pressure, 0) AS pressure, failure_24h FROM input',
    });
    const train = node('model.train', {
      target: 'failure_24h',
      features: ['vibration', 'pressure'],
      epochs: 3,
      layers: [{ units: 4, activation: 'relu' }],
    });
    const run = await t.run({
      nodes: [sample, filled, train],
      edges: [edge(sample.id, filled.id), edge(filled.id, train.id, 'out', 'train')],
    });
    expect(run.message[train.id]).toBeUndefined();
    const events = progressOf(run.events, train.id);
    const firstOwn = events.findIndex((e) => !e.sql);
    expect(firstOwn, 'the training reported its own progress').toBeGreaterThan(0);
    expect(events.slice(0, firstOwn).every((e) => e.sql)).toBe(true);
    expect(events.slice(firstOwn).some((e) => e.sql)).toBe(false);
  });
});
