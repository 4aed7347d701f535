import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, edge, node } from '../../workers/testing/test-engine';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

const WEIRD = ['plain', 'with space', 'say "hi"', 'cost ($)', 'température ✓', "it's"];
const csv = `${WEIRD.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')}\n1,2,3,4,5,6\n7,8,9,10,11,12\n`;

describe('ingest.file, clean.filter, transform.sql', () => {
  it('reads a CSV with unusual column names and keeps them through filter and SQL', async () => {
    t.duck.addFile('weird.csv', csv);
    const f = node('ingest.file', { file: 'weird.csv' });
    const k = node('clean.filter', { where: '"cost ($)" > 5' });
    const s = node('transform.sql', { sql: 'SELECT *, "température ✓" * 2 AS "double ✓" FROM input;' });
    const r = await t.run({ nodes: [f, k, s], edges: [edge(f.id, k.id), edge(k.id, s.id)] });
    expect(r.status).toEqual({ [f.id]: 'done', [k.id]: 'done', [s.id]: 'done' });
    const rows = await t.rows(s.id);
    expect(Object.keys(rows[0] ?? {})).toEqual([...WEIRD, 'double ✓']);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.['double ✓']).toBe(22);
  });

  it('says when a file has not been uploaded', async () => {
    const f = node('ingest.file', { file: 'later.csv' });
    const r = await t.run({ nodes: [f], edges: [] });
    expect(r.message[f.id]).toMatch(/"later.csv" has not been uploaded yet/);
    const none = node('ingest.file');
    expect((await t.run({ nodes: [none], edges: [] })).message[none.id]).toMatch(/No file chosen/);
  });

  it('binds input2 in SQL and allows its own WITH and trailing comments', async () => {
    const a = node('ingest.sample', { rows: 40 });
    const b = node('ingest.sample', { rows: 20, seed: 9 });
    const s = node('transform.sql', {
      sql: 'WITH x AS (SELECT count(*) AS n FROM input), y AS (SELECT count(*) AS m FROM input2) SELECT n, m FROM x, y -- done',
    });
    await t.run({ nodes: [a, b, s], edges: [edge(a.id, s.id), edge(b.id, s.id, 'out', 'in2')] });
    expect(await t.rows(s.id)).toEqual([{ n: 40, m: 20 }]);
  });

  it('export.data reports what it will download and exports CSV', async () => {
    const a = node('ingest.sample', { rows: 3 });
    const x = node('export.data');
    const r = await t.run({ nodes: [a, x], edges: [edge(a.id, x.id)] });
    const done = r.events.find((e) => e.type === 'node-done' && e.nodeId === x.id);
    expect(done?.type === 'node-done' && done.report).toEqual({ rows: 3, columns: 7 });
    const bytes = await t.engine.exportTable(a.id, 'out', 'csv');
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\n')[0]).toBe('timestamp,sensor_id,temperature,vibration,pressure,status,failure_24h');
    expect(text.trim().split('\n')).toHaveLength(4);
  });
});
