/**
 * Command-line flags (scripts/cli.ts) through the real script entries, as a user types them: a
 * bad flag ends the command with one line naming the command, the flag and the problem, exit
 * code 2, before any database is opened or written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runScript } from './hostile/cli';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('command-line flags', () => {
  it('refuses a number flag that is not a number (it used to pass on as NaN)', () => {
    const r = runScript('bench-parse', ['--reports', 'x']);
    expect(r.stderr).toBe('bench:parse: error: --reports expects a positive integer, got "x"\n');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(''); // refused before the corpus is read
    const zero = runScript('bench-store', ['--threads', '-1']);
    expect(zero.stderr).toBe('bench:store: error: --threads expects a non-negative integer, got "-1"\n');
    expect(zero.status).toBe(2);
  });

  it('refuses an unknown flag instead of reading it as a file', () => {
    const r = runScript('parse', ['--bad', join(ROOT, 'test/fixtures/seeds/000_4d303cf0b4364684.txt')]);
    expect(r.stderr).toBe('parse: error: unknown option --bad\n');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('refuses a flag without its value, and a value given to a switch, before the database is opened', () => {
    const db = join(dir, 'never.db');
    const missing = runScript('import', ['test/fixtures/seeds', '--manifest'], { env: { DATABASE_URL: `file:${db}` } });
    expect(missing.stderr).toBe('import: error: --manifest expects a value, got nothing\n');
    expect(missing.status).toBe(2);
    const next = runScript('import', ['--manifest', '--reparse', 'test/fixtures/seeds'], { env: { DATABASE_URL: `file:${db}` } });
    expect(next.stderr).toBe('import: error: --manifest expects a value, got the option --reparse\n');
    expect(next.status).toBe(2);
    const switchValue = runScript('import', ['--reparse=yes'], { env: { DATABASE_URL: `file:${db}` } });
    expect(switchValue.stderr).toBe('import: error: --reparse takes no value, got "yes"\n');
    expect(switchValue.status).toBe(2);
    expect(existsSync(db)).toBe(false);
  });

  it('checks choices and the number of positional arguments', () => {
    const role = runScript('user-add', ['chief', '--role', 'boss']);
    expect(role.stderr).toBe('user:add: error: --role expects reviewer or admin, got "boss"\n');
    expect(role.status).toBe(2);
    const names = runScript('user-add', ['a', 'b', '--role', 'admin']);
    expect(names.stderr).toBe('user:add: error: one NAME only, got "a" and "b"\n');
    expect(names.status).toBe(2);
    const none = runScript('units-import', []);
    expect(none.stderr).toBe('units:import: error: no FILE.csv given (usage: npm run units:import -- FILE.csv...)\n');
    expect(none.status).toBe(2);
    const kind = runScript('variants', [join(dir, 'out'), '--kinds', 'tab,tabs']);
    expect(kind.stderr).toMatch(/^variants: error: --kinds: unknown kind "tabs" \(kinds: cell-per-line, tab, .*\)\n$/);
    expect(kind.status).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it("checks the production server's flags the same way (scripts/serve.mjs runs without tsx)", () => {
    const serve = (...args: string[]) => spawnSync(process.execPath, ['scripts/serve.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
    const port = serve('--port', 'x');
    expect(port.stderr).toBe('serve: error: --port expects a port number (0 to 65535), got "x"\n');
    expect(port.status).toBe(2);
    const unknown = serve('--prot', '3000');
    expect(unknown.stderr).toBe('serve: error: unknown option --prot\n');
    expect(unknown.status).toBe(2);
  });

  it('prints the usage on --help and exits 0', () => {
    const r = runScript('import', ['--help']);
    expect(r.stdout).toBe('usage: npm run import -- PATH... [--manifest FILE.csv] [--reparse]\n');
    expect(r.status).toBe(0);
  });

  it('still reads good flags: --jsonl and --cells, a file after --', () => {
    const seed = join(ROOT, 'test/fixtures/seeds/000_4d303cf0b4364684.txt');
    const r = runScript('parse', ['--jsonl', '--cells', '--', seed]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.file).toBe(seed);
    expect(Object.keys(out.cells).length).toBe(Object.keys(out.values).length);
  });
});
