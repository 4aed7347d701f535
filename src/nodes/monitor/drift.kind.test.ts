import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import { reportOf, type TestEngine } from '../model/model-test-util';
import type { DriftColumn } from './drift-report';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

/** Reference and current samples of the sensors data (other seeds), `shift` applied to current. */
async function drift(shift: string, params: Record<string, unknown> = {}) {
  const reference = node('ingest.sample', { rows: 4000, seed: 1 });
  const sample = node('ingest.sample', { rows: 4000, seed: 2 });
  const current = node('transform.sql', { sql: shift });
  const check = node('monitor.drift', params);
  const run = await t.run({
    nodes: [reference, sample, current, check],
    edges: [
      edge(sample.id, current.id),
      edge(reference.id, check.id, 'out', 'reference'),
      edge(current.id, check.id, 'out', 'current'),
    ],
  });
  const rows = run.message[check.id] ? [] : await t.rows(check.id, 'out', '"column"');
  const report = reportOf(run.events, check.id) as { drift: DriftColumn[] } | undefined;
  return { run, id: check.id, rows, report };
}

describe('monitor.drift', () => {
  it('flags the shifted columns only, with PSI, a test p-value and both distributions', async () => {
    const r = await drift(
      `SELECT * REPLACE (temperature + 25 AS temperature,
         CASE WHEN random() < 0.6 THEN 'maintenance' ELSE status END AS status) FROM input`,
    );
    expect(r.run.status[r.id]).toBe('warning');
    const byColumn = Object.fromEntries(r.rows.map((row) => [row.column, row]));
    const drifted = r.rows.filter((row) => row.drifted).map((row) => row.column);
    expect(drifted.sort()).toEqual(['status', 'temperature']);
    expect(byColumn.temperature?.test).toBe('ks');
    expect(byColumn.temperature?.p_value).toBeLessThan(1e-6);
    expect(byColumn.status?.test).toBe('chi2');
    expect(byColumn.status?.p_value).toBeLessThan(1e-6);
    for (const c of ['vibration', 'pressure']) {
      expect(byColumn[c]?.psi, c).toBeLessThan(0.05);
      expect(byColumn[c]?.p_value, c).toBeGreaterThan(0.001);
    }
    const temp = r.report?.drift.find((d) => d.column === 'temperature');
    expect(temp?.bins.labels).toHaveLength(temp?.bins.reference.length ?? -1);
    expect(temp?.bins.reference.reduce((s, v) => s + v, 0)).toBe(4000);
    expect(temp?.outOfRange).toBeGreaterThan(0);
    const warning = r.run.events.find((e) => e.type === 'node-done' && e.nodeId === r.id);
    expect(warning?.type === 'node-done' && warning.warnings.join(' ')).toMatch(
      /Drift in 2 of \d+ columns: .*"temperature"/,
    );
  }, 60_000);

  it('two samples of the same data do not drift', async () => {
    const r = await drift('SELECT * FROM input');
    expect(r.run.message[r.id]).toBeUndefined();
    const done = r.run.events.find((e) => e.type === 'node-done' && e.nodeId === r.id);
    expect(done?.type === 'node-done' && done.warnings).toEqual([]);
    expect(r.run.status[r.id]).toBe('done');
    expect(r.rows.filter((row) => row.drifted)).toEqual([]);
  }, 60_000);

  it('names the columns the current table lacks, and refuses a listed column that is not in both', async () => {
    const r = await drift('SELECT * EXCLUDE (pressure) FROM input');
    expect(r.run.status[r.id]).toBe('warning');
    const done = r.run.events.find((e) => e.type === 'node-done' && e.nodeId === r.id);
    expect(done?.type === 'node-done' && done.warnings.join(' ')).toMatch(/not checked: "pressure"/);
    const bad = await drift('SELECT * EXCLUDE (pressure) FROM input', { columns: ['pressure'] });
    expect(bad.run.message[bad.id]).toMatch(/Param "columns": "pressure" not in both tables/);
  }, 60_000);
});
