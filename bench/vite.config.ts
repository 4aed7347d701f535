import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The benchmark page: its own build (into bench/.cache, never dist/) so the production app
 * build is unaffected. It loads the real engine worker from workers/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./page', import.meta.url)),
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('./.cache/page-dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
  },
  preview: { port: 4273, strictPort: true },
});
