/**
 * `npm run build`: everything `npm start` and the commands run, made once so that nothing at run
 * time needs a devDependency (tsx, TypeScript):
 * 1. `next build` (the dashboard, into .next/);
 * 2. the command-line scripts and the two worker threads, each bundled by esbuild into one
 *    dist/NAME.mjs that node runs alone (the packages in `dependencies` stay imports, resolved
 *    from node_modules at run time; everything else is inside the bundle);
 * 3. dist/build-stamp.json, the fingerprint of the sources built (scripts/build-stamp.mjs), last:
 *    a build that fails or is interrupted leaves no stamp, and `npm start` builds again.
 *
 *   node scripts/build.mjs [--scripts-only]      (--scripts-only: steps 2 and 3, for a quick rebuild of the commands)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFingerprint, STAMP_FILE } from './build-stamp.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The commands of package.json run through scripts/run.mjs, and the worker threads they start. */
export const COMMANDS = [
  'parse',
  'import',
  'harvest',
  'prestart',
  'migrate',
  'db-refresh',
  'user-add',
  'units-import',
  'bench-parse',
  'bench-store',
  'bench-harvest',
];
const WORKERS = { 'parse-worker': 'db/parse-worker.ts', 'pdf-worker': 'lib/source/pdf-worker.ts' };

function fail(message) {
  console.error(`build: error: ${message}`);
  process.exit(1);
}

async function bundleScripts() {
  const { build } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const entryPoints = [
    ...COMMANDS.map((name) => ({ in: join(ROOT, 'scripts', `${name}.ts`), out: name })),
    ...Object.entries(WORKERS).map(([out, file]) => ({ in: join(ROOT, file), out })),
  ];
  await build({
    entryPoints,
    outdir: join(ROOT, 'dist'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // No code splitting: each bundle is one file, so import.meta.url in it is dist/NAME.mjs and the
    // workers it starts (new URL('./parse-worker.mjs', import.meta.url)) are its siblings.
    splitting: false,
    external: Object.keys(pkg.dependencies ?? {}),
    // CommonJS code inside the bundle may call require (the ESM output has none of its own).
    banner: { js: "import { createRequire as __gongkaiCreateRequire } from 'node:module'; const require = __gongkaiCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

const scriptsOnly = process.argv.includes('--scripts-only');
// From nothing: an interrupted build leaves no stamp (and no bundles of older sources).
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
if (!scriptsOnly) {
  const next = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const r = spawnSync(process.execPath, [next, 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail(`next build failed (${r.signal ?? `exit code ${r.status}`})`);
}
try {
  await bundleScripts();
} catch (err) {
  fail(`bundling the scripts: ${err.message.split('\n')[0]}`);
}
// After next build, which may rewrite tsconfig.json and next-env.d.ts.
writeFileSync(join(ROOT, STAMP_FILE), JSON.stringify({ fingerprint: sourceFingerprint(ROOT), scriptsOnly }, null, 2) + '\n');
console.log(`build: .next/ and dist/ (${COMMANDS.length} commands, ${Object.keys(WORKERS).length} worker threads) are current`);
