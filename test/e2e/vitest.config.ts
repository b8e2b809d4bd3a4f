/**
 * Browser tests: a production build, the production server (scripts/serve.mjs) on a seeded database, Debian's Chromium driven
 * by playwright-core. `npm run test:e2e`.
 */
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('../..', import.meta.url)) } },
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['scripts/e2e.ts'],
    // A hang guard, not a speed limit (the browser waits in the tests have none of their own).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
