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

// 1000 rows; 1 in 10 is "pos". Columns named to collide with the helper columns too.
const labelled =
  sqlTable(`SELECT range AS id, CASE WHEN range % 10 = 0 THEN 'pos' ELSE 'neg' END AS "class (y/n) ✓",
  range AS __pw_row, range AS __pw_rank FROM range(1000)`);

async function split(params: Record<string, unknown>, input = labelled) {
  const r = await runKind(t, 'split.train_test', params, { in: input });
  expect(r.message).toBeUndefined();
  return { r, train: await r.rows('train'), test: await r.rows('test') };
}

const ids = (rows: Record<string, unknown>[]) => rows.map((x) => x.id as number);
const isSorted = (xs: number[]) => xs.every((x, i) => i === 0 || (xs[i - 1] as number) < x);

describe('split.train_test', () => {
  it('puts exactly round(testSize × n) rows in test, disjoint from train, both in input order', async () => {
    const { train, test } = await split({ testSize: 0.2 });
    expect(test).toHaveLength(200);
    expect(train).toHaveLength(800);
    expect(new Set([...ids(train), ...ids(test)]).size).toBe(1000);
    expect(isSorted(ids(train)) && isSorted(ids(test))).toBe(true);
    // The helper columns are dropped; user columns of the same name survive untouched.
    expect(Object.keys(test[0] ?? {})).toEqual(['id', 'class (y/n) ✓', '__pw_row', '__pw_rank']);
    expect(test.every((x) => x.__pw_row === x.id)).toBe(true);
    const seven = valuesTable(['id'], [['1'], ['2'], ['3'], ['4'], ['5'], ['6'], ['7']]);
    const small = await split({ testSize: 0.25 }, seven); // 1.75 rounds to 2
    expect(small.test).toHaveLength(2);
    expect(small.train).toHaveLength(5);
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const a = ids((await split({ seed: 7 })).test);
    const b = ids((await split({ seed: 7 })).test);
    const c = ids((await split({ seed: 8 })).test);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // Not just the first or last rows: the test set spreads over the input.
    expect(Math.min(...a)).toBeLessThan(100);
    expect(Math.max(...a)).toBeGreaterThan(900);
  });

  it('stratifies: each class splits in its own proportion', async () => {
    const { train, test } = await split({ testSize: 0.25, stratify: 'class (y/n) ✓' });
    const count = (rows: Record<string, unknown>[], cls: string) =>
      rows.filter((x) => x['class (y/n) ✓'] === cls).length;
    expect(count(test, 'pos')).toBe(25);
    expect(count(test, 'neg')).toBe(225);
    expect(count(train, 'pos')).toBe(75);
    expect(count(train, 'neg')).toBe(675);
    // Per stratum round(): 3 "pos" of 7 rows → 0.5 × 3 = 1.5 → 2; 4 "neg" → 2.
    const tiny = valuesTable(
      ['id', 'k'],
      [
        ['1', "'p'"],
        ['2', "'n'"],
        ['3', "'p'"],
        ['4', "'n'"],
        ['5', "'p'"],
        ['6', "'n'"],
        ['7', "'n'"],
      ],
    );
    const s = await split({ testSize: 0.5, stratify: 'k' }, tiny);
    expect(s.test.filter((x) => x.k === 'p')).toHaveLength(2);
    expect(s.test.filter((x) => x.k === 'n')).toHaveLength(2);
  });

  it('time split: the latest rows go to test, the rest (and NULL times) to train, input order kept', async () => {
    // Times are a permutation of minutes 0..9 over ids 0..9, plus a row with no time.
    const timed =
      sqlTable(`SELECT range AS id, TIMESTAMP '2026-01-01' + to_minutes(((range * 7) % 10)::BIGINT) AS "at (UTC)"
      FROM range(10) UNION ALL SELECT 10, NULL`);
    const { train, test } = await split({ method: 'time', orderBy: 'at (UTC)', testSize: 0.3 }, timed);
    // 0.3 × 11 = 3.3 → 3: minutes 9, 8, 7 are ids 7, 4, 1.
    expect(ids(test)).toEqual([1, 4, 7]);
    expect(ids(train)).toEqual([0, 2, 3, 5, 6, 8, 9, 10]);
    const latestTrain = Math.max(...train.map((x) => (x['at (UTC)'] as number | null) ?? 0));
    expect(Math.min(...test.map((x) => x['at (UTC)'] as number))).toBeGreaterThan(latestTrain);
    // Stratify is for the random method; a time split keeps one cutoff for all rows.
    const stratified = await split(
      { method: 'time', orderBy: 'at (UTC)', testSize: 0.3, stratify: 'id' },
      timed,
    );
    expect(ids(stratified.test)).toEqual([1, 4, 7]);
  });

  it('handles the edges: empty input, testSize 0 and 1', async () => {
    const none = await split({}, emptyOf(labelled));
    expect([none.train.length, none.test.length]).toEqual([0, 0]);
    expect((await split({ testSize: 0 })).test).toHaveLength(0);
    expect((await split({ testSize: 1 })).train).toHaveLength(0);
  });

  it('names the param and the column when a column is unknown', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ stratify: 'klass' }, 'Param "stratify": column "klass" is not in input "in".'],
      [{ method: 'time', orderBy: 'when' }, 'Param "orderBy": column "when" is not in input "in".'],
      [{ method: 'time' }, 'Param "orderBy": a time split needs a column to order by.'],
    ];
    for (const [params, message] of cases)
      expect((await runKind(t, 'split.train_test', params, { in: labelled })).message).toBe(message);
    const kind = getKind('split.train_test');
    expect(kind && defaultParams(kind)).toEqual({
      testSize: 0.2,
      seed: 42,
      method: 'random',
      orderBy: '',
      stratify: '',
    });
  });
});
