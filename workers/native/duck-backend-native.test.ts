import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Table, tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowRows } from '../arrow-rows';
import { NativeDuckBackend } from './duck-backend-native';
import { NativeDuck } from './native-duck';

let dir: string;
let duck: NativeDuckBackend;
const rows = async (sql: string) => arrowRows(await duck.query(sql));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-native-test-'));
  writeFileSync(join(dir, 'data.csv'), 'v,w\n1,a\n2,b\n3,c\n');
  writeFileSync(join(dir, 'secret.csv'), 'secret\n42\n');
  writeFileSync(join(dir, 'rows.json'), '{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n');
  // An unlocked DuckDB writes the Parquet input; the locked one may only read it.
  const writer = await NativeDuck.create();
  await writer.run(
    `COPY (SELECT range::INTEGER AS i, range * 0.5 AS x FROM range(5)) TO '${dir}/in.parquet' (FORMAT parquet)`,
  );
  writer.close();
  duck = await NativeDuckBackend.create({
    threads: 2,
    memoryLimit: '64MB',
    tempDirectory: join(dir, 'spill'),
    files: {
      'data.csv': join(dir, 'data.csv'),
      'in.parquet': join(dir, 'in.parquet'),
      'rows.json': join(dir, 'rows.json'),
    },
  });
});
afterAll(() => {
  duck.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('native DuckDB backend', () => {
  it('runs with the threads, memory limit and spill folder it was given, locked', async () => {
    const [row] = await rows(
      "SELECT current_setting('threads')::INTEGER AS t, current_setting('memory_limit') AS m, current_setting('temp_directory') AS d",
    );
    expect(row?.t).toBe(2);
    expect(String(row?.m)).toMatch(/^6\d\.\d MiB$/);
    expect(row?.d).toBe(join(dir, 'spill'));
    await expect(duck.query("SET memory_limit = '8GB'")).rejects.toThrow(/locked/);
    await expect(duck.query('SET enable_external_access = true')).rejects.toThrow(/locked/);
  });

  it('sorts more data than its memory limit by spilling to disk', async () => {
    await duck.query('CREATE TABLE big AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(1500000)');
    const [row] = await rows('SELECT count(*) AS n, min(s) AS lo FROM (SELECT s FROM big ORDER BY s DESC)');
    expect(row?.n).toBe(1_500_000);
    await duck.query('DROP TABLE big');
  });

  it('reads only the input files it was given', async () => {
    await duck.loadFile('data.csv', { format: 'csv', delimiter: 'auto', header: true }, 't_csv');
    expect(await rows('SELECT v, w FROM t_csv ORDER BY v')).toEqual(
      [
        { v: 1, w: 'a' },
        { v: 2, w: 'b' },
        { v: 3, w: 'c' },
      ].map((r) => Object.assign(Object.create(null), r)),
    );
    await expect(duck.query(`SELECT * FROM read_csv('${dir}/secret.csv')`)).rejects.toThrow(
      /Reading files or URLs from SQL is not allowed/,
    );
    await expect(duck.query("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/not allowed/);
    await expect(
      duck.loadFile('secret.csv', { format: 'csv', delimiter: 'auto', header: true }, 'x'),
    ).rejects.toThrow(/--file secret\.csv=/);
  });

  it('loads Parquet and NDJSON natively', async () => {
    await duck.loadFile('in.parquet', { format: 'parquet', delimiter: 'auto', header: true }, 't_pq');
    expect((await rows('SELECT sum(x) AS s, count(*) AS n FROM t_pq'))[0]).toMatchObject({ s: 5, n: 5 });
    await duck.loadFile('rows.json', { format: 'json', delimiter: 'auto', header: true }, 't_json');
    expect((await rows('SELECT b FROM t_json ORDER BY a')).map((r) => r.b)).toEqual(['x', 'y']);
  });

  it('exports CSV and Parquet, and takes Arrow in', async () => {
    await duck.insertArrow(
      tableToIPC(tableFromArrays({ p: new Float32Array([0.5, 1.5]), q: new Float64Array([1, 2]) }), 'stream'),
      't_arrow',
    );
    const csv = new TextDecoder().decode(await duck.exportQuery('SELECT * FROM t_arrow', 'csv'));
    expect(csv).toBe('p,q\n0.5,1.0\n1.5,2.0\n');
    const parquet = await duck.exportQuery('SELECT * FROM t_arrow', 'parquet');
    expect(new TextDecoder().decode(parquet.subarray(0, 4))).toBe('PAR1');
    const t = await duck.query('SELECT p FROM t_arrow');
    expect(Array.from(t.getChild('p')?.toArray() as Float32Array)).toEqual([0.5, 1.5]);
  });

  it('gives query results as the Arrow types the engine reads', async () => {
    const t = await duck.query(
      "SELECT 1::BIGINT AS i, 2.5::FLOAT AS f, 'x' AS s, true AS b, TIMESTAMP '2024-01-01 00:00:00' AS ts, NULL::DOUBLE AS n",
    );
    expect(arrowRows(t)[0]).toEqual(
      Object.assign(Object.create(null), {
        i: 1,
        f: 2.5,
        s: 'x',
        b: true,
        ts: Date.UTC(2024, 0, 1),
        n: null,
      }),
    );
    expect(tableFromIPC(tableToIPC(t)).numRows).toBe(1);
  });

  it('gives the connection to one user at a time, in call order', async () => {
    const own = await NativeDuck.create();
    const log: string[] = [];
    const slow = own
      .run('SELECT count(*) FROM range(5000000) t(i) WHERE hash(i) % 7 = 0')
      .then(() => log.push('statement done'));
    const appender = own.exclusive(async (conn) => {
      log.push('exclusive starts');
      await conn.extractStatements('SELECT 1; SELECT 2');
      log.push('exclusive done');
    });
    const after = own.run('SELECT 1').then(() => log.push('next statement done'));
    expect(own.running).toBe(3);
    await Promise.all([slow, appender, after]);
    own.close();
    expect(log).toEqual(['statement done', 'exclusive starts', 'exclusive done', 'next statement done']);
  });

  it('takes Arrow in, and splits user SQL, while other statements run: each waits its turn', async () => {
    // Nodes side by side, as model.evaluate's predictions beside another node's query: a
    // second use of the one connection while a statement ran used to close that statement.
    const ipc = tableToIPC(tableFromArrays({ p: Float32Array.from([0.5, 0.25, 0.125]) }));
    const busy = () =>
      duck.query('SELECT count(*)::INTEGER AS n FROM range(1000000) t(i) WHERE hash(i) % 7 = 0');
    // The clash needs one statement mid-flight at the wrong moment: a few rounds catch it.
    const rounds = [...Array(24).keys()];
    const settled = await Promise.allSettled(
      rounds.flatMap((i) => [
        duck.insertArrow(ipc, `side_by_side_${i}`),
        busy(),
        duck.tableNames('SELECT 1 FROM a; SELECT 2'),
        busy(),
      ]),
    );
    const outcomes = settled.map((r) => (r.status === 'fulfilled' ? 'ok' : String(r.reason)));
    expect(outcomes).toEqual(
      rounds.flatMap(() => ['ok', 'ok', 'Error: Expected a single statement, found 2.', 'ok']),
    );
    for (const i of rounds)
      expect(await rows(`SELECT sum(p)::DOUBLE AS s FROM side_by_side_${i}`)).toEqual([{ s: 0.875 }]);
    const counts = settled.flatMap((r, i) => (i % 4 === 1 && r.status === 'fulfilled' ? [r.value] : []));
    for (const t of counts) expect(arrowRows(t as Table)[0]?.n).toBeGreaterThan(100_000);
  });
});

describe("native DuckDB's parser for user SQL", () => {
  it('lists the tables one statement reads, CTEs in scope excluded', async () => {
    expect(await duck.tableNames('WITH a AS (FROM input) SELECT * FROM a, input2')).toEqual([
      'input',
      'input2',
    ]);
    // A CTE of one subquery does not hide a table of the same name elsewhere.
    expect(await duck.tableNames('SELECT * FROM (WITH t AS (SELECT 1) FROM t), t')).toEqual(['t']);
    expect(await duck.tableNames('SELECT * FROM memory.main.pw_x')).toEqual(['memory.main.pw_x']);
    expect(await duck.tableNames("SELECT * FROM 'other.csv'")).toEqual(['other.csv']);
  });

  it('refuses more than one statement and gives syntax errors with their position', async () => {
    await expect(duck.tableNames('SELECT 1; DROP TABLE x')).rejects.toThrow(/single statement/);
    await expect(duck.tableNames('PIVOT input ON v')).rejects.toThrow(/single statement/);
    const err = await duck.tableNames('SELECT v,\n  w\nFORM input').catch((e: unknown) => e as Error);
    expect(JSON.parse((err as Error).message)).toEqual({
      exception_type: 'Parser',
      exception_message: 'syntax error at or near "input"',
      position: '19',
    });
  });

  it('tokenizes function calls as identifier + "(" at UTF-8 byte offsets, and nothing else', async () => {
    const text = (sql: string, t: { offsets: number[] }) => {
      const bytes = new TextEncoder().encode(sql);
      return t.offsets.map((o, i) =>
        new TextDecoder().decode(bytes.subarray(o, t.offsets[i + 1] ?? bytes.length)).trim(),
      );
    };
    const quoted = `SELECT 'é' AS e, * FROM "read_csv_auto" ('other.csv')`;
    const q = await duck.tokenize(quoted);
    expect(q.types).toEqual([0, 3]);
    expect(text(quoted, q)).toEqual(['"read_csv_auto"', "('other.csv')"]);
    const nested = 'SELECT upper(lower(s)) FROM input';
    expect(text(nested, await duck.tokenize(nested))).toEqual(['upper', '(', 'lower', '(s)) FROM input']);
    // A column or keyword that looks like a function is not a call.
    expect((await duck.tokenize("SELECT v AS read_csv FROM input WHERE 'a' GLOB ('a*')")).offsets).toEqual(
      [],
    );
    // As in DuckDB's tokenizer, a comment between a name and "(" is a token of its own.
    expect((await duck.tokenize("SELECT * FROM read_csv /* c */ ('x')")).types).toEqual([0, 5]);
  });
});
