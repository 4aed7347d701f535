import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { ODD, q, runKind, type TestEngine } from '../kind-test-helpers';
import type { RuleResult } from './rules.kind';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const COST = ODD.dollar;
const STATUS = ODD.quote;
const SENSOR = ODD.unicode;
// Worked out by hand below each rule: row numbers are 1-based, in this order.
const IN = `SELECT * FROM (VALUES
  (1,    10,   'ok',   'A-1', 's1', 1,    DATE '2024-01-01'),
  (2,    200,  'ok',   'A-2', 's1', 3,    DATE '2024-01-02'),
  (2,    NULL, 'bad',  'B2',  's2', 5,    DATE '2024-01-03'),
  (4,    -5,   NULL,   'A-4', 's1', 2,    DATE '2024-01-04'),
  (5,    50,   'ok',   NULL,  's2', 4,    DATE '2024-01-05'),
  (NULL, 60,   'warn', 'A-6', 's2', NULL, DATE '2024-01-06'),
  (NULL, 70,   'ok',   'A-7', 's2', 6,    DATE '2024-01-07')
) t(id, ${q(COST)}, ${q(STATUS)}, code, ${q(SENSOR)}, reading, day)`;

const RULES = [
  { type: 'between', column: COST, min: 0, max: 100 }, // rows 2 (200) and 4 (-5); NULL is not_null's job
  { type: 'not_null', column: COST }, // row 3
  { type: 'unique', columns: ['id'] }, // rows 2 and 3 share id 2; NULL ids are not duplicates
  { type: 'in_set', column: STATUS, values: ['ok', 'warn'] }, // row 3 ("bad")
  { type: 'regex', column: 'code', pattern: '^A-\\d+$' }, // row 3 ("B2")
  { type: 'monotonic', column: 'reading', by: [SENSOR] }, // s1: 1,3,2 → row 4; s2: 5,4,–,6 → row 5
  { type: 'monotonic', column: 'reading' }, // 1,3,5,2,4,–,6 → row 4 only
  { type: 'row_count', min: 10 }, // 7 rows
  { type: 'row_count', max: 10 },
  { type: 'not_null', column: SENSOR },
  { type: 'between', column: COST, min: 1000 }, // all six non-NULL costs
];

function rulesOf(report: unknown): RuleResult[] {
  return (report as { rules: RuleResult[] }).rules;
}

describe('validate.rules', () => {
  it('reports each rule with pass/fail, failing counts and up to 5 examples; warn mode warns', async () => {
    const k = await runKind(t, 'validate.rules', { rules: RULES }, { in: IN });
    expect(k.status).toBe('warning');
    const results = rulesOf(k.report);
    expect(results.map((r) => [r.type, r.passed, r.failingRows])).toEqual([
      ['between', false, 2],
      ['not_null', false, 1],
      ['unique', false, 2],
      ['in_set', false, 1],
      ['regex', false, 1],
      ['monotonic', false, 2],
      ['monotonic', false, 1],
      ['row_count', false, 0],
      ['row_count', true, 0],
      ['not_null', true, 0],
      ['between', false, 6],
    ]);
    expect(results.map((r) => r.rule)).toEqual([
      '"cost ($)" between 0 and 100',
      '"cost ($)" is not null',
      '"id" is unique',
      '"say ""hi""" in {"ok", "warn"}',
      '"code" matches /^A-\\d+$/',
      '"reading" is non-decreasing within each "température ✓"',
      '"reading" is non-decreasing',
      'row count ≥ 10',
      'row count ≤ 10',
      '"température ✓" is not null',
      '"cost ($)" ≥ 1000',
    ]);
    const ids = (r: RuleResult | undefined) => r?.examples.map((e) => e.id);
    expect(ids(results[0])).toEqual([2, 4]);
    expect(ids(results[2])).toEqual([2, 2]);
    expect(ids(results[5])).toEqual([4, 5]);
    expect(ids(results[6])).toEqual([4]);
    expect(ids(results[10])).toEqual([1, 2, 4, 5, null]);
    expect(results[7]?.observed).toBe(7);
    // A whole example row, with dates shown as text and helper columns left out.
    expect(results[4]?.examples).toEqual([
      { id: 2, [COST]: null, [STATUS]: 'bad', code: 'B2', [SENSOR]: 's2', reading: 5, day: '2024-01-03' },
    ]);
    expect(k.warnings).toHaveLength(9);
    expect(k.warnings[0]).toBe('Rule failed: "cost ($)" between 0 and 100 (2 rows).');
    expect(k.warnings).toContain('Rule failed: row count ≥ 10 (is 7).');
    // The table passes through unchanged.
    expect(await k.rows()).toHaveLength(7);
    expect(k.columns().map((c) => c.name)).toEqual(['id', COST, STATUS, 'code', SENSOR, 'reading', 'day']);
  });

  it('fail mode fails the node, listing the failing rules, and still reports', async () => {
    const k = await runKind(t, 'validate.rules', { mode: 'fail', rules: RULES.slice(0, 3) }, { in: IN });
    expect(k.status).toBe('error');
    expect(k.message).toBe(
      '3 of 3 rules failed: "cost ($)" between 0 and 100 (2 rows); "cost ($)" is not null (1 rows); "id" is unique (2 rows).',
    );
    expect(rulesOf(k.report).map((r) => r.failingRows)).toEqual([2, 1, 2]);
  });

  it('passes quietly when every rule holds', async () => {
    const k = await runKind(
      t,
      'validate.rules',
      {
        mode: 'fail',
        rules: [
          { type: 'between', column: COST, min: -10, max: 200 },
          { type: 'in_set', column: STATUS, values: ['ok', 'warn', 'bad'] },
          { type: 'row_count', min: 7, max: 7 },
          { type: 'monotonic', column: 'day' },
        ],
      },
      { in: IN },
    );
    expect(k.status).toBe('done');
    expect(k.warnings).toEqual([]);
    expect(rulesOf(k.report).every((r) => r.passed && r.examples.length === 0)).toBe(true);
  });

  it('on an empty table only a row_count minimum fails', async () => {
    const k = await runKind(
      t,
      'validate.rules',
      { rules: [RULES[1], RULES[2], RULES[5], { type: 'row_count', min: 1 }] },
      { in: `${IN} WHERE false` },
    );
    expect(k.status).toBe('warning');
    expect(rulesOf(k.report).map((r) => r.passed)).toEqual([true, true, true, false]);
    expect(await k.rows()).toEqual([]);
  });

  it('names unknown columns by rule and field, and a bad regex by rule', async () => {
    const col = await runKind(
      t,
      'validate.rules',
      { rules: [RULES[0], { type: 'not_null', column: 'nope' }] },
      { in: IN },
    );
    expect(col.status).toBe('error');
    expect(col.message).toBe('Param "rules[1].column": column "nope" is not in input "in".');
    const by = await runKind(
      t,
      'validate.rules',
      { rules: [{ type: 'monotonic', column: 'id', by: ['x'] }] },
      { in: IN },
    );
    expect(by.message).toBe('Param "rules[0].by": column "x" is not in input "in".');
    const re = await runKind(
      t,
      'validate.rules',
      { rules: [{ type: 'regex', column: 'code', pattern: 'A(' }] },
      { in: IN },
    );
    expect(re.message).toMatch(/^Param "rules\[0\].pattern": .*missing \)/);
    const type = await runKind(t, 'validate.rules', { rules: [{ type: 'nonsense' }] }, { in: IN });
    expect(type.message).toMatch(/^Param "rules.0.type"/);
  });
});
