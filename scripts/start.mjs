/**
 * `npm start`: serves the production build, building it first only when there is none or it is
 * stale (scripts/build-stamp.mjs decides: the stamp of the last build against the sources now).
 * Then applies the migrations and seeds an empty database (dist/prestart.mjs), then serves
 * (scripts/serve.mjs, in this process: its arguments and environment are this one's).
 *
 *   node scripts/start.mjs [-p PORT] [-H HOSTNAME]
 *
 * Plain JavaScript, and only bundles at run time: after `npm ci --omit=dev` (no tsx, no
 * TypeScript, no build tools) an existing build serves. Where the build tools are missing a stale
 * build is served with a warning, and a missing one is an error naming what to run.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDecision, buildOnDisk, readStamp, sourceFingerprint } from './build-stamp.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
process.env.GONGKAI_ROOT ||= ROOT;

/** Whether esbuild and Next's build dependencies (TypeScript, Tailwind) are installed. */
function canBuild() {
  const require = createRequire(import.meta.url);
  try {
    for (const tool of ['esbuild', 'typescript', '@tailwindcss/postcss']) require.resolve(tool);
    return true;
  } catch {
    return false;
  }
}

function run(what, file, args = []) {
  const r = spawnSync(process.execPath, [file, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`start: error: ${what} failed (${r.signal ?? `exit code ${r.status}`})`);
    process.exit(1);
  }
}

const decision = buildDecision({ stamp: readStamp(ROOT), fingerprint: sourceFingerprint(ROOT), haveBuild: buildOnDisk(ROOT), canBuild: canBuild() });
if (decision.action === 'fail') {
  console.error(`start: error: ${decision.reason}`);
  process.exit(1);
}
if (decision.action === 'serve-stale') console.error(`start: warning: ${decision.reason}`);
if (decision.action === 'build') {
  console.log(`start: building (${decision.reason})`);
  run('npm run build', join(ROOT, 'scripts', 'build.mjs'));
}
run('preparing the database (dist/prestart.mjs)', join(ROOT, 'dist', 'prestart.mjs'));
await import('./serve.mjs');
