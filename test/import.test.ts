/**
 * The import path around the store: an import killed half-way leaves a consistent database and a
 * second run finishes the job; a manifest line added later is applied to the stored report;
 * re-parsing; the start-up step that fills an empty database with the samples; DATABASE_URL.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, databasePath, getDb, openDb } from '../db/client';
import { ensureDatabase } from '../db/ensure';
import { collectFiles, importFiles, reparseStoredReports } from '../db/import';
import { getReport } from '../db/queries/reports';
import { parseManifest } from '../lib/import/manifest';
import { allRegions } from '../lib/region/gazetteer';
import { renderReport, rng, synthValues } from '../scripts/synth';
import { FIXTURES } from './helpers/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = (db: { prepare: Database.Database['prepare'] }, sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('an import killed half-way', () => {
  it('leaves whole reports only, and a second run imports the rest', async () => {
    // 500 synthetic county reports (the real parser reads them).
    const files = join(dir, 'kill');
    mkdirSync(files);
    const r = rng(7);
    const counties = allRegions()
      .filter((x) => x.level === 'county')
      .slice(0, 500);
    for (const c of counties)
      writeFileSync(join(files, `${c.code}.txt`), renderReport(`${c.name}人民政府`, 2023, '2024-01-20', synthValues(r, 80, false)));
    const dbFile = join(dir, 'kill.db');
    // The import stops inside its second write transaction, its statements run, before the commit
    // (test/helpers/import-then-hang.ts), and is killed there: no chance to clean up.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/import-then-hang.ts', files], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: `file:${dbFile}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((res) => child.on('exit', res));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('hanging') && resolve());
      child.on('exit', (code) => reject(new Error(`the import ended (${code}) before hanging: ${stderr}`)));
    });
    const peek = new Database(dbFile, { readonly: true, fileMustExist: true });
    const seen = n(peek, 'select count(*) as n from reports');
    peek.close();
    child.kill('SIGKILL');
    await exited;
    expect(seen).toBe(100); // the first transaction's batch was committed

    const db = await openDb(dbFile);
    const c = db.sqlite!;
    expect(c.pragma('integrity_check', { simple: true })).toBe('ok');
    // What the killed transaction wrote is gone; what was committed before it is there.
    const stored = n(c, 'select count(*) as n from reports');
    expect(stored).toBe(100);
    // Every stored report is whole: 200 values, its figures, its checks; nothing belongs to no report.
    expect(n(c, 'select count(*) as n from reports r where (select count(*) from report_values v where v.report_id = r.id) <> 200')).toBe(0);
    expect(n(c, 'select count(*) as n from reports r where not exists (select 1 from report_metrics m where m.report_id = r.id)')).toBe(0);
    expect(n(c, 'select count(*) as n from reports r where not exists (select 1 from report_checks k where k.report_id = r.id)')).toBe(0);
    expect(n(c, 'select count(*) as n from report_values v where not exists (select 1 from reports r where r.id = v.report_id)')).toBe(0);

    const { files: all } = await collectFiles([files]);
    const out = await importFiles(db, all);
    expect(out.filter((o) => o.outcome === 'unchanged').length).toBe(stored);
    expect(out.filter((o) => o.outcome === 'imported').length).toBe(500 - stored);
    expect(n(c, 'select count(*) as n from reports')).toBe(500);
    expect(n(c, 'select count(*) as n from report_values')).toBe(500 * 200);
    c.close();
  });
});

describe('manifest and re-parse on stored reports', () => {
  it('applies a manifest line added after the import, keeps it, and re-parses on demand', async () => {
    const db = await openDb(join(dir, 'm.db'));
    const file = join(dir, 'chunhua.txt');
    writeFileSync(file, readFileSync(join(FIXTURES, 'seeds', '002_3bb274d1443478a1.txt')));
    const [first] = await importFiles(db, [file]);
    expect(first.outcome).toBe('imported');
    expect((await getReport(db, first.reportId!))!.agency).toBe('淳化县人民政府');

    const manifest = parseManifest(
      'file,agency,region_code,year,url,published\nchunhua.txt,淳化县数据服务中心,610430,2021,https://example.org/r,2022-02-09\n',
    );
    const [second] = await importFiles(db, [file], { manifest });
    expect(second).toMatchObject({ outcome: 'reparsed', reportId: first.reportId });
    const r = (await getReport(db, first.reportId!))!;
    expect([r.agency, r.year, r.published]).toEqual(['淳化县数据服务中心', 2021, '2022-02-09']);
    expect((db.sqlite!.prepare('select source_url as u from reports where id = ?').get(r.id) as { u: string }).u).toBe('https://example.org/r');
    // The same manifest again: nothing to do.
    expect((await importFiles(db, [file], { manifest }))[0].outcome).toBe('unchanged');
    // A re-parse of everything keeps the declaration.
    const re = await reparseStoredReports(db, { all: true });
    expect(re.map((o) => o.outcome)).toEqual(['reparsed']);
    expect((await getReport(db, r.id))!.agency).toBe('淳化县数据服务中心');
    // Only one report, one current version, one agency holding it.
    expect(n(db.sqlite!, 'select count(*) as n from reports where is_current = 1')).toBe(1);
    expect(n(db.sqlite!, "select count(*) as n from import_log where outcome = 'reparsed'")).toBe(2);
    await db.close();
  });
});

describe('start-up and DATABASE_URL', () => {
  it('ensureDatabase fills an empty database with the sample reports, once', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `file:${join(dir, 'fresh', 'gongkai.db')}`;
    // A database outside the default place is only created in a folder that exists (db-location.test.ts).
    mkdirSync(join(dir, 'fresh'));
    try {
      const first = await ensureDatabase();
      expect(first.where).toBe('SQLite gongkai.db');
      expect(first.imported.map((o) => o.outcome)).toEqual(['imported', 'imported', 'imported', 'imported', 'imported']);
      expect(first.reports).toBe(5);
      const again = await ensureDatabase();
      expect(again).toMatchObject({ reports: 5, imported: [] });
      expect(getDb()).toBe(getDb()); // one cached connection
      await closeDb();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('reads DATABASE_URL as file:PATH and says clearly what else it expects', async () => {
    expect(databasePath('file:/tmp/x/g.db')).toBe('/tmp/x/g.db');
    expect(databasePath('file:///tmp/x/g.db')).toBe('/tmp/x/g.db');
    expect(databasePath('file:data/g.db')).toBe(join(process.cwd(), 'data', 'g.db'));
    expect(() => databasePath('postgres://u@h/db')).toThrow(/names a PostgreSQL database/);
    expect(() => databasePath('sqlite:g.db')).toThrow(/DATABASE_URL must look like file:.* or postgres:/);
    expect(() => databasePath('file:')).toThrow(/names no file/);
  });
});
