import { parseArgs } from 'node:util';

/** What `pipewright run` was asked to do. */
export interface RunArgs {
  pipeline: string;
  /** Upload name (as the pipeline's ingest.file nodes name it) → path on disk. */
  files: Record<string, string>;
  out: string;
  cache?: string;
  watch: boolean;
  json: boolean;
  /** `node.field=value` overrides, in order. */
  params: string[];
  threads?: number;
  memoryLimit?: string;
  tempDirectory?: string;
}

export const USAGE = `Usage: pipewright run <file.pipeline.json> [options]

Runs a pipeline headless on native DuckDB. Export nodes write into --out, with run.json.

  --file <name>=<path>      the data file an ingest node names <name> (repeat per file)
  --out <dir>               where exports and run.json go (default: results)
  --param <node>.<field>=<value>
                            override a node's param (value as JSON, else as text; repeatable)
  --cache <dir>             keep node results on disk: a re-run recomputes only what changed
  --watch                   run again whenever an input file changes or grows
  --json                    one JSON event per line on stdout instead of the progress display
  --threads <n>             DuckDB threads (default: all cores)
  --memory-limit <size>     DuckDB memory_limit, e.g. 4GB (default: DuckDB's, 80% of RAM);
                            with it, node tables are kept compressed in a file in the temp folder
  --temp-dir <dir>          where DuckDB spills what exceeds the memory limit

Exit code 0 only when every node succeeded.`;

/** Parse the command line; throws a message (with the usage) on anything malformed. */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: 'string', multiple: true },
      out: { type: 'string' },
      param: { type: 'string', multiple: true },
      cache: { type: 'string' },
      watch: { type: 'boolean' },
      json: { type: 'boolean' },
      threads: { type: 'string' },
      'memory-limit': { type: 'string' },
      'temp-dir': { type: 'string' },
    },
  });
  const [command, pipeline, ...rest] = positionals;
  if (command !== 'run') throw new Error(`Unknown command ${JSON.stringify(command ?? '')}.`);
  if (!pipeline) throw new Error('Name the pipeline file to run.');
  if (rest.length) throw new Error(`Unexpected argument ${JSON.stringify(rest[0])}.`);
  const files: Record<string, string> = {};
  for (const spec of values.file ?? []) {
    const at = spec.indexOf('=');
    if (at <= 0 || at === spec.length - 1) throw new Error(`--file ${spec}: expected <name>=<path>.`);
    files[spec.slice(0, at)] = spec.slice(at + 1);
  }
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0))
    throw new Error(`--threads ${values.threads}: expected a positive whole number.`);
  return {
    pipeline,
    files,
    out: values.out ?? 'results',
    cache: values.cache,
    watch: values.watch ?? false,
    json: values.json ?? false,
    params: values.param ?? [],
    threads,
    memoryLimit: values['memory-limit'],
    tempDirectory: values['temp-dir'],
  };
}
