/**
 * `npm run harvest` as a user meets it: flags checked with one-line errors (exit 2), and a run
 * against the fixture portal into a SQLite file, with its summary line and a line per failure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from './helpers/portal';

function harvestCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/harvest.ts', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run harvest', () => {
  let dir: string;
  let portal: Portal;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-harvest-cli-'));
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad flags with one line and exit code 2', async () => {
    const env = { DATABASE_URL: `file:${join(dir, 'never.db')}` };
    const cases: [string[], string][] = [
      [['--years', 'soon', 'https://x.gov.cn/'], 'harvest: error: --years: expected YEAR or FROM-TO'],
      [['--per-host', 'NaN', 'https://x.gov.cn/'], 'harvest: error: --per-host expects a positive integer, got "NaN"'],
      [['--bogus', 'https://x.gov.cn/'], 'harvest: error: unknown option --bogus'],
      [[], 'harvest: error: no URL and no --sources file'],
    ];
    for (const [args, line] of cases) {
      const r = await harvestCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0], args.join(' ')).toContain(line);
    }
  }, 120_000);

  it('harvests a sources file into DATABASE_URL and says what it did', async () => {
    const db = join(dir, 'h.db');
    const sources = join(dir, 'sources.csv');
    writeFileSync(sources, `body,region_code,url\n平潭综合实验区管委会,350128,${portal.columns.query}\n`);
    const r = await harvestCli(['--allow-loopback', '--delay-ms', '0', '--years', '2019-2025', '--sources', sources], { DATABASE_URL: `file:${db}` });
    expect(r.stdout).toMatch(/^harvest: stored 2, unchanged 0, skipped 0, failed 0 \(\d+ requests/m);
    expect(r.stderr).toContain(`${portal.columns.query}: 2 entries`);
    expect(r.code).toBe(0);
    // The sources file's region code is declared for what was found from it; each keeps its URL.
    const rows = new Database(db, { readonly: true }).prepare('select region_code, source_url, source_file from reports order by year').all();
    expect(rows).toEqual([
      { region_code: '350128', source_url: `${portal.origin}/q/mirror/report.docx`, source_file: `${portal.origin}/q/mirror/report.docx` },
      { region_code: '350128', source_url: `${portal.origin}/q/art/2025.html`, source_file: `${portal.origin}/q/art/2025.html` },
    ]);
  }, 120_000);
});
