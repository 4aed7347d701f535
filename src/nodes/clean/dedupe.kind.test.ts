import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { ODD, q, runKind, type TestEngine } from '../kind-test-helpers';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

// `n` tells the copies apart; `__pw_row` is there to make sure helper columns do not clash.
const IN = `SELECT * FROM (VALUES
  ('b', 1, 10, 'r1'),
  ('a', 1, 20, 'r2'),
  ('b', 1, 10, 'r3'),
  (NULL, NULL, 30, 'r4'),
  ('a', 2, 20, 'r5'),
  (NULL, NULL, 30, 'r6')
) t(${q(ODD.dollar)}, ${q(ODD.space)}, n, "__pw_row")`;

describe('clean.dedupe', () => {
  it('keeps the first of identical rows, in table order (NULLs count as equal)', async () => {
    const k = await runKind(
      t,
      'clean.dedupe',
      {},
      { in: `SELECT ${q(ODD.dollar)}, ${q(ODD.space)}, n FROM (${IN})` },
    );
    expect(k.status).toBe('done');
    expect(await k.rows()).toEqual([
      { [ODD.dollar]: 'b', [ODD.space]: 1, n: 10 },
      { [ODD.dollar]: 'a', [ODD.space]: 1, n: 20 },
      { [ODD.dollar]: null, [ODD.space]: null, n: 30 },
      { [ODD.dollar]: 'a', [ODD.space]: 2, n: 20 },
    ]);
    expect(k.report).toEqual({ removed: 2 });
  });

  it('compares only the chosen columns and keeps the whole first row', async () => {
    const k = await runKind(t, 'clean.dedupe', { columns: [ODD.dollar] }, { in: IN });
    expect((await k.rows()).map((r) => r.__pw_row)).toEqual(['r1', 'r2', 'r4']);
    expect(k.columns().map((c) => c.name)).toEqual([ODD.dollar, ODD.space, 'n', '__pw_row']);
    const byN = await runKind(t, 'clean.dedupe', { columns: ['n', ODD.space] }, { in: IN });
    expect((await byN.rows()).map((r) => r.__pw_row)).toEqual(['r1', 'r2', 'r4', 'r5']);
  });

  it('keeps an empty table empty', async () => {
    const k = await runKind(t, 'clean.dedupe', {}, { in: `${IN} WHERE false` });
    expect(k.status).toBe('done');
    expect(await k.rows()).toEqual([]);
  });

  it('names an unknown column', async () => {
    const k = await runKind(t, 'clean.dedupe', { columns: ['nope'] }, { in: IN });
    expect(k.message).toBe('Param "columns": column "nope" is not in input "in".');
  });
});
