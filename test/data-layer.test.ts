/**
 * The shape of db/ (docs/data-layer.md): floors that import only downwards, a connection that
 * computes nothing when opened, derived tables kept by `afterWrite` (which knows what depends on
 * what) and rebuilt whole by `npm run db:refresh` (refreshAll).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/client';
import { afterWrite, refreshAll } from '../db/derived';
import { importFiles } from '../db/import';
import { getReportCrossYear } from '../db/queries/crossyear';
import { getYearFigures } from '../db/queries/figures';
import { count, exec, freshDatabaseUrl } from './helpers/db';
import { FIXTURES } from './helpers/fixtures';

const ROOT = resolve(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(join(ROOT, p)).isDirectory()) return name === 'migrations' || name === 'migrations-pg' ? [] : sources(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** The project modules a file imports (relative or `@/`), as paths without extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]);
  return specs
    .map((s) => (s.startsWith('@/') ? s.slice(2) : s.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), s)) : null))
    .filter((s): s is string => s !== null)
    .map((s) => s.replace(/\.(ts|tsx|mjs)$/, ''));
}

/** Floor 1: open SQLite or PostgreSQL, run statements, check rows — nothing else. */
const CONNECTION = ['db/driver', 'db/client', 'db/sqlite', 'db/postgres', 'db/migrate', 'db/dialect', 'db/rows', 'db/query'];
/** Floor 2: the schema, described once, and the SQL vocabulary both sides share. */
const SCHEMA = ['db/tables', 'db/schema', 'db/schema.pg', 'db/coverage', 'db/aggregate', 'db/records'];
const inDb = (m: string) => m.startsWith('db/');
const strip = (f: string) => f.replace(/\.(ts|tsx)$/, '');

