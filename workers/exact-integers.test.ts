import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { readParquet, Table as WasmTable, writeParquet } from 'parquet-wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowRows } from './arrow-rows';
import { exactIntegerSelect, exactResult, fromSafeDoubles, widenNestedIntegers } from './exact-integers';
import { NodeDuckBackend } from './testing/node-duck';

let duck: NodeDuckBackend;
beforeAll(async () => {
  duck = await NodeDuckBackend.create();
});
afterAll(() => duck.close());

const SELECT = `SELECT * FROM (VALUES
  (9007199254740993::BIGINT, 18446744073709551615::UBIGINT, [1, 9007199254740993]::BIGINT[],
   {'a': (-9223372036854775808)::BIGINT, 'b': 'x'}, 42::INTEGER, 'p'),
  (NULL, 0::UBIGINT, NULL, NULL, NULL, 'q')
) t(b, u, l, s, i, v)`;

/** What a Parquet download written from DuckDB-WASM's Arrow results of `select` holds. */
async function parquetOf(select: string, exact: boolean) {
  const table = exact ? await exactResult(duck, select) : await duck.query(select);
  const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')));
  return tableFromIPC(readParquet(bytes).intoIPCStream());
}

/** Each column of a table as DuckDB's text for it, read back into DuckDB. */
async function asText(name: string, table: Awaited<ReturnType<typeof parquetOf>>) {
  await duck.insertArrow(tableToIPC(table, 'stream'), name);
  return arrowRows(
    await duck.query(
      `SELECT b::VARCHAR AS b, u::VARCHAR AS u, l::VARCHAR AS l, s::VARCHAR AS s, i, v FROM ${name}`,
    ),
  );
}

describe('a Parquet download of 64-bit integers', () => {
  it('was rounded and garbled when written straight from the BIGINT-as-double Arrow results', async () => {
    const rows = await asText('plain', await parquetOf(SELECT, false));
    expect(rows[0]?.b).not.toBe('9007199254740993');
    expect(rows[0]?.l).not.toBe('[1, 9007199254740993]');
  });

  it('holds every value exactly: BIGINT and UBIGINT as 64-bit integers, nested ones as exact decimals', async () => {
    const table = await parquetOf(SELECT, true);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({ b: 'Int64', u: 'Uint64', i: 'Int32', v: 'Utf8' });
    expect(table.getChild('b')?.get(0)).toBe(9007199254740993n);
    expect(table.getChild('u')?.get(0)).toBe(18446744073709551615n);
    expect(await asText('exact', table)).toEqual([
      {
        b: '9007199254740993',
        u: '18446744073709551615',
        l: '[1, 9007199254740993]',
        s: "{'a': -9223372036854775808, 'b': x}",
        i: 42,
        v: 'p',
      },
      { b: null, u: '0', l: null, s: null, i: null, v: 'q' },
    ]);
  });

  it('rebuilds integers from the doubles when every one is safe (|v| < 2^53), else reads them as text', async () => {
    const integers = new Map([['n', 'BIGINT' as const]]);
    const safe = await duck.query('SELECT * FROM (VALUES (9007199254740991::BIGINT), (NULL), (-3)) t(n)');
    const rebuilt = fromSafeDoubles(safe, integers);
    expect(String(rebuilt?.schema.fields[0]?.type)).toBe('Int64');
    expect(rebuilt?.getChild('n')?.toArray()).toEqual(BigInt64Array.from([9007199254740991n, 0n, -3n]));
    expect(rebuilt?.getChild('n')?.get(1)).toBeNull();
    const past = await duck.query('SELECT 9007199254740992::BIGINT AS n');
    expect(fromSafeDoubles(past, integers)).toBeUndefined();
    const exact = await exactResult(duck, 'SELECT 9007199254740992::BIGINT + 1 AS n');
    expect(exact.getChild('n')?.get(0)).toBe(9007199254740993n);
  });

  it('leaves a SELECT without 64-bit integers as it is', () => {
    const columns = [
      { name: 'i', type: 'INTEGER' },
      { name: 'h', type: 'HUGEINT' },
      { name: 'x', type: 'DOUBLE[]' },
    ];
    expect(exactIntegerSelect('SELECT 1', columns)).toEqual({ select: 'SELECT 1', integers: new Map() });
  });

  it('widens BIGINT inside nested types, never inside quoted field names or enum labels', () => {
    expect(widenNestedIntegers('STRUCT("BIGINT" BIGINT, b VARCHAR)[]')).toBe(
      'STRUCT("BIGINT" DECIMAL(20,0), b VARCHAR)[]',
    );
    expect(widenNestedIntegers('MAP(VARCHAR, UBIGINT)')).toBe('MAP(VARCHAR, DECIMAL(20,0))');
    expect(widenNestedIntegers("STRUCT(e ENUM('BIGINT', 'x'), n BIGINT[])")).toBe(
      "STRUCT(e ENUM('BIGINT', 'x'), n DECIMAL(20,0)[])",
    );
    expect(widenNestedIntegers('HUGEINT[]')).toBe('HUGEINT[]');
  });
});
