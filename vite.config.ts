/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The Content-Security-Policy of the built app: it may talk to its own origin only, the
 * browser-level backstop behind "no data leaves the machine".
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * DuckDB's worker alone may also evaluate strings: DuckDB-WASM reports a statement's progress
 * through an embind method caller that it builds with `new Function` (once per worker).
 * Everything else is the app's policy, so that worker still cannot reach another origin.
 */
const DUCKDB_WORKER_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self' 'wasm-unsafe-eval'",
  "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
);
/** DuckDB-WASM's worker scripts as Vite emits them (`assets/duckdb-browser-eh.worker-<hash>.js`). */
const DUCKDB_WORKER_SCRIPT = /\/assets\/duckdb-browser-[a-z]+\.worker-[\w-]+\.js(\?.*)?$/;

/**
 * The policy goes out three ways. A `<meta>` in index.html covers the page on any host, but
 * a worker takes its policy from its own script's response header, never from the page, so
 * the DuckDB, engine and training workers are only covered by a header: `vite preview` sends
 * it on every response, and `dist/_headers` (Netlify / Cloudflare Pages format) asks static
 * hosts to. Dev mode skips it because Vite's HMR preamble is an inline script.
 */
function contentSecurityPolicy(): Plugin[] {
  return [
    {
      name: 'pipewright-csp',
      apply: 'build',
      transformIndexHtml: (html) =>
        html.replace(
          '<head>',
          `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
        ),
      generateBundle() {
        // A host that joins both matching rules' headers (Cloudflare Pages does) gives the
        // DuckDB worker both policies, the stricter wins, and the engine, seeing it, leaves
        // DuckDB's progress off: SQL steps then show their time only. Never less safe.
        this.emitFile({
          type: 'asset',
          fileName: '_headers',
          source: `/*\n  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n/assets/duckdb-browser-*\n  Content-Security-Policy: ${DUCKDB_WORKER_POLICY}\n`,
        });
      },
    },
    {
      name: 'pipewright-csp-preview',
      apply: (_config, env) => env.isPreview === true,
      configurePreviewServer: (server) => {
        server.middlewares.use((req, res, next) => {
          const duckWorker = DUCKDB_WORKER_SCRIPT.test(req.url ?? '');
          res.setHeader(
            'Content-Security-Policy',
            duckWorker ? DUCKDB_WORKER_POLICY : CONTENT_SECURITY_POLICY,
          );
          next();
        });
      },
    },
  ];
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'],
    entries: ['index.html', 'workers/*.worker.ts'],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  preview: { port: 4173, strictPort: true },
  test: {
    include: [
      'src/**/*.test.ts',
      'workers/**/*.test.ts',
      'scripts/**/*.test.ts',
      'cli/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
