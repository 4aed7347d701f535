import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphNode } from '../src/shared/graph-types';
import { arrowRows } from './arrow-rows';
import { createTestEngine, edge, node } from './testing/test-engine';

// The hostile corpus of issue 10 §1, replayed against the real DuckDB-WASM: each breakout
// must be refused on its node, and afterwards an unrelated aggregate must still give the
// right numbers and the catalog must hold nothing the user created.

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
  t.duck.addFile('data.csv', 'v,w\n1,10\n2,20\n3,30\n4,40\n');
  t.duck.addFile('other.csv', 'secret\n42\n');
});
afterAll(() => t.close());

const ingest = node('ingest.file', { file: 'data.csv' }, 'src');
const victim = node('transform.sql', { sql: 'SELECT v * 100 AS v100 FROM input' }, 'victim');
/** The aggregate every attack is followed by: avg(v) = 2.5, sum(w) = 100 on data.csv. */
const check = node(
  'transform.sql',
  { sql: 'SELECT avg(v) AS m, sum(w)::DOUBLE AS s, count(*)::DOUBLE AS n, max(v) AS mx FROM input' },
  'check',
);

async function catalog() {
  const q = async (sql: string) => arrowRows(await t.duck.query(sql));
  return {
    macros: await q(
      "SELECT function_name FROM duckdb_functions() WHERE NOT internal AND function_type IN ('macro', 'table_macro')",
    ),
    tables: await q("SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, 'pw_')"),
    views: await q('SELECT view_name FROM duckdb_views() WHERE NOT internal'),
    schemas: await q("SELECT schema_name FROM duckdb_schemas() WHERE NOT internal AND schema_name <> 'main'"),
    databases: await q(
      "SELECT database_name FROM duckdb_databases() WHERE NOT internal AND database_name <> 'memory'",
    ),
    sequences: await q('SELECT sequence_name FROM duckdb_sequences()'),
  };
}

/** Run `attacker` (wired to the ingest node) beside the victim and the check. */
async function attack(attacker: GraphNode) {
  const r = await t.run({
    nodes: [ingest, victim, attacker, check],
    edges: [edge(ingest.id, victim.id), edge(ingest.id, attacker.id), edge(ingest.id, check.id)],
  });
  // Run the check again afterwards, in a second run, so anything that survived would show.
  const again = await t.run({
    nodes: [ingest, victim, check],
    edges: [edge(ingest.id, victim.id), edge(ingest.id, check.id)],
  });
  return { r, again };
}

async function expectUntouched() {
  const [row] = await t.rows(check.id);
  expect(row).toEqual(Object.assign(Object.create(null), { m: 2.5, s: 100, n: 4, mx: 4 }));
  expect((await t.rows(victim.id)).map((x) => x.v100)).toEqual([100, 200, 300, 400]);
  const c = await catalog();
  expect(c).toEqual({ macros: [], tables: [], views: [], schemas: [], databases: [], sequences: [] });
}

const SQL_ATTACKS: [string, string][] = [
  [
    'a stacked macro after closing the subquery',
    'SELECT * FROM input); CREATE OR REPLACE MACRO avg(x) AS 0; SELECT * FROM (SELECT 1',
  ],
  ['a macro alone', 'CREATE OR REPLACE MACRO avg(x) AS 0'],
  ['a table macro', 'CREATE MACRO t() AS TABLE SELECT 1'],
  ['a stacked DROP of another node table', 'SELECT 1); DROP TABLE pw_victim__out; SELECT * FROM (SELECT 1'],
  [
    'a stacked CREATE OR REPLACE TABLE over another node table',
    'SELECT 1 AS x); CREATE OR REPLACE TABLE pw_victim__out AS SELECT 0 AS v100; SELECT * FROM (SELECT 1',
  ],
  ['COPY TO', "COPY (SELECT 1) TO '/pipewright/exports/x.csv'"],
  ['ATTACH', "ATTACH ':memory:' AS other"],
  ['EXPORT DATABASE', "EXPORT DATABASE '/tmp/db'"],
  ['PRAGMA', "PRAGMA table_info('pw_victim__out')"],
  ['CHECKPOINT', 'CHECKPOINT'],
  ['CREATE SECRET', "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')"],
  ['BEGIN TRANSACTION; USE', 'BEGIN TRANSACTION; USE other'],
  ['SET', 'SET threads = 1'],
  ['CREATE SCHEMA', 'CREATE SCHEMA evil'],
  ['CREATE VIEW', 'CREATE VIEW evil AS SELECT 1'],
  ['CREATE SEQUENCE', 'CREATE SEQUENCE evil'],
  ['INSERT into another node table', 'INSERT INTO pw_victim__out VALUES (0)'],
  ['read_csv of another uploaded file', "SELECT * FROM read_csv('/pipewright/files/other.csv')"],
  ['read_csv_auto, quoted', `SELECT * FROM "read_csv_auto"('other.csv')`],
  ['read_text', "SELECT * FROM read_text('/pipewright/files/other.csv')"],
  ['read_blob', "SELECT * FROM read_blob('/pipewright/files/other.csv')"],
  ['glob', "SELECT * FROM glob('/pipewright/files/*')"],
  ['query()', "SELECT * FROM query('SELECT 42 AS x')"],
  ['query_table()', "SELECT * FROM query_table('pw_victim__out')"],
  ['a replacement scan of a file path', "SELECT * FROM '/pipewright/files/other.csv'"],
  ['another node table by name', 'SELECT * FROM pw_victim__out'],
  ['another node table, schema-qualified', 'SELECT * FROM memory.main.pw_victim__out'],
  ['another node table in a subquery', 'SELECT v, (SELECT max(v100) FROM pw_victim__out) AS m FROM input'],
  ['the catalog', 'SELECT * FROM duckdb_tables()'],
  ['information_schema', 'SELECT * FROM information_schema.tables'],
  ['settings', 'SELECT * FROM duckdb_settings()'],
];

