// GBDT training/prediction time and quality against scikit-learn's HistGradientBoosting at
// 1 thread, on the same generated data (written as CSV for Python). `npm run bench` has these
// rows (its "9 ML" section); this is the quick standalone check. Needs Debian's python3-sklearn.
// Options: --rows=N, --only=binary|regression.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const { module } = await runnerImport(fileURLToPath(new URL('./gbdt-bench.ts', import.meta.url)), {
  configFile: false,
  logLevel: 'warn',
});
process.exitCode = module.main(process.argv.slice(2));
