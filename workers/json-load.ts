/** What loading a JSON file needs from a DuckDB-WASM backend. */
export interface JsonIo {
  /** DuckDB-WASM's JSON table reader (`insertJSONFromPath`) into the target table. */
  insert(path: string): Promise<void>;
  /** The whole file as text. */
  text(): Promise<string>;
  /** Run `fn` while `text` is readable at `path`, then remove it. */
  withText<T>(path: string, text: string, fn: () => Promise<T>): Promise<T>;
}

const EXPECTED = 'expected an array of records [{"column": value, …}, …] or one {…} record per line (NDJSON)';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value's kind, as a person would say it. */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** DuckDB-WASM reports some errors as JSON: the message inside. */
function messageOf(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isRecord(parsed) && typeof parsed.exception_message === 'string') return parsed.exception_message;
  } catch {
    // Not JSON: the message as it is.
  }
  return raw.split('\n')[0] ?? raw;
}

/**
 * The records of a JSON file DuckDB-WASM's reader refused, as a JSON array of records it
 * takes: NDJSON lines joined, a single flat record wrapped. Throws a message naming the file
 * and the shape it has otherwise. `undefined`: the file already is records (another cause).
 */
export function recordsText(name: string, text: string): string | undefined {
  if (!text.trim()) throw new Error(`"${name}" holds no JSON (only white space): ${EXPECTED}.`);
  let whole: unknown;
  let parsed = false;
  try {
    whole = JSON.parse(text);
    parsed = true;
  } catch {
    // Not one JSON value: perhaps one per line.
  }
  if (parsed) {
    if (Array.isArray(whole)) {
      if (whole.length === 0) throw new Error(`"${name}" is an empty array: no records to make a table of.`);
      const bad = whole.findIndex((v) => !isRecord(v));
      if (bad >= 0)
        throw new Error(
          `"${name}" is an array whose item ${bad + 1} is ${kindOf(whole[bad])}, not a record: ${EXPECTED}.`,
        );
      return undefined;
    }
    if (isRecord(whole)) {
      const values = Object.values(whole);
      if (values.length && values.every(Array.isArray)) return undefined; // columns: {"a": [..], ..}
      if (values.every((v) => !isRecord(v) && !Array.isArray(v))) return `[${text}]`;
      throw new Error(`"${name}" is one object with nested objects or arrays, not records: ${EXPECTED}.`);
    }
    throw new Error(`"${name}" is ${kindOf(whole)}, not records: ${EXPECTED}.`);
  }
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`"${name}" is not valid JSON (line ${i + 1}: ${why.slice(0, 120)}): ${EXPECTED}.`);
    }
    if (!isRecord(value))
      throw new Error(`"${name}" line ${i + 1} is ${kindOf(value)}, not a {…} record: ${EXPECTED}.`);
    kept.push(line);
  }
  return `[${kept.join(',\n')}]`;
}

/**
 * Load a JSON file into a table: DuckDB-WASM's reader first (offline, no extension); what
 * it refuses (NDJSON, one record) is rewritten as an array of records, anything else gets
 * a message naming the file and the shape it should have.
 */
export async function loadJson(io: JsonIo, name: string, path: string): Promise<void> {
  try {
    await io.insert(path);
    return;
  } catch (first) {
    const records = recordsText(name, await io.text());
    if (records === undefined) throw new Error(`Could not read "${name}": ${messageOf(first)}`);
    await io
      .withText(`${path}.records.json`, records, () => io.insert(`${path}.records.json`))
      .catch((err: unknown) => {
        throw new Error(`Could not read "${name}": ${messageOf(err)}`);
      });
  }
}
