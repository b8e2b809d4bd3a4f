/**
 * What `npm start` needs to know about the build: a fingerprint of the sources it was made from,
 * written at the end of `npm run build` (dist/build-stamp.json), and the decision whether the
 * build on disk can be served as it is. Plain JavaScript: `npm start` and the script runner
 * (scripts/run.mjs) use it under node alone, where no TypeScript loader is installed.
 *
 * The fingerprint hashes file contents, not modification times: a checkout copied without its
 * times (cp, rsync without -t, a container layer) is still the same build, and a `git checkout`
 * that touches files without changing them does not force a rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The folders and files a build is made from (the app, the command-line scripts and their configuration). */
export const BUILD_INPUTS = [
  'app',
  'components',
  'db',
  'lib',
  'server',
  'scripts',
  'public',
  'proxy.ts',
  'next.config.mjs',
  'postcss.config.mjs',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
];

/** Tests and type declarations live among the sources but are no part of a build. */
const NOT_BUILT = /\.test\.tsx?$|\.d\.m?ts$/;

/** The files under `root` a build is made from, as sorted paths relative to `root` with '/' separators. */
export function buildInputFiles(root) {
  const files = [];
  const walk = (p) => {
    let entries;
    try {
      entries = readdirSync(p, { withFileTypes: true });
    } catch {
      // A file, or missing (public/ is optional).
      if (existsSync(p)) files.push(relative(root, p).split(sep).join('/'));
      return;
    }
    for (const e of entries) {
      const q = join(p, e.name);
      if (e.isDirectory()) walk(q);
      else if (e.isFile() && !NOT_BUILT.test(e.name)) files.push(relative(root, q).split(sep).join('/'));
    }
  };
  for (const input of BUILD_INPUTS) walk(join(root, input));
  return files.sort();
}

/** SHA-256 over the names and contents of the build's input files: equal sources, equal fingerprint. */
export function sourceFingerprint(root) {
  const hash = createHash('sha256');
  for (const file of buildInputFiles(root)) {
    hash.update(file).update('\0');
    hash.update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

export const STAMP_FILE = join('dist', 'build-stamp.json');

/** Whether a build is on disk: the Next.js build and the bundles `npm start` and the server run. */
export function buildOnDisk(root) {
  return ['.next/BUILD_ID', 'dist/prestart.mjs', 'dist/pdf-worker.mjs'].every((f) => existsSync(join(root, f)));
}

/** The stamp of the last complete build, or null when there is none (or it cannot be read). */
export function readStamp(root) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8'));
    return typeof stamp?.fingerprint === 'string' ? stamp : null;
  } catch {
    return null;
  }
}

/**
 * Whether to serve the build on disk or build first. Pure: every fact comes in `state`.
 *   state.stamp        the stamp of the last complete build (readStamp), or null
 *   state.fingerprint  the fingerprint of the sources now (sourceFingerprint)
 *   state.haveBuild    the Next.js build (.next/BUILD_ID) and the script bundles are on disk
 *   state.canBuild     the build tools are installed (not so after `npm ci --omit=dev`)
 * Returns { action: 'serve' | 'build' | 'serve-stale' | 'fail', reason }.
 */
export function buildDecision({ stamp, fingerprint, haveBuild, canBuild }) {
  if (!haveBuild || !stamp) {
    const reason = !haveBuild ? 'no build' : 'no build stamp (the last build did not finish)';
    return canBuild
      ? { action: 'build', reason }
      : { action: 'fail', reason: `${reason}, and the build tools are not installed: run npm run build where the devDependencies are` };
  }
  if (stamp.fingerprint === fingerprint) return { action: 'serve', reason: 'the build is current' };
  const reason = 'the sources changed since the last build';
  return canBuild
    ? { action: 'build', reason }
    : { action: 'serve-stale', reason: `${reason}, and the build tools are not installed: serving the last build` };
}
