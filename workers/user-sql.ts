import type { UserSql } from '../src/nodes/define-node-kind';
import { stripTrailingSemicolons } from '../src/nodes/sql-util';
import { arrowRows } from './arrow-rows';
import type { DuckBackend, SqlTokens } from './duck-backend';

/**
 * User SQL (the SQL node's query, Filter's condition) is data until DuckDB's own parser
 * proves it is one read-only SELECT, or one expression, that reads nothing but the node's
 * inputs. Nothing here looks at the text with regular expressions: statements are counted
 * by DuckDB's parser, table references come from its binder, function calls from its
 * tokenizer, and what will really be read from the physical plan DuckDB would run.
 */

/** Table functions that read files or run SQL text: refused by name, with a plain message. */
const FILE_FUNCTIONS = new Set([
  'read_csv',
  'read_csv_auto',
  'sniff_csv',
  'read_parquet',
  'parquet_scan',
  'parquet_metadata',
  'parquet_schema',
  'parquet_file_metadata',
  'parquet_kv_metadata',
  'read_json',
  'read_json_auto',
  'read_json_objects',
  'read_json_objects_auto',
  'read_ndjson',
  'read_ndjson_auto',
  'read_ndjson_objects',
  'read_text',
  'read_blob',
  'glob',
  'query',
  'query_table',
  'read_xlsx',
  'sqlite_scan',
  'postgres_scan',
  'iceberg_scan',
  'delta_scan',
]);

/**
 * The only table functions a plan may contain besides scans of the node's own inputs: they
 * generate rows from their arguments and read nothing. Everything else (catalog functions
 * such as duckdb_tables(), settings, file readers not listed above) is refused.
 */
const GENERATING_FUNCTIONS = new Set(['RANGE', 'GENERATE_SERIES', 'UNNEST', 'REPEAT', 'REPEAT_ROW']);

/** Where the user's text sits inside the statement that runs, to map DuckDB's positions. */
interface Placement {
  /** Characters before the user's text. */
  chars: number;
  /** Lines before the user's text (it always starts a line). */
  lines: number;
}

/** A DuckDB error as the bindings give it: a JSON object or plain text. */
interface DuckError {
  type?: string;
  message: string;
  position?: number;
}

function parseDuckError(err: unknown): DuckError {
  const raw = err instanceof Error ? err.message : String(err);
  try {
    const json = JSON.parse(raw) as {
      exception_type?: string;
      exception_message?: string;
      position?: string;
    };
    if (typeof json.exception_message === 'string')
      return {
        type: json.exception_type,
        message: json.exception_message,
        position: json.position === undefined ? undefined : Number(json.position),
      };
  } catch {
    // Not JSON: plain text, maybe prefixed with the error type ("Binder Error: …").
  }
  const typed = /^(\w+) Error: ([\s\S]*)$/.exec(raw);
  return typed ? { type: typed[1], message: typed[2] as string } : { message: raw };
}

/** Line and column (1-based) of character `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** The user's line with a caret under `column`, as an excerpt for the message. */
function caret(text: string, line: number, column: number): string {
  const source = text.split('\n')[line - 1] ?? '';
  return `\n  ${source}\n  ${' '.repeat(Math.max(0, column - 1))}^`;
}

/**
 * DuckDB's message with positions counted in the user's own text, not in the statement
 * the engine wrapped around it: a character position is shifted and shown as line and
 * column with the line underlined; DuckDB's own "LINE n:" excerpt is dropped.
 */
export function userSqlError(err: unknown, user: UserSql, text: string, at: Placement): Error {
  const e = parseDuckError(err);
  const [head = '', ...rest] = e.message.split('\n');
  // DuckDB appends "LINE n: <the wrapped statement's line>" and a caret: replaced below.
  const lineAt = rest.findIndex((l) => /^LINE \d+:/.test(l));
  const detail = (lineAt >= 0 ? rest.slice(0, lineAt) : rest).join('\n').trim();
  const kind = e.type === 'Parser' ? 'syntax error' : e.type ? `${e.type.toLowerCase()} error` : 'error';
  let where = '';
  if (e.position !== undefined && Number.isFinite(e.position)) {
    const offset = e.position - at.chars;
    if (offset >= 0 && offset <= text.length) {
      const { line, column } = lineColumn(text, offset);
      where = ` at line ${line}, column ${column}:${caret(text, line, column)}`;
    }
  } else if (lineAt >= 0) {
    const line = Number(/^LINE (\d+):/.exec(rest[lineAt] as string)?.[1]) - at.lines;
    if (line >= 1) where = ` at line ${line}`;
  }
  const headText = head.replace(/^syntax error at or near/, 'near');
  return new Error(
    `Param "${user.param}": ${kind}${headText ? ` ${headText.startsWith('near') ? headText : `— ${headText}`}` : ''}${where}${detail ? `\n${detail}` : ''}`,
  );
}

/** Each token's text (DuckDB's offsets are UTF-8 byte offsets). */
function tokenTexts(text: string, tokens: SqlTokens): string[] {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  return tokens.offsets.map((start, i) =>
    decoder.decode(bytes.subarray(start, tokens.offsets[i + 1] ?? bytes.length)).trim(),
  );
}

