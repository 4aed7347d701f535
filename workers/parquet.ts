import initParquet, { readParquet, Table as WasmTable, writeParquet } from 'parquet-wasm/esm';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

// DuckDB-WASM's parquet extension would be downloaded; parquet-wasm is bundled instead.
let ready: Promise<unknown> | undefined;
function init(): Promise<unknown> {
  ready ??= initParquet({ module_or_path: parquetWasm });
  return ready;
}

/** Parquet bytes → Arrow IPC stream (what DuckDB's insertArrowFromIPCStream takes). */
export async function readParquetToIpc(bytes: Uint8Array, name = 'the file'): Promise<Uint8Array> {
  await init();
  try {
    return readParquet(bytes, { batchSize: 300_000 }).intoIPCStream();
  } catch (err) {
    throw new Error(
      `Not a readable Parquet file ("${name}"): ${String(err instanceof Error ? err.message : err).slice(0, 300)}`,
    );
  }
}

/** Arrow IPC stream → Parquet bytes (ZSTD). */
export async function writeParquetFromIpc(ipc: Uint8Array): Promise<Uint8Array> {
  await init();
  try {
    return writeParquet(WasmTable.fromIPCStream(ipc));
  } catch (err) {
    throw new Error(
      `Could not write this table as Parquet (${String(err instanceof Error ? err.message : err).slice(0, 200)}): download it as CSV instead.`,
    );
  }
}
