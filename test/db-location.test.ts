/**
 * Issue 11.8: mistakes in where the database is. Start-up says which database it opened and
 * whether it was created (file name only, never a PostgreSQL password); a DATABASE_URL naming a
 * folder that does not exist is refused instead of silently creating an empty database there; a
 * read-only database is served read-only when SQLite can read it without writing (rollback
 * journal), and refused with a clear message when it cannot (WAL in a read-only folder). The
 * read-only cases run the real commands as a process the file modes apply to (as root: without
 * the capabilities that override them).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { closeDb, getDb, openDb, shownPgUrl } from '../db/client';
import { collectFiles, importFiles } from '../db/import';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-location-'));
chmodSync(dir, 0o755);
afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', dir]);
  rmSync(dir, { recursive: true, force: true });
});

const saved = process.env.DATABASE_URL;
afterEach(async () => {
  await closeDb();
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  vi.restoreAllMocks();
});

/** What getDb() writes on stderr when it opens DATABASE_URL. */
async function startupLine(url: string): Promise<string> {
  process.env.DATABASE_URL = url;
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (lines.push(String(s)), true));
  await getDb();
  vi.restoreAllMocks();
  return lines.join('');
}

/**
 * Root may write anything, so as root the script runs without the capabilities that let root
 * ignore file modes (setpriv drops them): it reads the checkout as its owner and is refused writes
 * to a 0444 file or a 0555 folder like anyone else. Another user (nobody) could not enter a
 * checkout in a private folder (mode 700, as `mktemp -d` or /root makes it).
 */
const FILE_MODE_CAPS = '-dac_override,-dac_read_search,-fowner';
const asRoot = process.getuid?.() === 0;
/** `node ARGS`, as such a process. */
function node(args: string[]): [string, string[]] {
  return asRoot
    ? ['setpriv', [`--inh-caps=${FILE_MODE_CAPS}`, `--bounding-set=${FILE_MODE_CAPS}`, '--', process.execPath, ...args]]
    : [process.execPath, args];
}

/** Why the read-only cases cannot run here (null when they can): the script must read the checkout and be refused a write. */
function cannotRunReadOnly(): string | null {
  const probe = join(dir, 'probe');
  mkdirSync(probe);
  chmodSync(probe, 0o555);
  const [cmd, args] = node([
    '-e',
    `require('node:fs').readFileSync('package.json'); try { require('node:fs').writeFileSync(${JSON.stringify(join(probe, 'x'))}, ''); process.exit(3) } catch {}`,
  ]);
  const r = spawnSync(cmd, args, {
    cwd: process.cwd(),
    encoding: 'utf8',
  });
  if (r.error) return `cannot run ${cmd}: ${r.error.message}`;
  if (r.status === 3) return 'the script could still write into a read-only folder (file-mode capabilities could not be dropped)';
  if (r.status !== 0) return `the script cannot read the checkout: ${r.stderr.trim().split('\n')[0]}`;
  return null;
}

/** Runs a project script as a process the file modes apply to (root without its override). */
function runWithFileModes(script: string, args: string[], url: string) {
  const [cmd, cmdArgs] = node(['--import', 'tsx', script, ...args]);
  const r = spawnSync(cmd, cmdArgs, {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: url, HOME: dir },
    encoding: 'utf8',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function sampleDb(file: string): Promise<void> {
  const db = await openDb(file);
  const { files } = await collectFiles([join(process.cwd(), 'data', 'samples')]);
  await importFiles(db, files);
  await db.close();
}

describe('start-up says which database it opened', () => {
  it('names the file, and says when it was just created (a mistyped name shows as a new, empty database)', async () => {
    const file = join(dir, 'typo.db');
    expect(await startupLine(`file:${file}`)).toBe('database: SQLite typo.db (created now, empty)\n');
    await closeDb();
    expect(await startupLine(`file:${file}`)).toBe('database: SQLite typo.db (0 reports)\n');
  });

  it('refuses a DATABASE_URL whose folder does not exist, naming it', async () => {
    process.env.DATABASE_URL = `file:${join(dir, 'no-such-folder', 'g.db')}`;
    await expect(getDb()).rejects.toThrow(/folder of the database g\.db does not exist .*no-such-folder.*check DATABASE_URL/);
  });

  it('never shows a PostgreSQL user or password', () => {
    expect(shownPgUrl('postgres://admin:s3cret@db.example.org:6543/gongkai')).toBe('db.example.org:6543/gongkai');
    expect(shownPgUrl('postgresql://u:p@localhost/x')).toBe('localhost:5432/x');
  });
});

const readOnlySkip = cannotRunReadOnly();
if (readOnlySkip) console.warn(`db-location: read-only cases skipped: ${readOnlySkip}`);

describe.skipIf(readOnlySkip !== null)('a read-only database', () => {
  it('is served read-only when it is in rollback-journal mode: reads work, imports are refused', async () => {
    const folder = join(dir, 'ro');
    mkdirSync(folder);
    const file = join(folder, 'g.db');
    await sampleDb(file);
    // What the README tells the user to do before making a database read-only.
    expect(
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', '--no-wal'], { env: { ...process.env, DATABASE_URL: `file:${file}` } })
        .status,
    ).toBe(0);
    chmodSync(file, 0o444);
    chmodSync(folder, 0o555);
    const read = runWithFileModes('scripts/migrate.ts', [], `file:${file}`);
    expect(read.out).toContain('database: SQLite g.db (read-only, 5 reports)');
    expect(read.out).toMatch(/5 reports/);
    expect(read.code).toBe(0);
    const write = runWithFileModes('scripts/import.ts', ['data/samples'], `file:${file}`);
    expect(write.code).toBe(1);
    expect(write.out).toContain('import: error: SQLite g.db is read-only; nothing can be imported into it');
  });

  it('is refused with a clear message when it is in WAL mode in a read-only folder', async () => {
    const folder = join(dir, 'ro-wal');
    mkdirSync(folder);
    const file = join(folder, 'g.db');
    await sampleDb(file);
    chmodSync(file, 0o444);
    chmodSync(folder, 0o555);
    const r = runWithFileModes('scripts/migrate.ts', [], `file:${file}`);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/SQLite g\.db: the database is read-only and in WAL mode.*journal_mode = delete/);
    expect(r.out).not.toMatch(/at .*\.ts:\d+/); // one clear line, no stack trace
  });
});
