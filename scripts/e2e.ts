/**
 * Browser-test harness (Vitest global setup for test/e2e): builds the app (`next build`), seeds a
 * fresh SQLite file from data/samples through the real import, starts the production server
 * (`npm start`'s scripts/serve.mjs) on a free port with DATABASE_URL pointing at it, and hands
 * the URL to the tests. Stops the server afterwards.
 *
 * - Chromium: /usr/bin/chromium (Debian's package), or CHROMIUM_PATH. Without it the tests skip
 *   with a message — except in CI (CI=true), where a missing browser is an error.
 * - E2E_SKIP_BUILD=1 reuses an existing production build (.next/BUILD_ID); E2E_SERVER_LOG=FILE
 *   keeps the server's output.
 * - E2E_BASE_URL=http://host:port tests an already running server (no build, no seeding).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildDecision, buildOnDisk, readStamp, sourceFingerprint } from './build-stamp.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { baseUrl: string | null; skip: string | null; dbPath: string | null };
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  let last = '';
  while (Date.now() - t0 < timeoutMs) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${url} did not become ready: ${last}`);
}

/**
 * `npm run build` in the project root (the Next.js build and the bundles the server's PDF worker
 * runs, scripts/build.mjs), skipped when the build on disk was made from the sources as they are,
 * or with E2E_SKIP_BUILD=1 when a build exists.
 */
export function buildApp(): void {
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(join(ROOT, '.next', 'BUILD_ID'))) return;
  const current = { stamp: readStamp(ROOT), fingerprint: sourceFingerprint(ROOT), haveBuild: buildOnDisk(ROOT), canBuild: true };
  if (buildDecision(current).action === 'serve') return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/** A fresh database seeded with the sample reports through the real import path. */
export async function seedDatabase(dbPath: string, dirs = [join(ROOT, 'data', 'samples')]): Promise<number> {
  const { openDb } = await import('../db/client');
  const { collectFiles, importFiles } = await import('../db/import');
  const db = await openDb(dbPath);
  try {
    const { files } = await collectFiles(dirs);
    const out = await importFiles(db, files);
    const failed = out.filter((o) => o.outcome === 'failed');
    if (failed.length) throw new Error(`sample import failed: ${failed.map((f) => `${f.file}: ${f.reason}`).join('; ')}`);
    return out.length;
  } finally {
    await db.close();
  }
}

export interface RunningApp {
  url: string;
  /** The server's process group (its CPU time can be read from /proc). */
  pid: number | undefined;
  stop: () => Promise<void>;
}

/**
 * The production server of `npm start` (scripts/serve.mjs: one Next.js process per core) on a
 * free port against the given database (a SQLite file, or a `file:`/`postgres://` URL).
 */
export async function startApp(database: string, port?: number): Promise<RunningApp> {
  const p = port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts', 'serve.mjs'), '-p', String(p), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: /^(file:|postgres(ql)?:\/\/)/.test(database) ? database : `file:${database}`,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  // E2E_SERVER_LOG=FILE keeps the server's output (its errors, when a test sees a 500).
  const keep = process.env.E2E_SERVER_LOG;
  const collect = (d: Buffer) => {
    log += d;
    if (keep) appendFileSync(keep, d);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${p}`;
  try {
    await waitFor(`${url}/api/places`, 60_000);
  } catch (e) {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    throw new Error(`${(e as Error).message}\n${log}`);
  }
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null || !child.pid) return res();
        child.once('exit', () => res());
        // The server was started in its own process group: stop exactly that group.
        process.kill(-child.pid, 'SIGTERM');
        setTimeout(() => {
          if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
        }, 5000).unref();
      }),
  };
}

/** Vitest global setup. */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI)
      throw new Error(`Chromium not found at ${CHROMIUM}: the browser tests must run in CI (apt-get install chromium fonts-wqy-microhei)`);
    const reason = `跳过浏览器测试：未找到 ${CHROMIUM}（apt-get install chromium fonts-wqy-microhei，或设置 CHROMIUM_PATH）/ browser tests skipped: no Chromium at ${CHROMIUM}`;
    console.warn(`\n${reason}\n`);
    project.provide('e2e', { baseUrl: null, skip: reason, dbPath: null });
    return;
  }
  if (process.env.E2E_BASE_URL) {
    project.provide('e2e', { baseUrl: process.env.E2E_BASE_URL.replace(/\/$/, ''), skip: null, dbPath: null });
    return;
  }
  buildApp();
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-e2e-'));
  const dbPath = join(dir, 'e2e.db');
  await seedDatabase(dbPath);
  const app = await startApp(dbPath);
  project.provide('e2e', { baseUrl: app.url, skip: null, dbPath });
  return async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
