import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { defaultParams } from '../define-node-kind';
import { getKind } from '../registry';
import { emptyOf, runKind, type TestEngine, valuesTable } from './feature-test-util';

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
      { column: 'cat', target: 'y' },
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
      globalMean: 0.6,
      categoryCount: 4,
    });
    expect(fitted.categories).toEqual([
      { value: 'a', count: 3, encoding: expect.closeTo(2 / 3, 12) },
      { value: 'b', count: 1, encoding: 0 },
      { value: null, count: 1, encoding: 1 },
      { value: 'c', count: 0, encoding: 0.6 },
    ]);
  });

  it('smooths toward the global mean: (sum + m·mean) / (count + m)', async () => {
    const r = await runKind(
      t,
      'features.target_encode',
      { column: 'cat', target: 'y', smoothing: 2 },
      { in: fit },
    );
    const te = (await r.rows()).map((x) => x.cat_te as number);
    const [a, b, c, nul] = [3.2 / 5, 1.2 / 3, 0.6, 2.2 / 3];
    expect(te).toEqual([a, b, a, c, nul, b, a].map((v) => expect.closeTo(v, 12)));
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
      { column: 'machine "type" ($)', target: 'failed? ✓' },
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
    expect(kind && defaultParams(kind)).toEqual({ column: '', target: '', smoothing: 0 });
  });
});
