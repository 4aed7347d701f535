import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { ODD, q, runKind, type TestEngine } from '../kind-test-helpers';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const NAME = ODD.quote;
const KEY = 'key (✓)';
const LEFT = `SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (NULL, 'n', 40), (2, 'b2', 21))
  t(id, ${q(NAME)}, v)`;
// "V" clashes with the left "v" because DuckDB names are case-insensitive.
const RIGHT = `SELECT * FROM (VALUES (2, 'B', 200), (3, 'C', 300), (4, 'D', 400), (NULL, 'N', 0))
  t(id, ${q(NAME)}, "V")`;
const COLS = ['id', NAME, 'v', `${NAME}_right`, 'V_right'];
const ids = async (k: { rows(): Promise<Record<string, unknown>[]> }) => (await k.rows()).map((r) => r.id);

describe('transform.join', () => {
  it('inner join on a shared key: key once, clashing right columns suffixed, left order', async () => {
    const k = await runKind(t, 'transform.join', { on: ['id'] }, { left: LEFT, right: RIGHT });
    expect(k.status).toBe('done');
    expect(k.columns().map((c) => c.name)).toEqual(COLS);
    expect((await k.rows()).map((r) => Object.values(r))).toEqual([
      [2, 'b', 20, 'B', 200],
      [3, 'c', 30, 'C', 300],
      [2, 'b2', 21, 'B', 200],
    ]);
  });

  it('left, right and full joins keep unmatched rows (NULL keys never match)', async () => {
    const left = await runKind(
      t,
      'transform.join',
      { on: ['id'], how: 'left' },
      { left: LEFT, right: RIGHT },
    );
    expect(await ids(left)).toEqual([1, 2, 3, null, 2]);
    expect((await left.rows())[0]).toEqual({
      id: 1,
      [NAME]: 'a',
      v: 10,
      [`${NAME}_right`]: null,
      V_right: null,
    });
    const right = await runKind(
      t,
      'transform.join',
      { on: ['id'], how: 'right' },
      { left: LEFT, right: RIGHT },
    );
    expect(await ids(right)).toEqual([2, 3, 2, 4, null]);
    expect((await right.rows())[3]).toEqual({
      id: 4,
      [NAME]: null,
      v: null,
      [`${NAME}_right`]: 'D',
      V_right: 400,
    });
    const full = await runKind(
      t,
      'transform.join',
      { on: ['id'], how: 'full' },
      { left: LEFT, right: RIGHT },
    );
    expect(await ids(full)).toEqual([1, 2, 3, null, 2, 4, null]);
    expect((await full.rows()).map((r) => r[NAME])).toEqual(['a', 'b', 'c', 'n', 'b2', null, null]);
  });

  it('joins differently named keys, keeping both sides’ columns', async () => {
    const right = `SELECT * FROM (VALUES (2, 'b', 7), (9, 'Z', 8), (2, 'b2', 9)) t(${q(KEY)}, ${q(NAME)}, id)`;
    const k = await runKind(
      t,
      'transform.join',
      { on: { left: ['id', NAME], right: [KEY, NAME] }, how: 'inner' },
      { left: LEFT, right },
    );
    expect(k.columns().map((c) => c.name)).toEqual(['id', NAME, 'v', KEY, `${NAME}_right`, 'id_right']);
    expect((await k.rows()).map((r) => Object.values(r))).toEqual([
      [2, 'b', 20, 2, 'b', 7],
      [2, 'b2', 21, 2, 'b2', 9],
    ]);
  });

  it('handles an empty side', async () => {
    const k = await runKind(
      t,
      'transform.join',
      { on: ['id'], how: 'left' },
      { left: `${LEFT} WHERE false`, right: RIGHT },
    );
    expect(k.status).toBe('done');
    expect(await k.rows()).toEqual([]);
    expect(k.columns().map((c) => c.name)).toEqual(COLS);
    const r = await runKind(
      t,
      'transform.join',
      { on: ['id'], how: 'left' },
      { left: LEFT, right: `${RIGHT} WHERE false` },
    );
    expect(await ids(r)).toEqual([1, 2, 3, null, 2]);
  });

  it('names missing and unknown key columns', async () => {
    const none = await runKind(t, 'transform.join', {}, { left: LEFT, right: RIGHT });
    expect(none.message).toBe('Param "on": name at least one key column.');
    const l = await runKind(t, 'transform.join', { on: ['nope'] }, { left: LEFT, right: RIGHT });
    expect(l.message).toBe('Param "on": column "nope" is not in input "left".');
    const r = await runKind(
      t,
      'transform.join',
      { on: { left: ['id'], right: ['zzz'] } },
      { left: LEFT, right: RIGHT },
    );
    expect(r.message).toBe('Param "on.right": column "zzz" is not in input "right".');
    const n = await runKind(
      t,
      'transform.join',
      { on: { left: ['id', 'v'], right: ['id'] } },
      { left: LEFT, right: RIGHT },
    );
    expect(n.message).toMatch(/2 left key\(s\) but 1 right key\(s\)/);
  });
});
