import type { SqlTokens } from '../duck-backend';
import type { NativeDuck } from './native-duck';

/**
 * DuckDB's parser, natively: what the engine's user-SQL checks (workers/user-sql.ts) ask of a
 * backend. The Node bindings have no tokenizer and no table-name extraction that refuses a
 * second statement, so both come from the parse tree `json_serialize_sql` gives (the json
 * extension is built into the native binary): the same parser that will run the query.
 */

interface ParseTree {
  error?: boolean;
  error_type?: string;
  error_message?: string;
  position?: string;
  statements?: unknown[];
}

async function parseTree(duck: NativeDuck, sql: string): Promise<ParseTree> {
  const reader = await duck.run('SELECT json_serialize_sql($1::VARCHAR) AS tree', undefined, [sql]);
  return JSON.parse(String(reader.getColumnsJS()[0]?.[0] ?? '{}')) as ParseTree;
}

/** How many statements DuckDB's parser finds; a syntax error throws as DuckDB-WASM reports it. */
async function statementCount(duck: NativeDuck, sql: string, tree: ParseTree): Promise<number> {
  if (tree.error && tree.error_type === 'parser')
    // DuckDB-WASM's error shape, so user-sql.ts maps the position into the user's text.
    throw new Error(
      JSON.stringify({
        exception_type: 'Parser',
        exception_message: tree.error_message,
        position: tree.position,
      }),
    );
  return duck.exclusive(async (conn) => (await conn.extractStatements(sql)).count);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Tables a parse tree reads, qualified as written; names of CTEs in scope are not tables. */
function collectTables(node: unknown, ctes: ReadonlySet<string>, out: string[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectTables(child, ctes, out);
    return;
  }
  if (!isObject(node)) return;
  let scope = ctes;
  const map = isObject(node.cte_map) ? node.cte_map.map : undefined;
  if (Array.isArray(map) && map.length) {
    scope = new Set(ctes);
    for (const entry of map)
      if (isObject(entry) && typeof entry.key === 'string')
        (scope as Set<string>).add(entry.key.toLowerCase());
  }
  if (node.type === 'BASE_TABLE' && typeof node.table_name === 'string') {
    const parts = [node.catalog_name, node.schema_name, node.table_name].filter(
      (p): p is string => typeof p === 'string' && p !== '',
    );
    if (parts.length > 1 || !scope.has(node.table_name.toLowerCase())) out.push(parts.join('.'));
  }
  for (const value of Object.values(node)) collectTables(value, scope, out);
}

/**
 * The tables `sql`'s one statement reads (CTE names excluded). Throws on a syntax error and
 * when `sql` is not exactly one statement. A statement the parser cannot serialise (anything
 * but a query) reads no table here; the engine's plan check refuses it.
 */
export async function nativeTableNames(duck: NativeDuck, sql: string): Promise<string[]> {
  const tree = await parseTree(duck, sql);
  const count = await statementCount(duck, sql, tree);
  if (count !== 1) throw new Error(`Expected a single statement, found ${count}.`);
  const tables: string[] = [];
  if (!tree.error) collectTables(tree.statements, new Set(), tables);
  return [...new Set(tables)];
}

/** Function calls in a parse tree: each name and where it starts (a UTF-8 byte offset). */
function collectCalls(node: unknown, out: Map<number, string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectCalls(child, out);
    return;
  }
  if (!isObject(node)) return;
  if (
    node.class === 'FUNCTION' &&
    typeof node.function_name === 'string' &&
    typeof node.query_location === 'number'
  )
    out.set(node.query_location, node.function_name);
  for (const value of Object.values(node)) collectCalls(value, out);
}

const QUOTE = 0x22;
const PAREN = 0x28;
const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** End (exclusive) of the function name written at `at`: bare as `name`, or double-quoted. */
function nameEnd(bytes: Uint8Array, at: number, name: string): number | undefined {
  if (bytes[at] === QUOTE) {
    for (let i = at + 1; i < bytes.length; i++)
      if (bytes[i] === QUOTE) {
        if (bytes[i + 1] !== QUOTE) return i + 1;
        i++;
      }
    return undefined;
  }
  const written = new TextEncoder().encode(name.toLowerCase());
  const here = new TextDecoder().decode(bytes.subarray(at, at + written.length)).toLowerCase();
  return here === name.toLowerCase() ? at + written.length : undefined;
}

/**
 * DuckDB's tokens as user-sql.ts reads them, for the tokens it acts on: each function call's
 * name (identifier, 0) and the parenthesis that opens its arguments (operator, 3), found by
 * the parser, so a column, keyword or string that merely looks like a name is no call. As
 * with DuckDB's tokenizer, a comment between a name and its "(" is a token of its own (5).
 * Text the parser cannot serialise (anything but one query) has no calls to report.
 */
export async function nativeTokenize(duck: NativeDuck, sql: string): Promise<SqlTokens> {
  const tree = await parseTree(duck, sql);
  const tokens = new Map<number, number>();
  if (!tree.error) {
    const calls = new Map<number, string>();
    collectCalls(tree.statements, calls);
    const bytes = new TextEncoder().encode(sql);
    for (const [at, name] of calls) {
      const end = nameEnd(bytes, at, name);
      if (end === undefined) continue;
      let next = end;
      while (isSpace(bytes[next])) next++;
      tokens.set(at, 0);
      if (bytes[next] === PAREN) tokens.set(next, 3);
      else tokens.set(end, 5);
    }
  }
  const offsets = [...tokens.keys()].sort((a, b) => a - b);
  return { offsets, types: offsets.map((o) => tokens.get(o) as number) };
}
