import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputTableName } from '../../../workers/internal-names';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { defaultParams } from '../define-node-kind';
import { getKind } from '../registry';
import { emptyOf, runKind, type TestEngine, valuesTable } from './feature-test-util';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

// red ×3, blue ×2, green ×2, yellow ×1, NULL ×1.
const fit = valuesTable(
  ['id', 'color', 'size'],
  [
    ['1', "'red'", '1'],
    ['2', "'green'", '2'],
    ['3', "'blue'", '1'],
    ['4', 'NULL', '1'],
    ['5', "'red'", '2'],
    ['6', "'blue'", '1'],
    ['7', "'yellow'", '1'],
    ['8', "'green'", '1'],
    ['9', "'red'", '1'],
  ],
);
const later = valuesTable(
  ['id', 'color', 'size'],
  [
    ['10', "'green'", '3'],
    ['11', "'purple'", '1'],
    ['12', 'NULL', '2'],
    ['13', "'red'", '1'],
  ],
);

describe('features.onehot', () => {
  it('keeps the most frequent categories (ties by value) and puts the rest in __other', async () => {
    const r = await runKind(
      t,
      'features.onehot',
      { columns: ['color'], maxCategories: 2 },
      { in: fit, apply: later },
    );
    expect(r.status).toBe('done');
    expect(r.columns()).toEqual(['id', 'color=red', 'color=blue', 'color=__other', 'size']);
    expect((await r.rows()).map((x) => [x.id, x['color=red'], x['color=blue'], x['color=__other']])).toEqual([
      [1, 1, 0, 0],
      [2, 0, 0, 1],
      [3, 0, 1, 0],
      [4, 0, 0, 0], // NULL is no category
      [5, 1, 0, 0],
      [6, 0, 1, 0],
      [7, 0, 0, 1],
      [8, 0, 0, 1],
      [9, 1, 0, 0],
    ]);
    // The same columns for apply; green (beyond the top 2) and unseen purple are __other.
    expect(r.columns('applied')).toEqual(r.columns());
    expect(
      (await r.rows('applied')).map((x) => [x.id, x['color=red'], x['color=blue'], x['color=__other']]),
    ).toEqual([
      [10, 0, 0, 1],
      [11, 0, 0, 1],
      [12, 0, 0, 0],
      [13, 1, 0, 0],
    ]);
    expect(r.report).toEqual({
      fitted: {
        kind: 'onehot',
        maxCategories: 2,
        columns: [{ column: 'color', categories: ['red', 'blue'], counts: [3, 2], distinct: 4, other: true }],
      },
    });
  });

  it('without truncation has no __other column: unseen categories are all zeros', async () => {
    const r = await runKind(t, 'features.onehot', { columns: ['color', 'size'] }, { in: fit, apply: later });
    expect(r.columns()).toEqual([
      'id',
      'color=red',
      'color=blue',
      'color=green',
      'color=yellow',
      'size=1',
      'size=2',
    ]);
    const applied = await r.rows('applied');
    expect(applied.map((x) => Object.values(x))).toEqual([
      [10, 0, 0, 1, 0, 0, 0],
      [11, 0, 0, 0, 0, 1, 0],
      [12, 0, 0, 0, 0, 0, 1],
      [13, 1, 0, 0, 0, 1, 0],
    ]);
    const described = await t.duck.query(`DESCRIBE ${outputTableName(r.id, 'out')}`);
    const types = described.toArray().map((row) => (row.toJSON() as { column_type: string }).column_type);
    expect(new Set(types.slice(1))).toEqual(new Set(['INTEGER']));
  });

  it('by default encodes every VARCHAR column', async () => {
    const r = await runKind(t, 'features.onehot', {}, { in: fit });
    expect(r.columns()).toEqual(['id', 'color=red', 'color=blue', 'color=green', 'color=yellow', 'size']);
    const kind = getKind('features.onehot');
    expect(kind && defaultParams(kind)).toEqual({ columns: [], maxCategories: 50 });
  });

  it('handles unusual column names and category values', async () => {
    const weird = valuesTable(
      ['it\'s "c" ($)', 'n'],
      [
        ["'a b'", '1'],
        ["'x\"y'", '2'],
        ["'o''k (✓)'", '3'],
        ["'a b'", '4'],
      ],
    );
    const r = await runKind(t, 'features.onehot', { columns: ['it\'s "c" ($)'] }, { in: weird });
    expect(r.message).toBeUndefined();
    // 'a b' is most frequent; the tie between the others goes by value.
    expect(r.columns()).toEqual(['it\'s "c" ($)=a b', 'it\'s "c" ($)=o\'k (✓)', 'it\'s "c" ($)=x"y', 'n']);
    expect(await r.rows()).toEqual([
      { 'it\'s "c" ($)=a b': 1, 'it\'s "c" ($)=o\'k (✓)': 0, 'it\'s "c" ($)=x"y': 0, n: 1 },
      { 'it\'s "c" ($)=a b': 0, 'it\'s "c" ($)=o\'k (✓)': 0, 'it\'s "c" ($)=x"y': 1, n: 2 },
      { 'it\'s "c" ($)=a b': 0, 'it\'s "c" ($)=o\'k (✓)': 1, 'it\'s "c" ($)=x"y': 0, n: 3 },
      { 'it\'s "c" ($)=a b': 1, 'it\'s "c" ($)=o\'k (✓)': 0, 'it\'s "c" ($)=x"y': 0, n: 4 },
    ]);
  });

  it('says so when two categories differ only in case (DuckDB would rename a column)', async () => {
    const cased = valuesTable(
      ['s', 'n'],
      [
        ["'OK'", '1'],
        ["'ok'", '2'],
      ],
    );
    const r = await runKind(t, 'features.onehot', { columns: ['s'] }, { in: cased });
    expect(r.message).toMatch(/New column "s=ok" clashes with column "s=OK"/);
  });

  it('fits an empty table to no categories: the column is dropped from both outputs', async () => {
    const r = await runKind(t, 'features.onehot', { columns: ['color'] }, { in: emptyOf(fit), apply: later });
    expect(r.status).toBe('done');
    expect(await r.rows()).toEqual([]);
    expect(r.columns()).toEqual(['id', 'size']);
    expect(r.columns('applied')).toEqual(['id', 'size']);
  });

  it('names the param and the column when a column is unknown', async () => {
    const a = await runKind(t, 'features.onehot', { columns: ['colour'] }, { in: fit });
    expect(a.message).toBe('Param "columns": column "colour" is not in input "in".');
    const noColor = valuesTable(['id'], [['1']]);
    const b = await runKind(t, 'features.onehot', { columns: ['color'] }, { in: fit, apply: noColor });
    expect(b.message).toBe('Param "columns": column "color" is not in input "apply".');
  });
});
