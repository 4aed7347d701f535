import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { ODD, q, runKind, type TestEngine } from '../kind-test-helpers';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const IN = `SELECT * FROM (VALUES
  (1, 'a', 1.5::DOUBLE),
  (2, NULL, 2.5),
  (3, 'c', NULL),
  (4, 'd', 'NaN'::DOUBLE),
  (NULL, NULL, NULL)
) t(id, ${q(ODD.quote)}, ${q(ODD.unicode)})`;

describe('clean.drop_nulls', () => {
  it('drops rows with a NULL in any column by default (NaN is not NULL)', async () => {
    const k = await runKind(t, 'clean.drop_nulls', {}, { in: IN });
    expect(k.status).toBe('done');
    expect((await k.rows()).map((r) => r.id)).toEqual([1, 4]);
    expect(k.report).toEqual({ dropped: 3 });
  });

  it('looks only at the chosen columns', async () => {
    const k = await runKind(t, 'clean.drop_nulls', { columns: [ODD.quote] }, { in: IN });
    expect((await k.rows()).map((r) => r.id)).toEqual([1, 3, 4]);
    const two = await runKind(t, 'clean.drop_nulls', { columns: ['id', ODD.unicode] }, { in: IN });
    expect((await two.rows()).map((r) => r.id)).toEqual([1, 2, 4]);
  });

  it('keeps an empty table empty', async () => {
    const k = await runKind(t, 'clean.drop_nulls', {}, { in: `${IN} WHERE false` });
    expect(k.status).toBe('done');
    expect(await k.rows()).toEqual([]);
    expect(k.columns().map((c) => c.name)).toEqual(['id', ODD.quote, ODD.unicode]);
  });

  it('names an unknown column', async () => {
    const k = await runKind(t, 'clean.drop_nulls', { columns: ['id', 'nope'] }, { in: IN });
    expect(k.status).toBe('error');
    expect(k.message).toBe('Param "columns": column "nope" is not in input "in".');
  });
});
