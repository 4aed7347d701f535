import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { defaultParams } from '../define-node-kind';
import { getKind } from '../registry';
import { emptyOf, runKind, sqlTable, type TestEngine, valuesTable } from './feature-test-util';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

// a: 1, 0, 1 → 2/3. b: 0 (and a NULL target) → 0. c: only a NULL target. NULL: 1.
// Global mean over the 5 known targets: 3/5.
const fit = valuesTable(
  ['id', 'cat', 'y'],
  [
    ['1', "'a'", '1'],
    ['2', "'b'", '0'],
    ['3', "'a'", '0'],
    ['4', "'c'", 'NULL'],
    ['5', 'NULL', '1'],
    ['6', "'b'", 'NULL'],
    ['7', "'a'", '1'],
  ],
);
const later = valuesTable(
  ['id', 'cat'],
  [
    ['8', "'a'"],
    ['9', "'d'"],
    ['10', 'NULL'],
    ['11', "'c'"],
  ],
);

describe('features.target_encode', () => {
  it('encodes each category with its target mean from `in`; unseen categories get the global mean', async () => {
    const r = await runKind(
      t,
      'features.target_encode',
      { column: 'cat', target: 'y', minCount: 1 },
      { in: fit, apply: later },
    );
    expect(r.status).toBe('done');
    expect(r.columns()).toEqual(['id', 'cat', 'y', 'cat_te']);
    const out = await r.rows();
    expect(out.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const te = out.map((x) => x.cat_te as number);
    expect(te).toEqual([2 / 3, 0, 2 / 3, 0.6, 1, 0, 2 / 3].map((v) => expect.closeTo(v, 12)));
    const applied = await r.rows('applied');
    expect(applied.map((x) => x.id)).toEqual([8, 9, 10, 11]);
    expect(applied.map((x) => x.cat_te)).toEqual([2 / 3, 0.6, 1, 0.6].map((v) => expect.closeTo(v, 12)));
    const fitted = r.report?.fitted as Record<string, unknown>;
    expect(fitted).toMatchObject({
      kind: 'target_encode',
      column: 'cat',
      target: 'y',
      smoothing: 0,
      minCount: 1,
      globalMean: 0.6,
      categoryCount: 4,
      // 'c' has no known target: it is encoded like an unseen category.
      other: { categories: 1, count: 0, encoding: 0.6 },
    });
    expect(fitted.categories).toEqual([
      { value: 'a', count: 3, encoding: expect.closeTo(2 / 3, 12) },
      { value: 'b', count: 1, encoding: 0 },
      { value: null, count: 1, encoding: 1 },
    ]);
  });

  it('smooths toward the global mean: (sum + m·mean) / (count + m)', async () => {
    const r = await runKind(
      t,
      'features.target_encode',
      { column: 'cat', target: 'y', smoothing: 2, minCount: 1 },
      { in: fit },
    );
    const te = (await r.rows()).map((x) => x.cat_te as number);
    const [a, b, c, nul] = [3.2 / 5, 1.2 / 3, 0.6, 2.2 / 3];
    expect(te).toEqual([a, b, a, c, nul, b, a].map((v) => expect.closeTo(v, 12)));
  });

  it('pools categories rarer than minCount into "other", in training too, so no row\'s target shows', async () => {
    // big: 4 rows, mean 1/4. solo: one row with y = 1. pair: y = 0, 0. Pooled: 1/3.
    const rare = valuesTable(
      ['id', 'cat', 'y'],
      [
        ['1', "'big'", '1'],
        ['2', "'big'", '0'],
        ['3', "'big'", '0'],
        ['4', "'big'", '0'],
        ['5', "'solo'", '1'],
        ['6', "'pair'", '0'],
        ['7', "'pair'", '0'],
      ],
    );
    const unseen = valuesTable(['cat'], [["'new'"], ["'solo'"], ["'big'"]]);
    const r = await runKind(
      t,
      'features.target_encode',
      { column: 'cat', target: 'y', minCount: 3 },
      { in: rare, apply: unseen },
    );
    expect(r.message).toBeUndefined();
    const te = (await r.rows()).map((x) => x.cat_te as number);
    expect(te).toEqual([0.25, 0.25, 0.25, 0.25, 1 / 3, 1 / 3, 1 / 3].map((v) => expect.closeTo(v, 12)));
    expect((await r.rows('applied')).map((x) => x.cat_te)).toEqual(
      [1 / 3, 1 / 3, 0.25].map((v) => expect.closeTo(v, 12)),
    );
    const fitted = r.report?.fitted as Record<string, unknown>;
    expect(fitted).toMatchObject({ minCount: 3, categoryCount: 3, globalMean: 2 / 7 });
    expect(fitted.categories).toEqual([{ value: 'big', count: 4, encoding: 0.25 }]);
    expect(fitted.other).toEqual({ categories: 2, count: 3, encoding: expect.closeTo(1 / 3, 12) });
    expect(JSON.stringify(fitted)).not.toContain('solo');
    expect(fitted.rule).toMatch(/count >= minCount/);

    // A pool still under minCount gets the global mean; a table under it has no encoding.
    const strict = await runKind(
      t,
      'features.target_encode',
      { column: 'cat', target: 'y', minCount: 4 },
      { in: rare },
    );
    expect(strict.report?.fitted).toHaveProperty('other', {
      categories: 2,
      count: 3,
      encoding: expect.closeTo(2 / 7, 12),
    });
    const tiny = await runKind(
      t,
      'features.target_encode',
      { column: 'cat', target: 'y', minCount: 8 },
      { in: rare },
    );
    expect((await tiny.rows()).map((x) => x.cat_te)).toEqual([null, null, null, null, null, null, null]);
    expect(tiny.report?.fitted).toMatchObject({
      globalMean: null,
      categories: [],
      other: { encoding: null },
    });
  });

  it('defaults keep a category seen once out of the encodings', async () => {
    const r = await runKind(t, 'features.target_encode', { column: 'cat', target: 'y' }, { in: fit });
    // 5 known targets < 10: nothing may be revealed, not even their mean.
    expect((await r.rows()).every((x) => x.cat_te === null)).toBe(true);
    expect(r.report?.fitted).toHaveProperty('categories', []);
  });

  it('reports every kept category, not only the most frequent 100', async () => {
    const many = sqlTable('SELECT i % 150 AS cat, CAST(i % 7 AS DOUBLE) AS y FROM range(1500) r(i)');
    const r = await runKind(t, 'features.target_encode', { column: 'cat', target: 'y' }, { in: many });
    const fitted = r.report?.fitted as {
      categories: { value: string; encoding: number }[];
      categoryCount: number;
    };
    expect(fitted.categoryCount).toBe(150);
    expect(fitted.categories).toHaveLength(150);
    // The report reproduces the encoded column exactly.
    const byValue = new Map(fitted.categories.map((c) => [c.value, c.encoding]));
    for (const row of await r.rows()) expect(row.cat_te).toBe(byValue.get(String(row.cat)));
  });

  it('takes a boolean target and unusual column names', async () => {
    const weird = valuesTable(
      ['machine "type" ($)', 'failed? ✓'],
      [
        ["'x y'", 'true'],
        ["'x y'", 'false'],
        ["'o''k'", 'true'],
      ],
    );
    const r = await runKind(
      t,
      'features.target_encode',
      { column: 'machine "type" ($)', target: 'failed? ✓', minCount: 1 },
      { in: weird },
    );
    expect(r.message).toBeUndefined();
    expect((await r.rows()).map((x) => x['machine "type" ($)_te'])).toEqual([0.5, 0.5, 1]);
  });

  it('fits an empty table: no mean to give, so the encoding is NULL', async () => {
    const r = await runKind(
      t,
      'features.target_encode',
      { column: 'cat', target: 'y' },
      { in: emptyOf(fit), apply: later },
    );
    expect(r.status).toBe('done');
    expect(await r.rows()).toEqual([]);
    expect((await r.rows('applied')).map((x) => x.cat_te)).toEqual([null, null, null, null]);
    expect(r.report?.fitted).toMatchObject({ globalMean: null, categoryCount: 0, categories: [] });
  });

  it('names the param and the column when a column is unknown or unusable', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ column: 'kat', target: 'y' }, 'Param "column": column "kat" is not in input "in".'],
      [{ column: 'cat', target: 'why' }, 'Param "target": column "why" is not in input "in".'],
      [
        { column: 'id', target: 'cat' },
        'Param "target": column "cat" is VARCHAR; the target must be numeric or boolean.',
      ],
      [{ target: 'y' }, 'Param "column": choose the column to encode.'],
    ];
    for (const [params, message] of cases)
      expect((await runKind(t, 'features.target_encode', params, { in: fit })).message).toBe(message);
    const noCat = valuesTable(['id'], [['1']]);
    const r = await runKind(
      t,
      'features.target_encode',
      { column: 'cat', target: 'y' },
      { in: fit, apply: noCat },
    );
    expect(r.message).toBe('Param "column": column "cat" is not in input "apply".');
    const kind = getKind('features.target_encode');
    expect(kind && defaultParams(kind)).toEqual({ column: '', target: '', smoothing: 0, minCount: 10 });
  });
});