const FILTER_ATTACKS: [string, string][] = [
  ['a stacked macro', 'TRUE); CREATE OR REPLACE MACRO avg(x) AS 0; SELECT * FROM (SELECT 1 WHERE (TRUE'],
  ['a stacked DROP', 'TRUE); DROP TABLE pw_victim__out; SELECT * FROM (SELECT 1 WHERE (TRUE'],
  ['a UNION with another node table', 'v > 1) UNION ALL (SELECT * FROM pw_victim__out WHERE (TRUE'],
  ['a UNION over its own input (not one expression)', 'v > 1) UNION ALL (SELECT * FROM input WHERE (TRUE'],
  ['a subquery on another node table', 'v IN (SELECT v100 FROM pw_victim__out)'],
  ['read_csv in a subquery', "v IN (SELECT * FROM read_csv('/pipewright/files/other.csv'))"],
  ['a statement instead of an expression', 'CREATE OR REPLACE MACRO avg(x) AS 0'],
];

describe('user SQL is one read-only SELECT over the node inputs', () => {
  it.each(SQL_ATTACKS)('the SQL node refuses %s, and nothing changes for other nodes', async (_, sql) => {
    const attacker = node('transform.sql', { sql }, 'attacker');
    const { r, again } = await attack(attacker);
    expect(r.status[attacker.id]).toBe('error');
    expect(r.message[attacker.id]).toMatch(/^Param "sql": /);
    expect(r.status[check.id]).toMatch(/done|cached/);
    expect(again.status[check.id]).toMatch(/done|cached/);
    await expectUntouched();
  });

  it.each(FILTER_ATTACKS)('Filter rows refuses %s, and nothing changes for other nodes', async (_, where) => {
    const attacker = node('clean.filter', { where }, 'attacker');
    const { r } = await attack(attacker);
    expect(r.status[attacker.id]).toBe('error');
    expect(r.message[attacker.id]).toMatch(/^Param "where": /);
    await expectUntouched();
  });

  it.each([
    [
      'a CTE, FROM-first and a trailing comment',
      'WITH a AS (FROM input) SELECT v FROM a -- the end',
      [1, 2, 3, 4],
    ],
    ['a trailing semicolon', 'SELECT v FROM input;', [1, 2, 3, 4]],
    ['VALUES and range()', 'SELECT v + r.range AS v FROM input, range(1) r', [1, 2, 3, 4]],
    [
      'generate_series and unnest',
      'SELECT unnest([v]) AS v FROM input WHERE v IN (SELECT * FROM generate_series(1, 4))',
      [1, 2, 3, 4],
    ],
    ['a window', 'SELECT (sum(v) OVER (ORDER BY v))::DOUBLE AS v FROM input', [1, 3, 6, 10]],
    ['a self-join of input', 'SELECT a.v FROM input a JOIN input b ON a.v = b.v ORDER BY a.v', [1, 2, 3, 4]],
    ['PIVOT with an IN list', 'SELECT "1"::DOUBLE AS v FROM (PIVOT input ON v IN (1) USING sum(w))', [10]],
    ['a column called read_csv', 'SELECT v AS read_csv FROM input', [1, 2, 3, 4]],
    ['GLOB as an operator', "SELECT v FROM input WHERE 'abc' GLOB ('a*')", [1, 2, 3, 4]],
  ])('the SQL node still runs %s', async (_, sql, expected) => {
    const n = node('transform.sql', { sql }, 'legit');
    const r = await t.run({ nodes: [ingest, n], edges: [edge(ingest.id, n.id)] });
    expect(r.message[n.id]).toBeUndefined();
    const rows = await t.rows(n.id);
    expect(rows.map((row) => Object.values(row)[0])).toEqual(expected);
  });

  it('Filter rows still runs a condition with a subquery over its input', async () => {
    const n = node('clean.filter', { where: 'v > (SELECT avg(v) FROM input) AND w IS NOT NULL;' }, 'legit');
    const r = await t.run({ nodes: [ingest, n], edges: [edge(ingest.id, n.id)] });
    expect(r.message[n.id]).toBeUndefined();
    expect((await t.rows(n.id)).map((row) => row.v)).toEqual([3, 4]);
  });

  it('gives syntax errors with the line and column in the user text, underlined', async () => {
    const n = node('transform.sql', { sql: 'SELECT v,\n  w\nFORM input' }, 'typo');
    const r = await t.run({ nodes: [ingest, n], edges: [edge(ingest.id, n.id)] });
    expect(r.message[n.id]).toBe(
      'Param "sql": syntax error near "input" at line 3, column 6:\n  FORM input\n       ^',
    );
    const f = node('clean.filter', { where: 'v >' }, 'typo2');
    const rf = await t.run({ nodes: [ingest, f], edges: [edge(ingest.id, f.id)] });
    expect(rf.message[f.id]).toMatch(/^Param "where": syntax error/);
    expect(rf.message[f.id]).not.toMatch(/"exception_type"|LINE \d/);
  });

  it('gives binder errors with the line in the user text, not the wrapped query', async () => {
    const n = node('transform.sql', { sql: 'SELECT v\nFROM input\nWHERE nosuch > 1' }, 'binder');
    const r = await t.run({ nodes: [ingest, n], edges: [edge(ingest.id, n.id)] });
    expect(r.message[n.id]).toMatch(/^Param "sql": binder error — Referenced column "nosuch" not found/);
    expect(r.message[n.id]).toMatch(/at line 3/);
    expect(r.message[n.id]).not.toMatch(/LINE \d/);
  });

  it('says input2 is not connected rather than reading anything else', async () => {
    const n = node('transform.sql', { sql: 'SELECT * FROM input2' }, 'no2');
    const r = await t.run({ nodes: [ingest, n], edges: [edge(ingest.id, n.id)] });
    expect(r.message[n.id]).toMatch(/reads "input2", which is not an input of this node/);
  });
});

