import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../workers/testing/test-engine';
import { runKind, type TestEngine } from '../kind-test-helpers';
import { BROWSER_DATABASE_MESSAGE } from './database.kind';
import { readOnlyQueryProblem, tableParts } from './database-query';

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

describe('ingest.database', () => {
  it('says plainly in the browser engine that it runs in the command-line runner, and offers a file instead', async () => {
    const r = await runKind(t, 'ingest.database', { table: 'readings' }, {});
    expect(r.status).toBe('error');
    expect(r.message).toBe(BROWSER_DATABASE_MESSAGE);
    expect(r.message).toMatch(/command-line runner.*cannot open a database connection.*CSV or Parquet/);
  });

  it('words a statement that is not a read-only SELECT by its first word, past comments and brackets', () => {
    expect(readOnlyQueryProblem('SELECT 1')).toBeUndefined();
    expect(readOnlyQueryProblem('  -- why\n/* note */ (select 1) union (select 2)')).toBeUndefined();
    expect(readOnlyQueryProblem('WITH a AS (SELECT 1) SELECT * FROM a')).toBeUndefined();
    expect(readOnlyQueryProblem('VALUES (1)')).toBeUndefined();
    expect(readOnlyQueryProblem('delete from t')).toBe(
      'Query must be one read-only SELECT: a DELETE statement is refused.',
    );
    expect(readOnlyQueryProblem('/* x */ DROP TABLE t')).toBe(
      'Query must be one read-only SELECT: a DROP statement is refused.',
    );
    expect(readOnlyQueryProblem('-- only a comment')).toBe(
      'Query is empty: write one SELECT, or name a table instead.',
    );
  });

  it('takes table or schema.table as the table name', () => {
    expect(tableParts('readings')).toEqual(['readings']);
    expect(tableParts(' plant . readings ')).toEqual(['plant', 'readings']);
    expect(tableParts('a.b.c')).toBeUndefined();
    expect(tableParts('plant.')).toBeUndefined();
  });
});
