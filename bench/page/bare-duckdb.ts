import * as duckdb from '@duckdb/duckdb-wasm';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';

/**
 * Bare DuckDB-WASM, the same bundle the engine uses, with nothing around it: one
 * `CREATE TABLE … AS SELECT * FROM read_csv(…)` over the same registered File. The engine's
 * ingest time divided by this is the engine's own overhead.
 */
let connection: Promise<{ db: duckdb.AsyncDuckDB; conn: duckdb.AsyncDuckDBConnection }> | undefined;
const registered = new Set<string>();

function connect() {
  connection ??= (async () => {
    const bundle = await duckdb.selectBundle({
      mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
      eh: { mainModule: ehWasm, mainWorker: ehWorker },
    });
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker as string));
    await db.instantiate(bundle.mainModule);
    await db.open({ query: { castBigIntToDouble: true } });
    return { db, conn: await db.connect() };
  })();
  return connection;
}

/** ms to read `file` into a table, and the rows read. */
export async function bareReadCsv(file: File): Promise<{ ms: number; rows: number }> {
  const { db, conn } = await connect();
  const path = `bench_${file.name.replace(/[^\w.-]/g, '_')}`;
  if (!registered.has(path)) {
    await db.registerFileHandle(path, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    registered.add(path);
  }
  const t0 = performance.now();
  await conn.query(`CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('${path}')`);
  const ms = performance.now() - t0;
  const rows = Number((await conn.query('SELECT count(*) AS n FROM t')).get(0)?.toJSON().n ?? 0);
  await conn.query('DROP TABLE t');
  return { ms, rows };
}
