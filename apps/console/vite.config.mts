// `npm run build` builds the console into dist/console, which the API serves at `/`.
// `npm run dev:console` serves it with hot reload and passes /api, /docs and /health to a running API
// (CASEFLOW_API_URL, default http://localhost:3000).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const api = process.env.CASEFLOW_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // Ant Design's "use client" markers mean nothing outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(['/api', '/docs', '/health'].map((path) => [path, { target: api }])),
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
