import initParquet, { readParquet, Table as WasmTable, writeParquet } from 'parquet-wasm/esm';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

// DuckDB-WASM's parquet extension would be downloaded; parquet-wasm is bundled instead.
let ready: Promise<unknown> | undefined;
function init(): Promise<unknown> {
  ready ??= initParquet({ module_or_path: parquetWasm });
  return ready;
}

/** Parquet bytes → Arrow IPC stream (what DuckDB's insertArrowFromIPCStream takes). */
export async function readParquetToIpc(bytes: Uint8Array): Promise<Uint8Array> {
  await init();
  try {
    return readParquet(bytes, { batchSize: 300_000 }).intoIPCStream();
  } catch (err) {
    throw new Error(`Not a readable Parquet file: ${String(err instanceof Error ? err.message : err)}`);
  }
}

/** Arrow IPC stream → Parquet bytes (ZSTD). */
export async function writeParquetFromIpc(ipc: Uint8Array): Promise<Uint8Array> {
  await init();
  return writeParquet(WasmTable.fromIPCStream(ipc));
}
