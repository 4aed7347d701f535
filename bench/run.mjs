// `npm run bench`: loads the TypeScript driver (bench/driver/main.ts) through Vite's module
// runner, since Node 20 cannot run TypeScript by itself. Options: --quick (small sizes),
// --only=ingest,transform,train,e2e,responsiveness,canvas, --no-build.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

// Native DuckDB is the reference for the limit, but not a locked dependency (its bindings for
// other platforms are missing from the registry, so `npm ci` would fail): fetch it on demand.
const NATIVE = '@duckdb/node-api@1.4.3-r.1';
try {
  createRequire(import.meta.url).resolve('@duckdb/node-api');
} catch {
  console.log(`Installing ${NATIVE} for the native-DuckDB baselines (not saved to package.json)…`);
  execSync(`npm install --no-save --no-audit --no-fund ${NATIVE}`, { stdio: 'inherit' });
}

const root = fileURLToPath(new URL('..', import.meta.url));
const { module } = await runnerImport(fileURLToPath(new URL('./driver/main.ts', import.meta.url)), {
  root,
  configFile: false,
  logLevel: 'warn',
});
// Ctrl-C: exit through 'exit' handlers, which stop the preview servers the driver started.
process.once('SIGINT', () => process.exit(130));
process.exitCode = await module.main(process.argv.slice(2));
