import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { ODD, q, runKind, type TestEngine } from '../kind-test-helpers';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const IN = `SELECT * FROM (VALUES (1, 'x', NULL::DOUBLE, TRUE), (2, NULL, 2.5, FALSE))
  t(id, ${q(ODD.quote)}, ${q(ODD.unicode)}, "constructor")`;

describe('clean.select', () => {
  it('keeps columns in the given order and renames', async () => {
    const k = await runKind(
      t,
      'clean.select',
      { columns: [ODD.unicode, 'id', 'constructor'], rename: { [ODD.unicode]: 'temp (°C)', id: ODD.dollar } },
      { in: IN },
    );
    expect(k.status).toBe('done');
    expect(await k.rows()).toEqual([
      { 'temp (°C)': null, [ODD.dollar]: 1, constructor: true },
      { 'temp (°C)': 2.5, [ODD.dollar]: 2, constructor: false },
    ]);
  });

  it('renames a column called __proto__ (zod record dropped that key)', async () => {
    const k = await runKind(
      t,
      'clean.select',
      { rename: JSON.parse('{"__proto__": "p", "constructor": "c"}') },
      { in: 'SELECT 1 AS "__proto__", TRUE AS "constructor"' },
    );
    expect(k.columns().map((c) => c.name)).toEqual(['p', 'c']);
  });

  it('keeps every column when none are chosen, renaming some', async () => {
    const k = await runKind(t, 'clean.select', { rename: { [ODD.quote]: "it's" } }, { in: IN });
    expect(k.columns().map((c) => c.name)).toEqual(['id', "it's", ODD.unicode, 'constructor']);
  });

  it('keeps an empty table empty, with the chosen columns', async () => {
    const k = await runKind(t, 'clean.select', { columns: [ODD.quote] }, { in: `${IN} WHERE false` });
    expect(await k.rows()).toEqual([]);
    expect(k.columns()).toEqual([{ name: ODD.quote, type: 'VARCHAR' }]);
  });

  it('names unknown columns, renames of dropped columns and clashing names', async () => {
    const unknown = await runKind(t, 'clean.select', { columns: ['id', 'nope'] }, { in: IN });
    expect(unknown.message).toBe('Param "columns": column "nope" is not in input "in".');
    const badRename = await runKind(t, 'clean.select', { rename: { nope: 'x' } }, { in: IN });
    expect(badRename.message).toBe('Param "rename": column "nope" is not in input "in".');
    const dropped = await runKind(
      t,
      'clean.select',
      { columns: ['id'], rename: { constructor: 'c' } },
      { in: IN },
    );
    expect(dropped.message).toMatch(/column "constructor" is renamed but not kept/);
    const clash = await runKind(t, 'clean.select', { rename: { id: 'CONSTRUCTOR' } }, { in: IN });
    expect(clash.message).toMatch(/two output columns would be named "constructor"/);
  });
});
