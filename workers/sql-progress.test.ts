import { describe, expect, it } from 'vitest';
import { ProgressRouter, statementProgress } from './sql-progress';

function harness() {
  let t = 0;
  const reports: [number, string][] = [];
  const listen = statementProgress(
    (fraction, message) => reports.push([fraction, message]),
    () => t,
  );
  return {
    reports,
    at(ms: number, percentage: number | string, status = 'in-progress') {
      t = ms;
      listen({ status, percentage });
    },
  };
}

describe('statementProgress', () => {
  it('reports whole per cents as a fraction and words, marked as DuckDB’s estimate', () => {
    const h = harness();
    h.at(300, 12.7);
    expect(h.reports).toEqual([[0.12, '≈ 12 %']]);
  });

  it('passes on at most five reports a second', () => {
    const h = harness();
    for (let ms = 0; ms <= 1000; ms += 20) h.at(ms, 1 + ms / 20);
    expect(h.reports.length).toBeLessThanOrEqual(6);
    expect(h.reports.map(([f]) => f)).toEqual([...h.reports.map(([f]) => f)].sort((a, b) => a - b));
  });

  it('says nothing when DuckDB cannot tell (-1), at 0 %, when it is complete, or for a percentage that did not move', () => {
    const h = harness();
    h.at(0, -1);
    h.at(250, 0.5);
    h.at(300, 'NaN');
    h.at(600, 100, 'completed');
    expect(h.reports).toEqual([]);
    h.at(900, 40);
    h.at(1200, 40.9);
    expect(h.reports).toEqual([[0.4, '≈ 40 %']]);
  });

  it('adds an ETA from the time taken so far, after the first second', () => {
    const h = harness();
    h.at(500, 10);
    h.at(2000, 25);
    expect(h.reports).toEqual([
      [0.1, '≈ 10 %'],
      [0.25, '≈ 25 % · ETA 6 s'],
    ]);
  });

  it('accepts the percentage as a string, as the typings of DuckDB-WASM say it is', () => {
    const h = harness();
    h.at(0, '55.5');
    expect(h.reports).toEqual([[0.55, '≈ 55 %']]);
  });
});

describe('ProgressRouter', () => {
  const report = (percentage: number) => ({ status: 'in-progress', percentage });

  function router() {
    const r = new ProgressRouter();
    const heard: Record<number, number[]> = { 1: [], 2: [] };
    for (const conn of [1, 2]) r.listeners.set(conn, (p) => heard[conn]?.push(Number(p.percentage)));
    return { r, heard };
  }

  it('gives the reports held to the connection whose answer comes next', () => {
    const { r, heard } = router();
    r.hold(report(10));
    r.hold(report(20));
    r.answered(2);
    r.hold(report(30));
    r.answered(1);
    expect(heard).toEqual({ 1: [30], 2: [10, 20] });
  });

  it('a report made while another connection’s statement ran is not given to this one', () => {
    const { r, heard } = router();
    r.hold(report(50));
    r.answered(undefined); // e.g. a preview's query, answered without a pending query
    r.answered(1);
    r.hold(report(60));
    r.answered(3); // a connection with no listener
    r.answered(1);
    expect(heard).toEqual({ 1: [], 2: [] });
  });
});
