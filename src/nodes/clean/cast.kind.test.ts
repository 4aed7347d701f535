import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { ODD, q, runKind, type TestEngine } from '../kind-test-helpers';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const IN = `SELECT * FROM (VALUES
  ('1', '2.5', 'true', '2024-03-05 10:00:00', 7),
  ('oops', 'x', 'maybe', 'not a date', NULL),
  (NULL, NULL, NULL, NULL, 9)
) t(${q(ODD.space)}, ${q(ODD.dollar)}, ${q(ODD.unicode)}, ${q(ODD.quote)}, n)`;

const SCHEMA = {
  [ODD.space]: 'int',
  [ODD.dollar]: 'double',
  [ODD.unicode]: 'bool',
  [ODD.quote]: 'timestamp',
  n: 'string',
};

describe('clean.cast', () => {
  it('in null mode, converts what it can and leaves NULL elsewhere', async () => {
    const k = await runKind(t, 'clean.cast', { schema: SCHEMA, onError: 'null' }, { in: IN });
    expect(k.status).toBe('done');
    expect(k.columns()).toEqual([
      { name: ODD.space, type: 'BIGINT' },
      { name: ODD.dollar, type: 'DOUBLE' },
      { name: ODD.unicode, type: 'BOOLEAN' },
      { name: ODD.quote, type: 'TIMESTAMP' },
      { name: 'n', type: 'VARCHAR' },
    ]);
    expect(await k.rows()).toEqual([
      {
        [ODD.space]: 1,
        [ODD.dollar]: 2.5,
        [ODD.unicode]: true,
        [ODD.quote]: Date.UTC(2024, 2, 5, 10),
        n: '7',
      },
      { [ODD.space]: null, [ODD.dollar]: null, [ODD.unicode]: null, [ODD.quote]: null, n: null },
      { [ODD.space]: null, [ODD.dollar]: null, [ODD.unicode]: null, [ODD.quote]: null, n: '9' },
    ]);
  });

  it('in fail mode, names each failing column with a count and an example', async () => {
    const k = await runKind(t, 'clean.cast', { schema: SCHEMA }, { in: IN });
    expect(k.status).toBe('error');
    expect(k.message).toContain('column "with space": 1 value(s) cannot be cast to int, e.g. "oops"');
    expect(k.message).toContain('column "température ✓": 1 value(s) cannot be cast to bool, e.g. "maybe"');
    expect(k.message).toContain('column "say "hi"": 1 value(s) cannot be cast to timestamp');
    expect(k.message).not.toContain('column "n"');
  });

  it('in fail mode, casts when every value converts (NULLs stay NULL)', async () => {
    const k = await runKind(
      t,
      'clean.cast',
      { schema: { d: 'date', f: 'float' } },
      {
        in: "SELECT * FROM (VALUES ('2024-01-31', 1), (NULL, NULL)) t(d, f)",
      },
    );
    expect(k.status).toBe('done');
    expect(k.columns().map((c) => c.type)).toEqual(['DATE', 'FLOAT']);
    expect(await k.rows()).toEqual([
      { d: Date.UTC(2024, 0, 31), f: 1 },
      { d: null, f: null },
    ]);
  });

  it('casts a column called __proto__ (zod record dropped that key)', async () => {
    const k = await runKind(
      t,
      'clean.cast',
      { schema: JSON.parse('{"__proto__": "int", "toString": "double"}') },
      { in: `SELECT '7' AS "__proto__", '2.5' AS "toString"` },
    );
    expect(k.columns()).toEqual([
      { name: '__proto__', type: 'BIGINT' },
      { name: 'toString', type: 'DOUBLE' },
    ]);
    expect(Object.entries((await k.rows())[0] ?? {})).toEqual([
      ['__proto__', 7],
      ['toString', 2.5],
    ]);
  });

  it('handles an empty table and an empty schema', async () => {
    const empty = await runKind(t, 'clean.cast', { schema: SCHEMA }, { in: `${IN} WHERE false` });
    expect(empty.status).toBe('done');
    expect(await empty.rows()).toEqual([]);
    expect(empty.columns().map((c) => c.type)).toEqual([
      'BIGINT',
      'DOUBLE',
      'BOOLEAN',
      'TIMESTAMP',
      'VARCHAR',
    ]);
    const none = await runKind(t, 'clean.cast', {}, { in: IN });
    expect(none.columns().map((c) => c.type)).toEqual([
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'INTEGER',
    ]);
  });

  it('names an unknown column and rejects an unknown type', async () => {
    const k = await runKind(t, 'clean.cast', { schema: { nope: 'int' } }, { in: IN });
    expect(k.message).toBe('Param "schema": column "nope" is not in input "in".');
    const bad = await runKind(t, 'clean.cast', { schema: { n: 'uuid' } }, { in: IN });
    expect(bad.status).toBe('error');
    expect(bad.message).toMatch(/Param "schema.n"/);
  });
});
