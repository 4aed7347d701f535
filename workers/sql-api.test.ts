import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableHandle } from '../src/shared/values';
import { createSqlApi } from './sql-api';
import { NodeDuckBackend } from './testing/node-duck';

let duck: NodeDuckBackend;
beforeAll(async () => {
  duck = await NodeDuckBackend.create();
});
afterAll(() => duck.close());

describe('SqlApi.readMatrix and appendColumns', () => {
  it('reads any columns as a row-major FLOAT matrix across record batches; NULL becomes NaN', async () => {
    const sql = createSqlApi(duck, 'rm');
    const m = await sql.readMatrix(
      'SELECT i AS "a b", i * 0.5 AS "say ""hi""", CASE WHEN i = 3 THEN NULL ELSE i > 1 END AS flag FROM range(5000) r(i)',
    );
    expect(m.rows).toBe(5000);
    expect(m.columns).toEqual(['a b', 'say "hi"', 'flag']);
    expect(Array.from(m.data.subarray(0, 12))).toEqual([0, 0, 0, 1, 0.5, 0, 2, 1, 1, 3, 1.5, Number.NaN]);
    expect(m.data[4999 * 3]).toBe(4999);
    expect(m.data[4999 * 3 + 1]).toBe(2499.5);
  });

  it('appends columns positionally, replacing same-named ones (any case), and can map them in SQL', async () => {
    const sql = createSqlApi(duck, 'ac');
    const table: TableHandle = await sql.createTable(
      'SELECT i AS id, \'x\' || i AS "Prediction" FROM range(3000) r(i)',
      {},
      'src',
    );
    const prediction = Float32Array.from({ length: 3000 }, (_, i) => i * 2);
    const out = await sql.appendColumns(
      table,
      { prediction, extra: new Float32Array(3000).fill(1) },
      { port: 'out', select: 'SELECT * REPLACE (prediction + 1 AS prediction) FROM input' },
    );
    expect(out.columns.map((c) => c.name)).toEqual(['id', 'prediction', 'extra']);
    expect(out.rowCount).toBe(3000);
    const [bad] = await sql.query(`SELECT count(*) AS n FROM input WHERE prediction <> id * 2 + 1`, {
      input: out,
    });
    expect(bad?.n).toBe(0);
    const tables = await sql.query(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '%__append'",
    );
    expect(tables[0]?.n).toBe(0);
  });

  it('refuses arrays whose length is not the row count', async () => {
    const sql = createSqlApi(duck, 'len');
    const table = await sql.createTable('SELECT 1 AS a');
    await expect(sql.appendColumns(table, { p: new Float32Array(2) })).rejects.toThrow(
      /"p" has 2 values for 1 rows/,
    );
  });
});
