/**
 * Every repository path that README.md and docs/*.md name is a file or folder of the repository:
 * link and image targets, and the path-like words of `code` spans and fenced blocks — a word that
 * starts with a top-level folder (`lib/report/assign.ts`, `db/queries/*`), or a bare file name with
 * a source extension (`assign.ts`), which must be the name of some file. Checked against
 * `git ls-files`, so a file that exists only on this machine (a database, a build) does not count.
 * What the documents name on purpose although it is not in the repository (files the programs
 * create) is listed in NOT_IN_REPO.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Named by the documents, made by the programs at run time (or written on another branch: once it
 * is merged, the test below asks for its line to be removed).
 */
const NOT_IN_REPO = new Set([
  'data/gongkai.db', // the default SQLite database, created on first open
  'data/.auth-secret', // the generated cookie secret
  'test-results/screenshots/', // written by the browser tests
  'test-results/print/',
  'bench-out/bench.db', // written by npm run bench:store
  '.next/', // the production build
]);

/** Top-level folders that are not tracked but that documents may name (their paths must be in NOT_IN_REPO). */
const UNTRACKED_TOP = ['.next', 'test-results', 'bench-out', 'node_modules'];

const SOURCE_EXTENSION = /^[\w@+-][\w.@+-]*\.(ts|tsx|mjs|cjs|js|json|md|css|sql)$/;

interface NamedPath {
  path: string;
  line: number;
}

/** The repository paths a Markdown document names, relative to the repository root. */
function namedPaths(markdown: string, file: string, topFolders: ReadonlySet<string>): NamedPath[] {
  const out: NamedPath[] = [];
  const lineAt = (index: number) => markdown.slice(0, index).split('\n').length;
  const dir = posix.dirname(file);

  for (const m of markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith('#')) continue;
    out.push({ path: posix.normalize(posix.join(dir, target.replace(/#.*$/, ''))), line: lineAt(m.index) });
  }

  const code: { text: string; index: number }[] = [];
  const withoutFences = markdown.replace(/^```[^\n]*\n([\s\S]*?)^```/gm, (whole, body: string, index: number) => {
    code.push({ text: body, index: index + whole.indexOf('\n') + 1 });
    return whole.replace(/[^\n]/g, ' ');
  });
  for (const m of withoutFences.matchAll(/`((?:[^`\n]|\n(?!\s*\n))+)`/g)) code.push({ text: m[1], index: m.index + 1 });

  for (const { text, index } of code) {
    for (const w of text.matchAll(/[^\s`'"()=,;|]+/g)) {
      const word = w[0].replace(/[.:]+$/, '').replace(/^\.\//, '');
      if (/[<>…{}$]|\.\.\./.test(word)) continue; // a placeholder, not a path
      const first = word.split('/')[0];
      const isPath = word.includes('/') ? topFolders.has(first) : SOURCE_EXTENSION.test(word);
      if (isPath) out.push({ path: word, line: lineAt(index + w.index) });
    }
  }
  return out;
}

/** Why a named path is wrong, or null when the repository has it. */
function problem(p: string, tracked: readonly string[], basenames: ReadonlySet<string>): string | null {
  if (NOT_IN_REPO.has(p) || NOT_IN_REPO.has(`${p}/`)) return null;
  if (!p.includes('/')) return basenames.has(p) ? null : 'no file of that name';
  return untrackedReason(p, tracked);
}

/** Why a path with a folder is not in the repository (`*` matches anything), or null when it is. */
function untrackedReason(p: string, tracked: readonly string[]): string | null {
  const star = p.indexOf('*');
  const prefix = (star >= 0 ? p.slice(0, star) : p).replace(/\/$/, '');
  const exists = tracked.some((f) => f === prefix || f.startsWith(`${prefix}/`) || (star >= 0 && f.startsWith(prefix)));
  return exists ? null : 'not in the repository';
}

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
}

function topFoldersOf(tracked: readonly string[]): Set<string> {
  return new Set([...tracked.filter((f) => f.includes('/')).map((f) => f.split('/')[0]), ...UNTRACKED_TOP]);
}

function documents(): string[] {
  return [
    'README.md',
    ...readdirSync(`${ROOT}docs`)
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

describe('paths named by README.md and docs/', () => {
  const tracked = trackedFiles();
  const basenames = new Set(tracked.map((f) => posix.basename(f)));
  const top = topFoldersOf(tracked);

  it('the checker finds paths in links, code spans and fenced blocks, and rejects wrong ones', () => {
    const md = [
      'See [the parser](parser.md#statuses) and ![a shot](screenshots/report-desktop.png), [site](https://example.org).',
      'Code: `lib/report/assign.ts`, `db/queries/*`, `lib/report/nope.ts`, `assign.ts`, `nope.ts`, `/compare?r=1`, `GB/T 2260`.',
      '```sh',
      'npx tsx scripts/variants.ts /tmp/variants data/reports/<province>/',
      'DATABASE_URL=file:data/gongkai.db npm start',
      '```',
    ].join('\n');
    const found = namedPaths(md, 'docs/example.md', top);
    expect(found.map((f) => f.path)).toEqual([
      'docs/parser.md',
      'docs/screenshots/report-desktop.png',
      'scripts/variants.ts',
      'lib/report/assign.ts',
      'db/queries/*',
      'lib/report/nope.ts',
      'assign.ts',
      'nope.ts',
    ]);
    expect(found.find((f) => f.path === 'scripts/variants.ts')!.line).toBe(4);
    const wrong = found.filter((f) => problem(f.path, tracked, basenames)).map((f) => f.path);
    expect(wrong).toEqual(['lib/report/nope.ts', 'nope.ts']);
  });

  it.each(documents())('%s names only paths that exist', (doc) => {
    const found = namedPaths(readFileSync(`${ROOT}${doc}`, 'utf8'), doc, top);
    const wrong = found.flatMap((f) => {
      const why = problem(f.path, tracked, basenames);
      return why ? [`${doc}:${f.line}: ${f.path} — ${why}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it('the documents name many paths (the extraction is not silently empty)', () => {
    const count = documents().reduce((n, doc) => n + namedPaths(readFileSync(`${ROOT}${doc}`, 'utf8'), doc, top).length, 0);
    expect(count).toBeGreaterThan(100);
  });

  it('the allow-list holds only paths the repository does not have', () => {
    expect([...NOT_IN_REPO].filter((p) => !untrackedReason(p, tracked))).toEqual([]);
  });

  it('README.md is a front door: at most 200 lines, linking every document in docs/', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    const linked = new Set(namedPaths(readme, 'README.md', top).map((f) => f.path));
    expect(documents().filter((d) => d !== 'README.md' && !linked.has(d))).toEqual([]);
  });
});
