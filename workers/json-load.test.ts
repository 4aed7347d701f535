import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsText } from './json-load';
import { createTestEngine, node } from './testing/test-engine';

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
});
afterAll(() => t.close());

async function load(name: string, content: string) {
  t.duck.addFile(name, content);
  const n = node('ingest.file', { file: name });
  const r = await t.run({ nodes: [n], edges: [] });
  return {
    status: r.status[n.id],
    message: r.message[n.id] ?? '',
    rows: r.status[n.id] === 'done' ? await t.rows(n.id) : [],
  };
}

const EXPECTED =
  /expected an array of records \[\{"column": value, …\}, …\] or one \{…\} record per line \(NDJSON\)/;

describe('JSON files', () => {
  it('reads NDJSON (one record per line) as a table instead of "Table type not specified"', async () => {
    const r = await load('events.ndjson', '{"a":1,"b":"x"}\n\n{"a":2,"b":"y"}\r\n{"a":3}\n');
    expect(r.message).toBe('');
    expect(r.rows).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
      { a: 3, b: null },
    ]);
  });
  it('reads an array of records, an object of columns, and one flat record', async () => {
    expect((await load('rows.json', '[{"a":1},{"a":2}]')).rows).toEqual([{ a: 1 }, { a: 2 }]);
    expect((await load('cols.json', '{"a":[1,2],"b":[3,4]}')).rows).toEqual([
      { a: 1, b: 3 },
      { a: 2, b: 4 },
    ]);
    expect((await load('one.json', '{"a":1,"b":"x"}')).rows).toEqual([{ a: 1, b: 'x' }]);
  });
  it('says which shape a JSON file that is not records has, naming the file', async () => {
    const cases: [string, string, RegExp][] = [
      ['scalar.json', '42', /^"scalar.json" is a number, not records: /],
      ['numbers.json', '[1, 2, 3]', /^"numbers.json" is an array whose item 1 is a number, not a record: /],
      [
        'nested.json',
        '{"a": {"b": 1}}',
        /^"nested.json" is one object with nested objects or arrays, not records: /,
      ],
      ['lines.ndjson', '{"a":1}\n[1,2]\n', /^"lines.ndjson" line 2 is an array, not a \{…\} record: /],
      ['broken.json', '{"a":1}\n{"a":\n', /^"broken.json" is not valid JSON \(line 2: /],
    ];
    for (const [name, text, message] of cases) {
      const r = await load(name, text);
      expect(r.status, name).toBe('error');
      expect(r.message, name).toMatch(message);
      expect(r.message, name).toMatch(EXPECTED);
      expect(r.message.length, name).toBeLessThan(220);
    }
  });
});

describe('recordsText', () => {
  it('leaves what DuckDB-WASM reads itself to DuckDB (undefined) and rewrites the rest', () => {
    expect(recordsText('f', '[{"a":1}]')).toBeUndefined();
    expect(recordsText('f', '{"a":[1]}')).toBeUndefined();
    expect(recordsText('f', '{"a":1}\n{"a":2}\n')).toBe('[{"a":1},\n{"a":2}]');
    expect(recordsText('f', '{"a":1}')).toBe('[{"a":1}]');
    expect(() => recordsText('f', '  ')).toThrow(/"f" holds no JSON/);
    expect(() => recordsText('f', '[]')).toThrow(/"f" is an empty array/);
  });
});