describe('internal names never collide', () => {
  it('nodes whose ids differ only in case keep their own tables', async () => {
    const upper = node('transform.sql', { sql: 'SELECT 1 AS x FROM input LIMIT 1' }, 'S');
    const lower = node('transform.sql', { sql: 'SELECT 2 AS x FROM input' }, 's');
    const r = await t.run({
      nodes: [ingest, upper, lower],
      edges: [edge(ingest.id, upper.id), edge(ingest.id, lower.id)],
    });
    expect(r.message).toEqual({});
    expect((await t.rows('S')).map((row) => row.x)).toEqual([1]);
    expect((await t.rows('s')).map((row) => row.x)).toEqual([2, 2, 2, 2]);
  });

  it('files named x/y.csv, x_y.csv and ../x_y.csv keep their own contents', async () => {
    t.duck.addFile('x/y.csv', 'a\n1\n');
    t.duck.addFile('x_y.csv', 'a\n2\n2\n');
    t.duck.addFile('../x_y.csv', 'a\n3\n3\n3\n');
    const nodes = ['x/y.csv', 'x_y.csv', '../x_y.csv'].map((file, i) =>
      node('ingest.file', { file }, `f${i}`),
    );
    const r = await t.run({ nodes, edges: [] });
    expect(r.message).toEqual({});
    for (const [i, expected] of [[1], [2, 2], [3, 3, 3]].entries())
      expect((await t.rows(`f${i}`)).map((row) => row.a)).toEqual(expected);
  });
});
