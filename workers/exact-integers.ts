import { DataType, Int64, makeData, makeVector, Table, tableToIPC, Uint64, type Vector } from 'apache-arrow';
import { quoteIdent } from '../src/nodes/sql-util';
import { arrowRows } from './arrow-rows';
import { isNestedType } from './column-sql';
import type { DuckBackend } from './duck-backend';

/**
 * DuckDB-WASM runs with `castBigIntToDouble` (JavaScript numbers everywhere in the engine),
 * which rounds a BIGINT past 2^53 (9007199254740993 arrives as …992) and garbles BIGINT
 * inside lists and structs (their bits read as doubles: 1 arrives as 5e-324). Parquet
 * downloads, saved datasets and kept results are written from Arrow results, so before this
 * they carried the rounding and the garbage (and BIGINT became DOUBLE). This rewrites such a
 * SELECT so every value arrives exact:
 * - a BIGINT / UBIGINT column becomes a 64-bit integer vector again, so the file has INT64 /
 *   UINT64, as native DuckDB's COPY writes: straight from the doubles when every value is a
 *   safe integer (exact then), else read as DuckDB's text for it;
 * - BIGINT / UBIGINT inside a nested type become DECIMAL(20,0) there (exact, 20 digits hold
 *   both ranges), which DuckDB-WASM hands over exactly.
 */
export interface ExactIntegerPlan {
  select: string;
  /** Columns read as text that become 64-bit integers again (restoreIntegers). */
  integers: Map<string, 'BIGINT' | 'UBIGINT'>;
}

const INT64 = /^(BIGINT|UBIGINT)$/;

/** `type` with BIGINT / UBIGINT outside quoted names and enum labels as DECIMAL(20,0). */
export function widenNestedIntegers(type: string): string {
  return type
    .split(/("(?:[^"]|"")*"|'(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\b(?:U?BIGINT)\b/g, 'DECIMAL(20,0)')))
    .join('');
}

/**
 * `select` rewritten so its values arrive exact; with `integersAsText` false the 64-bit
 * integer columns are left as they are (doubles), for `fromSafeDoubles` to try first.
 */
export function exactIntegerSelect(
  select: string,
  columns: readonly { name: string; type: string }[],
  integersAsText = true,
): ExactIntegerPlan {
  const integers = new Map<string, 'BIGINT' | 'UBIGINT'>();
  let changed = false;
  const exprs = columns.map((c) => {
    const q = quoteIdent(c.name);
    if (INT64.test(c.type)) {
      integers.set(c.name, c.type as 'BIGINT' | 'UBIGINT');
      if (!integersAsText) return q;
      changed = true;
      return `${q}::VARCHAR AS ${q}`;
    }
    if (isNestedType(c.type)) {
      const wide = widenNestedIntegers(c.type);
      if (wide !== c.type) {
        changed = true;
        return `${q}::${wide} AS ${q}`;
      }
    }
    return q;
  });
  if (!changed) return { select, integers };
  return { select: `SELECT ${exprs.join(', ')} FROM (${select})`, integers };
}

/**
 * Text of integers → a 64-bit integer vector, built from typed arrays: Arrow's builders
 * (`vectorFromArray`) generate code with `new Function`, which the engine worker's policy
 * refuses.
 */
function integerVector(
  values: Vector,
  kind: 'BIGINT' | 'UBIGINT',
  accept: (value: number) => boolean = () => true,
): Vector | undefined {
  const length = values.length;
  const data = kind === 'BIGINT' ? new BigInt64Array(length) : new BigUint64Array(length);
  const valid = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  let i = 0;
  for (const value of values as Iterable<string | number | null>) {
    if (value === null) nullCount++;
    else {
      if (typeof value === 'number' && !accept(value)) return undefined;
      data[i] = BigInt(value);
      valid[i >> 3] = (valid[i >> 3] ?? 0) | (1 << (i & 7));
    }
    i++;
  }
  const type = kind === 'BIGINT' ? new Int64() : new Uint64();
  return makeVector(makeData({ type, length, nullCount, data, nullBitmap: nullCount ? valid : undefined }));
}

