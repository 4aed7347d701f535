import { encodeFileName } from './internal-names';

/** Where user files are registered in DuckDB's virtual file system. */
export const FILES_DIR = '/pipewright/files/';

/**
 * The DuckDB path of an uploaded file: its name encoded so that no two names share a path
 * (`x/y.csv` and `x_y.csv`, `A.csv` and `a.csv`) and none leaves the folder (`../`).
 */
export function filePath(name: string, dir = FILES_DIR): string {
  return `${dir}${encodeFileName(name)}`;
}

/**
 * Statements that close DuckDB to everything but the app's own files: no URLs, no local
 * paths, no extension downloads, and a locked configuration so user SQL cannot reopen it.
 * User SQL can only ever run as a subquery (see sql-api.ts), so it cannot SET, ATTACH or
 * COPY at all; this is the second wall. `exportDir` is where the engine writes downloads.
 */
export function lockdownStatements(exportDir: string, filesDir = FILES_DIR): string[] {
  return [
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    `SET allowed_directories = [${[filesDir, exportDir].map((d) => `'${d.replaceAll("'", "''")}'`).join(', ')}]`,
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ];
}

/** Make DuckDB's permission errors say what the user can do instead. */
export function explainSqlError(message: string): string {
  if (/file system operations are disabled|Cannot access file/.test(message))
    return `Reading files or URLs from SQL is not allowed: data never leaves or enters the engine except through ingest nodes. Upload the file and connect its node instead. (${message.split('\n')[0]})`;
  if (/exists in the \w+ extension|Extension .* not found|autoload/i.test(message))
    return `This needs a DuckDB extension, which would be downloaded; Pipewright works offline. (${message.split('\n')[0]})`;
  if (/Out of Memory Error/i.test(message)) {
    const limit = /\/\s*([\d.]+ \w+) used\)/.exec(message)?.[1];
    return `Out of memory: this needs more than the ${limit ?? 'memory'} DuckDB can hold in this browser tab. Tables are kept in memory here (nothing spills to disk): use a smaller or sampled file, or keep fewer rows and columns early in the pipeline. (${message.split('\n')[0]})`;
  }
  return message;
}
