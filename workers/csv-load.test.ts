import { gzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainCsvError } from './csv-load';
import { createTestEngine, node } from './testing/test-engine';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

async function load(name: string, content: string | Uint8Array, params: Record<string, unknown> = {}) {
  t.duck.addFile(name, content);
  const n = node('ingest.file', { file: name, ...params });
  const r = await t.run({ nodes: [n], edges: [] });
  return {
    status: r.status[n.id],
    message: r.message[n.id],
    rows: r.status[n.id] === 'done' ? await t.rows(n.id) : [],
  };
}

describe('adversarial CSV input', () => {
  it('reads UTF-16 with a byte-order mark', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from('a,b\n1,é\n', 'utf16le'))]);
    expect((await load('u16.csv', bytes)).rows).toEqual([{ a: 1, b: 'é' }]);
  });
  it('falls back to Latin-1 when the bytes are not UTF-8', async () => {
    expect((await load('l1.csv', new Uint8Array(Buffer.from('a,b\n1,caf\xe9\n', 'latin1')))).rows).toEqual([
      { a: 1, b: 'café' },
    ]);
  });
  it('pads short rows with NULLs instead of guessing a wrong header', async () => {
    const r = await load('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    expect(r.rows).toEqual([
      { a: 1, b: 2, c: 3 },
      { a: 4, b: 5, c: null },
      { a: 6, b: 7, c: 8 },
    ]);
  });
  it('reads BOM + CRLF, quoted newlines and escaped quotes, semicolons', async () => {
    const bom = await load('bom.csv', '\ufeffa,b\r\n1,"x\r\ny"\r\n2,"say ""hi"""\r\n');
    expect(bom.message ?? '').toBe('');
    expect(bom.rows).toEqual([
      { a: 1, b: 'x\r\ny' },
      { a: 2, b: 'say "hi"' },
    ]);
    expect((await load('semi.csv', 'a;b\n1;2\n3;4\n')).rows).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
  });
  it('gives empty, header-only and duplicate/blank-named files a table', async () => {
    expect(await load('empty.csv', '')).toMatchObject({ status: 'done', rows: [] });
    expect(await load('hdr.csv', 'a,b,c\n')).toMatchObject({ status: 'done', rows: [] });
    expect((await load('dup.csv', 'a,a,,b\n1,2,3,4\n')).rows).toEqual([{ a: 1, a_1: 2, column2: 3, b: 4 }]);
  });
  it('refuses binary data named .csv with a clear message', async () => {
    const r = await load('bin.csv', new Uint8Array([0, 1, 2, 3, 255, 254, 0, 0, 10, 13, 0, 5]));
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/Could not read "bin.csv" as delimited text/);
  });
  it('reads ISO timestamps with a zone or offset as plain UTC TIMESTAMP, so date functions need no ICU download', async () => {
    t.duck.addFile(
      'tz.csv',
      'ts,v\n2024-03-01T10:15:00Z,1\n2024-03-01T23:45:00Z,2\n2024-03-01T12:15:00+02:00,3\n',
    );
    const n = node('ingest.file', { file: 'tz.csv' });
    const r = await t.run({ nodes: [n], edges: [] });
    expect(r.message).toEqual({});
    const value = t.engine.cache.get(n.id)?.outputs.out;
    expect(value?.type === 'table' && value.columns).toEqual([
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'v', type: 'BIGINT' },
    ]);
    const hours = await t.duck.query(
      `SELECT strftime(date_trunc('hour', ts), '%Y-%m-%d %H:%M') AS h FROM "${value?.type === 'table' ? value.table : ''}" ORDER BY v`,
    );
    expect(hours.toArray().map((row) => row.toJSON().h)).toEqual([
      '2024-03-01 10:00',
      '2024-03-01 23:00',
      '2024-03-01 10:00', // converted to UTC, not cut off
    ]);
  });
});

describe('files that are not what their name says, and names DuckDB cannot quote', () => {
  it('refuses a ZIP archive named .csv by its signature instead of making a 0-row table with a NUL column name', async () => {
    const zip = new Uint8Array([
      0x50,
      0x4b,
      0x03,
      0x04,
      0x14,
      0,
      0,
      0,
      8,
      0,
      ...new Array(20).fill(0),
      0x61,
      0x0a,
    ]);
    const r = await load('archive.csv', zip);
    expect(r.status).toBe('error');
    expect(r.message).toBe(
      '"archive.csv" is a ZIP archive (or an Excel/ODF file), not delimited text: unzip it (or save the sheet as CSV) and upload the file inside.',
    );
  });
  it('reads gzip-compressed text named .csv', async () => {
    const r = await load('packed.csv', new Uint8Array(gzipSync('a,b\n1,x\n2,y\n')));
    expect(r.rows).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });
  it('replaces NUL in a column name, so preview and profile can quote it', async () => {
    t.duck.addFile('nul-name.csv', 'a\u0000b,c\n1,2\n');
    const n = node('ingest.file', { file: 'nul-name.csv' });
    const r = await t.run({ nodes: [n], edges: [] });
    expect(r.status[n.id]).toBe('done');
    expect(await t.rows(n.id)).toEqual([{ 'a\uFFFDb': 1, c: 2 }]);
    const preview = tableFromIPC((await t.engine.preview(n.id, 'out', 10)).ipc);
    expect(preview.schema.fields.map((f) => f.name)).toEqual(['a\uFFFDb', 'c']);
    expect((await t.engine.profile(n.id, 'out')).map((p) => [p.name, p.max])).toEqual([
      ['a\uFFFDb', 1],
      ['c', 2],
    ]);
  });
  it('puts the cause of a too-long line first and keeps the message short', async () => {
    const r = await load('long-line.csv', `a,b\n1,${'x'.repeat(3 * 1024 * 1024)}\n`);
    expect(r.status).toBe('error');
    expect(r.message).toMatch(
      /^Could not read "long-line.csv": line \d+ is 3\.1 MB long, more than the 2\.0 MB a line may have\./,
    );
    expect(r.message?.length).toBeLessThan(200);
  });
});

describe('explainCsvError', () => {
  it('names the cause before a short excerpt of the offending line', () => {
    const err = explainCsvError(
      'f.csv',
      new Error(
        `Invalid Input Error: CSV Error on Line: 7\nOriginal Line: ${'y'.repeat(5000)}\nExpected Number of Columns: 3 Found: 4\nPossible Solution: Enable null padding\n  file = f.csv`,
      ),
    );
    expect(err.message).toBe(
      `Could not read "f.csv": Expected Number of Columns: 3 Found: 4 (line 7: ${'y'.repeat(60)}…)`,
    );
  });
});
