// `npm run bench`: loads the TypeScript driver (bench/driver/main.ts) through Vite's module
// runner, since Node 20 cannot run TypeScript by itself. Options: --quick (small sizes),
// --only=ingest,transform,train,e2e,responsiveness,canvas,graph,ml,big,parquet,cli-browser,
// --ml-rows=N, --big-rows=N (the CLI's large CSV; 100M by default, 1M with --quick),
// --delete-big-files (the generated inputs in os.tmpdir()/pipewright-bench), --no-build.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

// Native DuckDB (@duckdb/node-api 1.5.6, a locked dependency shared with the CLI) is the
// baseline for the limits; it installs with `npm ci`.
const root = fileURLToPath(new URL('..', import.meta.url));
const { module } = await runnerImport(fileURLToPath(new URL('./driver/main.ts', import.meta.url)), {
  root,
  configFile: false,
  logLevel: 'warn',
});
// Ctrl-C: exit through 'exit' handlers, which stop the preview servers the driver started.
process.once('SIGINT', () => process.exit(130));
process.exitCode = await module.main(process.argv.slice(2));
