import Papa from 'papaparse';

/**
 * The JS baseline for CSV ingest: PapaParse with typed parsing (dynamicTyping, header
 * row) in a Web Worker. With `keep`, the parsed rows stay in memory until the end, as the
 * engine's table does (the measured baseline); without it each chunk is dropped once
 * counted (shown for reference: parsing alone).
 */
self.onmessage = (m: MessageEvent<{ file: File; keep: boolean }>) => {
  let rows = 0;
  let fields = 0;
  let errors = 0;
  let kept: unknown[][] = [];
  Papa.parse<Record<string, unknown>>(m.data.file, {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
    chunk(result) {
      rows += result.data.length;
      errors += result.errors.length;
      if (!fields) fields = result.meta.fields?.length ?? 0;
      if (m.data.keep) kept.push(result.data);
    },
    complete() {
      self.postMessage({ rows, fields, errors });
      kept = [];
    },
    error(err) {
      self.postMessage({ rows, fields, errors, error: err.message });
    },
  });
};
