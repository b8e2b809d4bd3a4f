import { defineConfig } from 'vitest/config';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The suites that run on PostgreSQL too (`npm run test:pg`), chosen by what they use rather than
 * by a list to keep up: every test file that takes its database from test/helpers/db.ts (testDb,
 * freshDatabaseUrl) runs on both databases. Suites that open SQLite files themselves are
 * SQLite-only by construction.
 */
function databaseSuites(dir = join(root, 'test')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'e2e' || e.name === 'fixtures' ? [] : databaseSuites(path);
    if (!e.name.endsWith('.test.ts')) return [];
    return /from '(?:\.\.?\/)+(?:test\/)?helpers\/db'/.test(readFileSync(path, 'utf8')) ? [relative(root, path)] : [];
  });
}

const onPostgres = process.env.TEST_DATABASE === 'postgres';

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // The marker that keeps server modules out of client bundles; route tests import them in Node.
      'server-only': fileURLToPath(new URL('node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    include: onPostgres ? databaseSuites() : ['test/**/*.test.ts', 'lib/**/*.test.ts', 'db/**/*.test.ts'],
    // Browser tests need a production build: `npm run test:e2e` (part of `npm test`).
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Hang guards, not speed limits: a test on a busy machine may take many times its usual time.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