describe('db/ in floors (docs/data-layer.md)', () => {
  const dbFiles = sources('db').map(strip);
  const writes = dbFiles.filter((f) => !f.startsWith('db/queries/') && !CONNECTION.includes(f) && !SCHEMA.includes(f));

  it('finds the floors it checks', () => {
    for (const f of [...CONNECTION, ...SCHEMA, 'db/store', 'db/import', 'db/review', 'db/derived', 'db/queries/reports'])
      expect(dbFiles).toContain(f);
    expect(writes).toEqual(
      expect.arrayContaining([
        'db/store',
        'db/import',
        'db/review',
        'db/audit',
        'db/units',
        'db/rollups',
        'db/crossyear',
        'db/derived',
        'db/metrics',
      ]),
    );
  });

  it('the connection imports nothing above it: opening a database cannot compute anything', () => {
    for (const f of CONNECTION)
      expect(
        importsOf(`${f}.ts`)
          .filter(inDb)
          .filter((m) => !CONNECTION.includes(m)),
        f,
      ).toEqual([]);
  });

  it('the schema floor imports only the connection and itself', () => {
    for (const f of SCHEMA)
      expect(
        importsOf(`${f}.ts`)
          .filter(inDb)
          .filter((m) => !CONNECTION.includes(m) && !SCHEMA.includes(m)),
        f,
      ).toEqual([]);
  });

  it('reads (db/queries) never import a write', () => {
    for (const f of dbFiles.filter((x) => x.startsWith('db/queries/')))
      expect(
        importsOf(`${f}.ts`).filter((m) => writes.includes(m)),
        f,
      ).toEqual([]);
  });

  it('no SQL in app/: routes and pages call query and service functions', () => {
    const sqlModules = ['db/rows', 'db/query', 'db/dialect', 'db/driver'];
    for (const f of sources('app')) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      expect(/from 'drizzle-orm'/.test(text) || /\bsql`/.test(text), f).toBe(false);
      expect(
        importsOf(f).filter((m) => sqlModules.includes(m)),
        f,
      ).toEqual([]);
    }
  });
});

describe('derived tables: kept by the writes, never by opening', () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Db;
  let pingtan2024: number;
  const DERIVED = ['report_metrics', 'region_rollups', 'cross_year_findings', 'text_reuse', 'cross_year_summary', 'coverage_summary'] as const;
  type Counts = Record<(typeof DERIVED)[number], number>;
  const counts = async (): Promise<Counts> =>
    Object.fromEntries(await Promise.all(DERIVED.map(async (t) => [t, await count(db, `select count(*) as n from ${t}`)] as const))) as Counts;
  let imported: Counts;

  beforeAll(async () => {
    ({ url, drop } = await freshDatabaseUrl('datalayer'));
    db = await openDb(url);
    const files = ['real/001_huaian-city-2024.txt', 'real/007_pingtan-2023.txt', 'meta/012_pingtan-2024.txt', 'real/013_pingtan-2025.txt'].map((f) =>
      join(FIXTURES, f),
    );
    const out = await importFiles(db, files);
    expect(out.map((o) => o.outcome)).toEqual(['imported', 'imported', 'imported', 'imported']);
    pingtan2024 = out[2].reportId!;
    imported = await counts();
  });
  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it('the import built every derived table (平潭 2023→2024→2025: two pairs)', () => {
    expect(imported.report_metrics).toBe(4);
    expect(imported.region_rollups).toBeGreaterThan(0);
    expect(imported.cross_year_findings).toBeGreaterThan(0);
    expect(imported.cross_year_summary).toBeGreaterThan(0);
    expect(imported.coverage_summary).toBeGreaterThan(0);
  });

  it('opening a connection computes nothing; refreshAll (npm run db:refresh) rebuilds every derived table', async () => {
    const national = await getYearFigures(db, {});
    for (const t of DERIVED) await exec(db, `delete from ${t}`);
    await db.close();
    db = await openDb(url);
    expect(await counts()).toEqual(Object.fromEntries(DERIVED.map((t) => [t, 0])));
    const r = await refreshAll(db);
    expect(r.figures).toBe(4);
    // The bodies with two current reports or more: 平潭 (three years); 淮安 has one.
    expect(r.bodies).toBe(1);
    expect(await counts()).toEqual(imported);
    // 平潭 2024's 表二 stock against 2023: 470 + 62 − 33 = 499, printed 440.
    const [stock] = (await getReportCrossYear(db, pingtan2024)).filter((f) => f.reportId === pingtan2024);
    expect(stock).toMatchObject({ ruleId: 'xy.t2.stock.normative_docs', expected: 499, actual: 440 });
    expect(await getYearFigures(db, {})).toEqual(national);
    // 淮安市 2024 as printed: 行政复议 64 结果纠正 of 351, 37 尚未审结.
    const [huaian] = await getYearFigures(db, { regionCode: '320800', years: [2024] });
    expect(huaian.figures.ratios.review_rate).toMatchObject({ num: 64, den: 351 - 37, over: 1 });
  });

  it('afterWrite rebuilds what depends on the change, and only that', async () => {
    const summaries = ['region_rollups', 'cross_year_summary', 'coverage_summary'] as const;
    const emptySummaries = async () => {
      for (const t of summaries) await exec(db, `delete from ${t}`);
    };
    const now = async () =>
      Object.fromEntries(await Promise.all(summaries.map(async (t) => [t, await count(db, `select count(*) as n from ${t}`)] as const)));

    await emptySummaries();
    // An expected-units list changes who must publish: the coverage summary only.
    await afterWrite(db, { units: true }, { wait: true });
    expect(await now()).toEqual({ region_rollups: 0, cross_year_summary: 0, coverage_summary: imported.coverage_summary });

    await emptySummaries();
    // A corrected value changes figures and findings, not who published.
    await afterWrite(db, { corrected: [pingtan2024] }, { wait: true });
    expect(await now()).toEqual({ region_rollups: imported.region_rollups, cross_year_summary: imported.cross_year_summary, coverage_summary: 0 });

    await emptySummaries();
    // No report written (an upload of a file already stored): nothing to do.
    await afterWrite(db, { reports: [] }, { wait: true });
    expect(await now()).toEqual({ region_rollups: 0, cross_year_summary: 0, coverage_summary: 0 });

    // A stored or moved report: everything.
    await afterWrite(db, { reports: [pingtan2024] }, { wait: true });
    expect(await now()).toEqual({
      region_rollups: imported.region_rollups,
      cross_year_summary: imported.cross_year_summary,
      coverage_summary: imported.coverage_summary,
    });
  });
});
