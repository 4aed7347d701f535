import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { defaultParams } from '../define-node-kind';
import { getKind } from '../registry';
import { emptyOf, runKind, type TestEngine, valuesTable } from './feature-test-util';
import { columnKey } from './feature-util';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

// x: mean 2, sample std 1. flat: no spread. label: an integer to exclude. name: text.
const small = valuesTable(
  ['x', 'flat', 'label', 'name'],
  [
    ['1.0', '10', '0', "'a'"],
    ['2.0', '10', '1', "'b'"],
    ['3.0', '10', '1', 'NULL'],
    ['NULL', 'NULL', '0', "'d'"],
  ],
);

describe('features.scale', () => {
  it('standardises with mean and sample std, in place; a constant column becomes 0', async () => {
    const r = await runKind(t, 'features.scale', { exclude: ['label'] }, { in: small });
    expect(r.status).toBe('done');
    expect(r.columns()).toEqual(['x', 'flat', 'label', 'name']);
    expect(await r.rows()).toEqual([
      { x: -1, flat: 0, label: 0, name: 'a' },
      { x: 0, flat: 0, label: 1, name: 'b' },
      { x: 1, flat: 0, label: 1, name: null },
      { x: null, flat: null, label: 0, name: 'd' },
    ]);
    expect(r.report).toEqual({
      fitted: {
        kind: 'scale',
        method: 'standard',
        columns: [
          { column: 'x', mean: 2, std: 1 },
          { column: 'flat', mean: 10, std: 0 },
        ],
      },
    });
  });

  it('min-max scales the chosen columns only', async () => {
    const r = await runKind(
      t,
      'features.scale',
      { method: 'minmax', columns: ['x', 'label'] },
      { in: small },
    );
    expect((await r.rows()).map((row) => [row.x, row.label, row.flat])).toEqual([
      [0, 0, 10],
      [0.5, 1, 10],
      [1, 1, 10],
      [null, 0, null],
    ]);
    expect(r.report?.fitted).toMatchObject({
      columns: [
        { column: 'x', min: 1, max: 3 },
        { column: 'label', min: 0, max: 1 },
      ],
    });
  });

  it('does not leak: the test split is scaled with the train statistics', async () => {
    // x = 1..10; the time split puts 8, 9, 10 in test. Train mean 4, std sqrt(28/6).
    const ten = valuesTable(
      ['x'],
      Array.from({ length: 10 }, (_, i) => [`${i + 1}.0`]),
    );
    const split = await runKind(
      t,
      'split.train_test',
      { method: 'time', orderBy: 'x', testSize: 0.3 },
      { in: ten },
    );
    const r = await runKind(
      t,
      'features.scale',
      {},
      { in: split.output('train'), apply: split.output('test') },
    );
    expect(r.status).toBe('done');
    const std = Math.sqrt(28 / 6);
    const applied = (await r.rows('applied')).map((row) => row.x as number);
    expect(applied).toHaveLength(3);
    expect(applied).toEqual([8, 9, 10].map((x) => expect.closeTo((x - 4) / std, 12)));
    // Its own statistics (mean 9, std 1) would have given -1, 0, 1.
    expect(applied[1]).not.toBeCloseTo(0);
    const train = (await r.rows()).map((row) => row.x as number);
    expect(train[0]).toBeCloseTo(-3 / std, 12);
    expect(r.report?.fitted).toEqual({
      kind: 'scale',
      method: 'standard',
      columns: [{ column: 'x', mean: 4, std: expect.closeTo(std, 12) }],
    });
  });

  it('scales apply to 0 where `in` had no spread, whatever apply holds', async () => {
    const other = valuesTable(['x', 'flat', 'label', 'name'], [['5.0', '99', '0', "'z'"]]);
    const r = await runKind(t, 'features.scale', { exclude: ['label'] }, { in: small, apply: other });
    expect(await r.rows('applied')).toEqual([{ x: 3, flat: 0, label: 0, name: 'z' }]);
  });

  it('leaves out `applied` without `apply`, and a node reading it says why', async () => {
    const r = await runKind(t, 'features.scale', {}, { in: small });
    expect(t.engine.cache.get(r.id)?.outputs).not.toHaveProperty('applied');
    const next = await runKind(t, 'clean.filter', {}, { in: r.output('applied') });
    expect(next.status).toBe('error');
    expect(next.message).toMatch(/optional output "applied"/);
  });

  it('fits on an empty table: no statistics, so values scale to 0 and NULL stays NULL', async () => {
    const other = valuesTable(['x', 'flat', 'label', 'name'], [['5.0', 'NULL', '1', "'z'"]]);
    const r = await runKind(t, 'features.scale', {}, { in: emptyOf(small), apply: other });
    expect(r.status).toBe('done');
    expect(await r.rows()).toEqual([]);
    expect(await r.rows('applied')).toEqual([{ x: 0, flat: null, label: 0, name: 'z' }]);
    const fitted = r.report?.fitted as { columns: unknown[] };
    expect(fitted.columns[0]).toEqual({ column: 'x', mean: null, std: null });
  });

  it('names the param and the column when a column is unknown or not numeric', async () => {
    const a = await runKind(t, 'features.scale', { columns: ['nope'] }, { in: small });
    expect(a.message).toBe('Param "columns": column "nope" is not in input "in".');
    const b = await runKind(t, 'features.scale', { exclude: ['gone'] }, { in: small });
    expect(b.message).toMatch(/Param "exclude".*"gone"/);
    const c = await runKind(t, 'features.scale', { columns: ['name'] }, { in: small });
    expect(c.message).toMatch(/Param "columns": column "name" is VARCHAR/);
    const missing = valuesTable(['flat'], [['1']]);
    const d = await runKind(t, 'features.scale', { columns: ['x'] }, { in: small, apply: missing });
    expect(d.message).toBe('Param "columns": column "x" is not in input "apply".');
  });

  it('handles any column name (spaces, quotes, $, parentheses, unicode)', async () => {
    const special = fc.constantFrom('"', "'", '$', '(', ')', ' ', '✓', 'é', '日', '=', '\\', '-', ';');
    const ascii = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 });
    const name = fc.string({ unit: fc.oneof(special, ascii), minLength: 1, maxLength: 10 });
    const names = fc.uniqueArray(name, { minLength: 1, maxLength: 4, selector: columnKey });
    await fc.assert(
      fc.asyncProperty(names, async (cols) => {
        const table = valuesTable(cols, [cols.map(() => '1.0'), cols.map(() => '3.0')]);
        const r = await runKind(
          t,
          'features.scale',
          { method: 'minmax', columns: cols },
          { in: table, apply: table },
        );
        expect(r.message).toBeUndefined();
        expect(r.columns()).toEqual(cols);
        const rows = await r.rows('applied');
        expect(rows.map((row) => cols.map((c) => row[c]))).toEqual([cols.map(() => 0), cols.map(() => 1)]);
      }),
      {
        numRuns: 25,
        // Counterexamples fast-check found (its failure message prints the seed to replay):
        // kept as fixed cases so they run every time.
        examples: [[['__proto__', '"']], [['constructor', 'hasOwnProperty', 'toString']]],
      },
    );
  });

  it('is registered with defaults that validate', () => {
    const kind = getKind('features.scale');
    expect(kind && defaultParams(kind)).toEqual({ method: 'standard', columns: [], exclude: [] });
  });
});
