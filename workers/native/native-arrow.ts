import { type DuckDBResultReader, DuckDBTypeId } from '@duckdb/node-api';
import {
  Bool,
  type DataType,
  Float32,
  Float64,
  makeVector,
  Table,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';

// Numbers, and timestamps and dates as epoch ms, as DuckDB-WASM's Arrow results give them
// to the engine (it opens DuckDB with castBigIntToDouble).
const DOUBLE_TYPES = new Set<number>([
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
  DuckDBTypeId.DATE,
]);

const isMissing = (v: unknown): v is null | undefined => v === null || v === undefined;

/** Nested values (lists, structs) as JSON text; bigints as numbers. */
function text(v: unknown): string {
  if (typeof v === 'object' && v !== null && !(v instanceof Date))
    return JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
  return String(v);
}

/** An Arrow vector for one result column, typed as DuckDB-WASM would give it to the engine. */
function toVector(type: number, values: unknown[]): Vector {
  const hasNull = values.some(isMissing);
  const numeric = (ArrayType: Float32ArrayConstructor | Float64ArrayConstructor, arrow: DataType) => {
    const nums = values.map((v) => (isMissing(v) ? null : v instanceof Date ? v.getTime() : Number(v)));
    return hasNull ? vectorFromArray(nums, arrow) : makeVector(ArrayType.from(nums as number[]));
  };
  if (type === DuckDBTypeId.FLOAT) return numeric(Float32Array, new Float32());
  if (DOUBLE_TYPES.has(type)) return numeric(Float64Array, new Float64());
  if (type === DuckDBTypeId.BOOLEAN)
    return vectorFromArray(
      values.map((v) => (isMissing(v) ? null : Boolean(v))),
      new Bool(),
    );
  return vectorFromArray(
    values.map((v) => (isMissing(v) ? null : text(v))),
    new Utf8(),
  );
}

/**
 * A native result as the Arrow table the engine reads (workers/arrow-rows.ts, the FLOAT
 * matrices of sql-api.ts). Node's bindings give JS values, not Arrow buffers, so the
 * engine's results (stats, schemas, feature matrices) are rebuilt here column by column.
 */
export function readerToArrow(reader: DuckDBResultReader): Table {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const columns = reader.getColumnsJS();
  if (!names.length) return new Table();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, i) => {
    vectors[name] = toVector(types[i]?.typeId ?? DuckDBTypeId.VARCHAR, (columns[i] ?? []) as unknown[]);
  });
  return new Table(vectors);
}
