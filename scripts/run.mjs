/**
 * Runs a command of package.json (`npm run parse`, `import`, `user:add` …):
 *
 *   node scripts/run.mjs NAME [ARGS...]        (NAME: a script of scripts/NAME.ts)
 *
 * dist/NAME.mjs, the bundle `npm run build` made, when it was built from the sources as they are
 * now (dist/build-stamp.json): node alone runs it, no devDependency is needed. Otherwise
 * scripts/NAME.ts through tsx, so a change to the sources takes effect at once during development;
 * and where tsx is not installed (`npm ci --omit=dev`) the bundle all the same, with a warning
 * that it is older than the sources. The command runs in this process (its exit code and output
 * are its own); node options (`--max-semi-space-size`) go before scripts/run.mjs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readStamp, sourceFingerprint } from './build-stamp.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// lib/root.ts: the files the command reads are found from here, whatever the working directory.
process.env.GONGKAI_ROOT ||= ROOT;
// Code that knows only the working directory (the PDF worker's boot file) finds the root too.
process.chdir(ROOT);

const [name, ...args] = process.argv.slice(2);
if (!name || !/^[\w-]+$/.test(name)) {
  console.error('run: error: usage: node scripts/run.mjs NAME [ARGS...]');
  process.exit(2);
}
const bundle = join(ROOT, 'dist', `${name}.mjs`);
const source = join(ROOT, 'scripts', `${name}.ts`);

/** tsx's loader registered in this process, or false when tsx is not installed. */
async function registerTsx() {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    return true;
  } catch (err) {
    if (err.code === 'ERR_MODULE_NOT_FOUND') return false;
    throw err;
  }
}

let entry;
if (existsSync(bundle) && readStamp(ROOT)?.fingerprint === sourceFingerprint(ROOT)) entry = bundle;
else if (existsSync(source) && (await registerTsx())) entry = source;
else if (existsSync(bundle)) {
  console.error(
    `run: warning: dist/${name}.mjs is older than the sources and tsx is not installed to run them: running it all the same (npm run build updates it)`,
  );
  entry = bundle;
} else {
  console.error(
    existsSync(source)
      ? `run: error: scripts/${name}.ts needs a build (npm run build) or tsx (a devDependency: npm install)`
      : `run: error: no command ${name} (scripts/${name}.ts)`,
  );
  process.exit(2);
}
// The command reads its arguments from process.argv, as if node had been started on it.
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);
