#!/usr/bin/env node
// `pipewright` (package.json "bin"): the command line is TypeScript, loaded through Vite's
// module runner, the transform Vitest already uses for the same files, so a fresh clone runs
// it after `npm install` with no build step and no second TypeScript toolchain.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const entry = fileURLToPath(new URL('./main.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'error' });
process.exitCode = await module.main(process.argv.slice(2));
