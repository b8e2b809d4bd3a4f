import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // The marker that keeps server modules out of client bundles; route tests import them in Node.
      'server-only': fileURLToPath(new URL('node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'lib/**/*.test.ts', 'db/**/*.test.ts'],
    // Browser tests need a production build: `npm run test:e2e` (part of `npm test`).
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Hang guards, not speed limits: a test on a busy machine may take many times its usual time.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
