import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEngine, edge, node } from '../../../workers/testing/test-engine';
import { ODD, q, runKind, type TestEngine } from '../kind-test-helpers';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

// Integers 1, 3, 8 (median 3, mean 4); doubles 10, 20, 40, 90 (median 30, mean 40);
// text a, b, b, a (tie: smallest wins, "a"); text x, y, y (mode "y").
const IN = `SELECT * FROM (VALUES
  (1, 10.0::DOUBLE, 'a', 'x'),
  (NULL, 20.0, 'b', NULL),
  (3, NULL, 'b', 'y'),
  (8, 40.0, NULL, NULL),
  (NULL, 90.0, 'a', 'y')
) t(${q(ODD.space)}, ${q(ODD.dollar)}, ${q(ODD.quote)}, ${q(ODD.unicode)})`;

describe('clean.impute', () => {
  it('fills numeric NULLs with the median and text NULLs with the mode, keeping types', async () => {
    const k = await runKind(t, 'clean.impute', {}, { in: IN });
    expect(k.status).toBe('done');
    const rows = await k.rows();
    expect(rows.map((r) => r[ODD.space])).toEqual([1, 3, 3, 8, 3]);
    expect(rows.map((r) => r[ODD.dollar])).toEqual([10, 20, 30, 40, 90]);
    expect(rows.map((r) => r[ODD.quote])).toEqual(['a', 'b', 'b', 'a', 'a']);
    expect(rows.map((r) => r[ODD.unicode])).toEqual(['x', 'y', 'y', 'y', 'y']);
    expect(k.columns().map((c) => c.type)).toEqual(['INTEGER', 'DOUBLE', 'VARCHAR', 'VARCHAR']);
    expect(k.report).toEqual({
      fitted: {
        kind: 'impute',
        values: { [ODD.space]: 3, [ODD.dollar]: 30, [ODD.quote]: 'a', [ODD.unicode]: 'y' },
        methods: {
          [ODD.space]: 'median',
          [ODD.dollar]: 'median',
          [ODD.quote]: 'mode',
          [ODD.unicode]: 'mode',
        },
      },
    });
    // Without `apply` there is no `applied` output.
    expect(k.ports()).toEqual(['out']);
  });

  it('uses the mean, rounded to the column type for integers', async () => {
    const k = await runKind(t, 'clean.impute', { strategy: 'mean', categorical: 'none' }, { in: IN });
    const rows = await k.rows();
    expect(rows.map((r) => r[ODD.space])).toEqual([1, 4, 3, 8, 4]);
    expect(rows.map((r) => r[ODD.dollar])).toEqual([10, 20, 40, 40, 90]);
    expect(rows.map((r) => r[ODD.quote])).toEqual(['a', 'b', 'b', null, 'a']);
    expect(k.report?.fitted).toMatchObject({ values: { [ODD.space]: 4, [ODD.dollar]: 40 } });
  });

  it('fills only the chosen columns, with constants', async () => {
    const k = await runKind(
      t,
      'clean.impute',
      { strategy: 'constant', categorical: 'constant', fillValue: '0', columns: [ODD.dollar, ODD.quote] },
      { in: IN },
    );
    const rows = await k.rows();
    expect(rows.map((r) => r[ODD.dollar])).toEqual([10, 20, 0, 40, 90]);
    expect(rows.map((r) => r[ODD.quote])).toEqual(['a', 'b', 'b', '0', 'a']);
    expect(rows.map((r) => r[ODD.space])).toEqual([1, null, 3, 8, null]);
  });

  it('fits on `in` only: `applied` gets in’s median, not apply’s (no leakage)', async () => {
    const k = await runKind(
      t,
      'clean.impute',
      {},
      {
        in: `SELECT * FROM (VALUES (10.0::DOUBLE), (20.0), (NULL)) t(${q(ODD.apostrophe)})`,
        apply: `SELECT * FROM (VALUES (1000.0::DOUBLE), (NULL), (2000.0), (3000.0)) t(${q(ODD.apostrophe)})`,
      },
    );
    expect(k.status).toBe('done');
    expect(k.ports().sort()).toEqual(['applied', 'out']);
    expect((await k.rows('out')).map((r) => r[ODD.apostrophe])).toEqual([10, 20, 15]);
    expect((await k.rows('applied')).map((r) => r[ODD.apostrophe])).toEqual([1000, 15, 2000, 3000]);
    expect(k.report?.fitted).toMatchObject({ values: { [ODD.apostrophe]: 15 } });
  });

  it('reads a CSV with missing cells', async () => {
    t.duck.addFile('impute.csv', 'id,"reading (°C)"\n1,10\n2,\n3,30\n');
    const f = node('ingest.file', { file: 'impute.csv' });
    const k = await runKind(t, 'clean.impute', {}, { in: { node: f } });
    expect(await k.rows()).toEqual([
      { id: 1, 'reading (°C)': 10 },
      { id: 2, 'reading (°C)': 20 },
      { id: 3, 'reading (°C)': 30 },
    ]);
  });

  it('handles an empty table: nothing to fit, nothing filled', async () => {
    const k = await runKind(t, 'clean.impute', {}, { in: `${IN} WHERE false` });
    expect(k.status).toBe('done');
    expect(await k.rows()).toEqual([]);
    expect(k.report?.fitted).toMatchObject({ values: { [ODD.space]: null, [ODD.quote]: null } });
  });

  it('names an unknown column, a bad fill value and an unfillable type', async () => {
    const unknown = await runKind(t, 'clean.impute', { columns: ['nope'] }, { in: IN });
    expect(unknown.status).toBe('error');
    expect(unknown.message).toBe('Param "columns": column "nope" is not in input "in".');
    const bad = await runKind(t, 'clean.impute', { strategy: 'constant', fillValue: 'abc' }, { in: IN });
    expect(bad.message).toMatch(/Param "fillValue": "abc" is not a valid INTEGER for column "with space"/);
    const ts = await runKind(
      t,
      'clean.impute',
      { columns: ['ts'] },
      { in: "SELECT TIMESTAMP '2024-01-01' AS ts" },
    );
    expect(ts.message).toMatch(/column "ts" has type TIMESTAMP/);
    const missingInApply = await runKind(t, 'clean.impute', {}, { in: IN, apply: 'SELECT 1 AS other' });
    expect(missingInApply.message).toMatch(/column "with space" is not in input "apply"/);
  });

  it('fails a node wired to `applied` when `apply` is not connected', async () => {
    const src = node('transform.sql', { sql: 'SELECT 1 AS x' });
    const seed = node('ingest.sample', { rows: 0 });
    const imp = node('clean.impute');
    const after = node('clean.filter');
    const r = await t.run({
      nodes: [seed, src, imp, after],
      edges: [edge(seed.id, src.id), edge(src.id, imp.id), edge(imp.id, after.id, 'applied', 'in')],
    });
    expect(r.status[imp.id]).toBe('done');
    expect(r.status[after.id]).toBe('error');
    expect(r.message[after.id]).toMatch(/did not produce its optional output "applied"/);
  });

  it('fits one column per query, so a 100M-row fit holds one column of values, not all (peak RSS 10.6 GiB)', async () => {
    const query = vi.spyOn(t.duck, 'query');
    try {
      const k = await runKind(t, 'clean.impute', {}, { in: IN });
      expect(k.status).toBe('done');
      const fits = query.mock.calls.map(([sql]) => sql).filter((sql) => /median\(|GROUP BY/.test(sql));
      expect(fits).toHaveLength(4);
      for (const sql of fits) expect(sql.match(/median\(|GROUP BY/g)).toHaveLength(1);
    } finally {
      query.mockRestore();
    }
  });
});