/**
 * `table` with the 64-bit integer columns `integers` names, which arrived as doubles, as
 * integer vectors: exact when every value is a safe integer (|v| < 2^53), else undefined
 * (a value may have been rounded; read them as text instead). The common case, and ~3× cheaper
 * than text.
 */
export function fromSafeDoubles(table: Table, integers: ExactIntegerPlan['integers']): Table | undefined {
  return withIntegerColumns(table, integers, (vector, kind) =>
    DataType.isFloat(vector.type) ? integerVector(vector, kind, Number.isSafeInteger) : vector,
  );
}

/** `table` with the columns `integers` names, read as text, back as 64-bit integer vectors. */
export function restoreIntegers(table: Table, integers: ExactIntegerPlan['integers']): Table {
  if (integers.size === 0) return table;
  return withIntegerColumns(table, integers, (vector, kind) => integerVector(vector, kind)) as Table;
}

/** `table` with each column `integers` names replaced by `rebuild`'s vector; undefined if one gives none. */
function withIntegerColumns(
  table: Table,
  integers: ExactIntegerPlan['integers'],
  rebuild: (vector: Vector, kind: 'BIGINT' | 'UBIGINT') => Vector | undefined,
): Table | undefined {
  const columns: Record<string, Vector> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    if (!vector) continue;
    const kind = integers.get(field.name);
    const column = kind ? rebuild(vector, kind) : vector;
    if (!column) return undefined;
    columns[field.name] = column;
  }
  return new Table(columns);
}

type Duck = Pick<DuckBackend, 'query' | 'insertArrow'>;

/** The columns a SELECT gives, as DuckDB names and types them. */
export async function describeSelect(duck: Duck, select: string): Promise<{ name: string; type: string }[]> {
  return arrowRows(await duck.query(`DESCRIBE SELECT * FROM (${select})`)).map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));
}

/** The rows of `select` as Arrow, every value exact (64-bit integers as such, see above). */
export async function exactResult(duck: Duck, select: string): Promise<Table> {
  const columns = await describeSelect(duck, select);
  const fast = exactIntegerSelect(select, columns, false);
  const result = await duck.query(fast.select);
  if (fast.integers.size === 0) return result;
  const rebuilt = fromSafeDoubles(result, fast.integers);
  if (rebuilt) return rebuilt;
  const plan = exactIntegerSelect(select, columns);
  return restoreIntegers(await duck.query(plan.select), plan.integers);
}

/** The whole of `table` as an Arrow IPC stream that `insertExact` turns back into the same table. */
export async function exactTableIpc(duck: Duck, table: string): Promise<Uint8Array> {
  return tableToIPC(await exactResult(duck, `SELECT * FROM ${quoteIdent(table)}`), 'stream');
}

/**
 * Create `table` from `ipc` (written by `exactTableIpc`) with the column types it was read
 * with: a nested BIGINT written as DECIMAL(20,0) is cast back. Other types are left as Arrow
 * brings them (the caller compares them).
 */
export async function insertExact(
  duck: Duck,
  ipc: Uint8Array,
  table: string,
  columns: readonly { name: string; type: string }[],
): Promise<void> {
  await duck.insertArrow(ipc, table);
  const t = quoteIdent(table);
  const now = await describeSelect(duck, `SELECT * FROM ${t}`);
  if (now.length !== columns.length || now.some((c, i) => c.name !== columns[i]?.name)) return;
  let changed = false;
  const exprs = columns.map((c, i) => {
    const q = quoteIdent(c.name);
    if (now[i]?.type === c.type || !/\bU?BIGINT\b/.test(c.type)) return q;
    changed = true;
    return `${q}::${c.type} AS ${q}`;
  });
  if (changed) await duck.query(`CREATE OR REPLACE TABLE ${t} AS SELECT ${exprs.join(', ')} FROM ${t}`);
}