function unquote(identifier: string): string {
  return identifier.startsWith('"') && identifier.endsWith('"')
    ? identifier.slice(1, -1).replaceAll('""', '"')
    : identifier;
}

/** Refuse calls of file-reading table functions, named as the user wrote them. */
async function refuseFileFunctions(duck: DuckBackend, user: UserSql, text: string): Promise<void> {
  const tokens = await duck.tokenize(text);
  const texts = tokenTexts(text, tokens);
  for (let i = 0; i + 1 < texts.length; i++) {
    const type = tokens.types[i];
    // Identifiers only: a keyword before "(" is an operator (x GLOB ('a*')), and the plan
    // check below still catches any table function the tokens do not name.
    if (type === 0 && tokens.types[i + 1] === 3 && texts[i + 1]?.startsWith('(')) {
      const name = unquote(texts[i] as string).toLowerCase();
      if (FILE_FUNCTIONS.has(name))
        throw new Error(
          `Param "${user.param}": reading files or URLs from SQL is not allowed: ${name}(…) is refused, a node reads data only through its input ports (upload the file and connect its node instead).`,
        );
    }
  }
}

/**
 * Check the user's text on its own: DuckDB's parser must find exactly one statement (for
 * an expression: `SELECT <expression>`), and its binder may find no table but the node's
 * inputs. Returns the text to embed (trailing semicolons removed).
 */
export async function checkUserText(
  duck: DuckBackend,
  user: UserSql,
  inputs: readonly string[],
): Promise<string> {
  const text = stripTrailingSemicolons(user.text);
  const prefix = user.as === 'expression' ? 'SELECT\n' : '';
  // Tokens first: binding a file reader (below) would already try to open the file.
  await refuseFileFunctions(duck, user, text);
  let tables: string[];
  try {
    tables = await duck.tableNames(`${prefix}${text}`);
  } catch (err) {
    const e = parseDuckError(err);
    if (/single statement/i.test(e.message))
      throw new Error(
        user.as === 'expression'
          ? `Param "${user.param}": must be one expression (e.g. temperature > 20), not several statements.`
          : `Param "${user.param}": must be exactly one SELECT query; this text holds more than one statement. (A PIVOT without an IN list also counts as more than one: list its values, e.g. PIVOT input ON col IN ('a', 'b').)`,
      );
    throw userSqlError(err, user, text, { chars: prefix.length, lines: prefix ? 1 : 0 });
  }
  const allowed = new Set(inputs.map((n) => n.toLowerCase()));
  for (const table of tables)
    if (!allowed.has(table.toLowerCase()))
      throw new Error(
        `Param "${user.param}": reads "${table}", which is not an input of this node. A node reads only ${inputs.map((n) => `"${n}"`).join(' and ')} (what is connected to its ports).`,
      );
  return text;
}

interface PlanNode {
  name?: string;
  children?: PlanNode[];
  extra_info?: Record<string, unknown>;
}

/**
 * Check the physical plan of the statement that will run: every table it scans is one of
 * `tables` (the node's bound inputs) and every table function only generates rows.
 * A `statement` that is not a single SELECT fails here with DuckDB's parser error.
 */
export async function checkPlan(
  duck: DuckBackend,
  statement: string,
  tables: readonly string[],
  user: UserSql,
  text: string,
): Promise<void> {
  const explain = `EXPLAIN (FORMAT json) ${statement}`;
  const at = placement(explain, text);
  let plan: unknown;
  try {
    const [row] = arrowRows(await duck.query(explain));
    plan = JSON.parse(String(row?.explain_value ?? '[]'));
  } catch (err) {
    if (parseDuckError(err).type === 'Parser')
      throw new Error(
        user.as === 'expression'
          ? `Param "${user.param}": must be one expression over the input's columns (e.g. temperature > 20).`
          : `Param "${user.param}": must be exactly one SELECT query (WITH, FROM-first, VALUES, PIVOT … IN and UNPIVOT are fine); statements that change anything are refused.`,
      );
    throw userSqlError(err, user, text, at);
  }
  // DuckDB 1.4 (WASM) names a scanned table bare, 1.5 (native) as memory.main.<table>.
  const allowed = new Set(tables.flatMap((t) => [t.toLowerCase(), `memory.main.${t.toLowerCase()}`]));
  const visit = (node: PlanNode): void => {
    const info = node.extra_info ?? {};
    const table = info.Table;
    if (typeof table === 'string' && !allowed.has(table.toLowerCase()))
      throw new Error(`Param "${user.param}": reads a table that is not an input of this node.`);
    const fn = info.Function;
    if (typeof fn === 'string' && !GENERATING_FUNCTIONS.has(fn.toUpperCase()))
      throw new Error(
        `Param "${user.param}": the table function ${fn.toLowerCase()}() is not allowed here: a node reads only its inputs.`,
      );
    for (const child of node.children ?? []) visit(child);
  };
  for (const node of Array.isArray(plan) ? (plan as PlanNode[]) : [plan as PlanNode]) visit(node);
}

/** Where `text` starts inside `statement` (it is embedded verbatim, on a line of its own). */
export function placement(statement: string, text: string): Placement {
  const chars = Math.max(0, statement.indexOf(text));
  return { chars, lines: statement.slice(0, chars).split('\n').length - 1 };
}
