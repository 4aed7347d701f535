/** A PostgreSQL result column as DuckDB gets it: its type and how its text becomes that type. */
export interface MappedColumn {
  type: string;
  /** SQL turning the staged text column `ref` into `type`. */
  cast(ref: string): string;
}

const plain = (type: string): MappedColumn => ({
  type,
  cast: (ref) => (type === 'VARCHAR' ? ref : `CAST(${ref} AS ${type})`),
});

/** Built-in type OIDs (pg_type.oid, fixed across PostgreSQL versions) → DuckDB types. */
const BY_OID: Record<number, MappedColumn> = {
  16: plain('BOOLEAN'),
  20: plain('BIGINT'),
  21: plain('SMALLINT'),
  23: plain('INTEGER'),
  26: plain('UBIGINT'), // oid
  700: plain('FLOAT'),
  701: plain('DOUBLE'),
  1082: plain('DATE'),
  1083: plain('TIME'),
  1114: plain('TIMESTAMP'),
  // The session runs in UTC, so the text carries +00; loading makes it a plain UTC TIMESTAMP
  // as for files (workers/loaded-table.ts).
  1184: plain('TIMESTAMPTZ'),
  // bytea in PostgreSQL's hex output: \x0a1b…
  17: { type: 'BLOB', cast: (ref) => `unhex(substr(${ref}, 3))` },
};

/** DECIMAL's widest precision in DuckDB. */
const MAX_DECIMAL = 38;

/**
 * The DuckDB type for a PostgreSQL column of type `oid` with modifier `typmod`. numeric(p,s)
 * keeps its precision up to DuckDB's 38 digits, unconstrained numeric becomes DOUBLE; text,
 * varchar, char, name, json/jsonb, uuid, intervals, arrays, enums and every other type stay
 * their PostgreSQL text form (VARCHAR).
 */
export function mapPostgresType(oid: number, typmod: number): MappedColumn {
  if (oid === 1700) {
    if (typmod < 4) return plain('DOUBLE');
    const precision = ((typmod - 4) >> 16) & 0xffff;
    const scale = (typmod - 4) & 0xffff;
    return precision <= MAX_DECIMAL && scale <= precision
      ? plain(`DECIMAL(${precision}, ${scale})`)
      : plain('DOUBLE');
  }
  return BY_OID[oid] ?? plain('VARCHAR');
}
