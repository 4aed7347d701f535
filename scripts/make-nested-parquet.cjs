// Writes e2e/data/nested.parquet: LIST, STRUCT and MAP columns and a time-zone timestamp,
// made by DuckDB-WASM (Node build) and written by parquet-wasm, the app's own Parquet code.
// Run: node scripts/make-nested-parquet.cjs
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const duckdb = require('@duckdb/duckdb-wasm/blocking');
const { tableToIPC } = require('apache-arrow');
const parquet = require('parquet-wasm/node');

async function main() {
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/blocking'));
  const db = await duckdb.createDuckDB(
    { mvp: { mainModule: `${dist}/duckdb-mvp.wasm` }, eh: { mainModule: `${dist}/duckdb-eh.wasm` } },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open({});
  const conn = db.connect();
  const table = conn.query(`
    SELECT i::INTEGER AS id,
      (TIMESTAMP '2024-03-01 10:00:00' + to_minutes(i * 2))::TIMESTAMPTZ AS ts,
      (20 + i)::DOUBLE AS temp,
      [i, i * 10]::BIGINT[] AS tags,
      {'x': i, 'label': 'p' || i} AS info,
      MAP {'k' || i: i} AS attrs
    FROM range(1, 6) r(i)`);
  const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')));
  writeFileSync(path.join(__dirname, '..', 'e2e', 'data', 'nested.parquet'), bytes);
  console.log(`nested.parquet: ${bytes.length} bytes`);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
