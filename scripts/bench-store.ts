/**
 * npm run bench:store [-- --reports N] [--threads N] [--single N] [--keep | --queries-only]
 *
 * Builds a synthetic national dataset (every county, city and province government of the gazetteer
 * for 2021–2025, then township governments and departments — 30 per county-level and higher
 * government — drawn without repetition, and 1 % re-publications, up to N reports, default 20,000;
 * at most ≈ 720,000), renders each to report text, imports it through
 * the real import path into a fresh SQLite file, and times the import and every query the pages call
 * (exactly the db/queries functions pages and routes use, and the page views composed of them;
 * p50 / p95 over varied parameters), then prints the database size and the peak memory. Parsing
 * runs in --threads worker threads (default: one per core; 0 parses inline); the single-thread rate
 * is measured beside it on the first --single files (default 3,000) in a scratch database.
 * The report files and the SQLite database are built in a private temporary folder (so two runs
 * at once do not disturb each other); the database is then moved to bench-out/bench.db
 * (git-ignored), to serve with DATABASE_URL=file:bench-out/bench.db. DATABASE_URL=postgres://…
 * runs it on PostgreSQL instead, in a new database `<name>_bench` on that server (kept).
 * --queries-only times the queries (and size, memory) on the existing DATABASE_URL database, or
 * `--db FILE_OR_URL` on that one.
 */
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import pg from 'pg';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { databasePath, openDb, type Db } from '../db/client';
import { col } from '../db/rows';
import { importFiles } from '../db/import';
import { createParsePool } from '../db/parse-pool';
import { getChildFigures, getYearFigures } from '../db/queries/figures';
import { getAgencies, getChildCounts, getRegionAgencies, searchPlaces } from '../db/queries/places';
import { getQualitySummary, listQualityIssues } from '../db/queries/quality';
import { getCoverageView } from '../db/queries/coverage';
import { getAgencyView } from '../db/queries/agency';
import { getReportPage } from '../db/queries/report-page';
import { reviewCounts, reviewQueue } from '../db/queries/review';
import { getAgencyCrossYear, getReuseDistribution, listCrossYearFindings } from '../db/queries/crossyear';
import { getOverview, getReport, getYears, listReports } from '../db/queries/reports';
import { getChartById, getCompareView, getOverviewView, getPeerRank, getRegionView } from '../app/_data/views';
import { parseCompareState } from '../lib/charts/state';
import { allRegions, ancestry, type Region } from '../lib/region/gazetteer';
import { renderReport, rng, synthValues } from './synth';
import { benchPgUrl, isPgUrl, percentile } from './bench-common';
import { parseCommandLine } from './cli';

const YEARS = [2021, 2022, 2023, 2024, 2025];

/** About 30 departments per county-level and higher government, as a national year has. */
const DEPARTMENTS = [
  '教育局',
  '公安局',
  '民政局',
  '财政局',
  '自然资源局',
  '住房和城乡建设局',
  '卫生健康委员会',
  '市场监督管理局',
  '人力资源和社会保障局',
  '发展和改革委员会',
  '司法局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '商务局',
  '文化和旅游局',
  '应急管理局',
  '审计局',
  '统计局',
  '生态环境局',
  '退役军人事务局',
  '医疗保障局',
  '林业局',
  '城市管理局',
  '信访局',
  '体育局',
  '科学技术局',
  '工业和信息化局',
  '民族宗教事务局',
  '行政审批局',
];

/** The place's name, prefixed by its parent's so every name resolves to one region (there are several 朝阳区). */
function placeName(r: Region): string {
  const chain = ancestry(r.code);
  const parent = chain[chain.length - 2];
  return r.level === 'province' ? r.name : `${parent?.name ?? ''}${r.name}`;
}

function agencyName(r: Region, dept?: string): string {
  const place = placeName(r);
  if (dept) return `${place}${dept}`;
  return /街道$/.test(place) ? `${place}办事处` : `${place}人民政府`;
}

/** The word a region-wide report uses for the region: 全县, 全市, 全区, 全省 … */
function regionWord(r: Region): string {
  const last = r.name.slice(-1);
  return '省市区县旗州盟'.includes(last) ? last : '市';
}

/**
 * A fresh database for the run: a SQLite file in the private folder, or, when DATABASE_URL is a
 * postgres:// URL, a new database `<name>_bench` on that server (dropped first if it exists).
 */
async function benchDatabase(sqlitePath: string, suffix = ''): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!isPgUrl(url)) return { url: sqlitePath, drop: async () => rmSync(sqlitePath, { force: true }) };
  const target = benchPgUrl(url, suffix);
  const name = target.pathname.slice(1);
  // Created and dropped from the server's maintenance database (the named one need not exist).
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: maintenance.toString() });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  return { url: target.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/**
 * Times every query the pages call on `db` (p50 / p95 over 30 runs with varied parameters), then
 * prints the database size and the process's peak memory.
 */
async function timeQueries(db: Db, sqlitePath: string): Promise<void> {
  const r = rng(7);
  const any = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const rows = await db.all(sql`select distinct region_code as c from reports where is_current = 1 and region_code is not null`, { c: col.text });
  const counties = rows.map((x) => x.c).filter((c) => !c.endsWith('00'));
  const cities = [...new Set(rows.map((x) => `${x.c.slice(0, 4)}00`))].filter((c) => !c.endsWith('0000'));
  const provinces = [...new Set(rows.map((x) => `${x.c.slice(0, 2)}0000`))];
  const years = await getYears(db);
  const ids = (await db.all(sql`select id from reports where is_current = 1`, { id: col.number })).map((x) => x.id);
  const agencyIds = (await db.all(sql`select id from agencies limit 5000`, { id: col.number })).map((x) => x.id);
  const names = ['淮安', '朝阳', '街道', '人民政府', '镇', '教育局'];
  const queries: [string, () => Promise<unknown>][] = [
    ['getOverview', () => getOverview(db)],
    ['getYears', () => getYears(db)],
    ['getYearFigures (national)', () => getYearFigures(db, {})],
    ['getYearFigures (province)', () => getYearFigures(db, { regionCode: any(provinces) })],
    ['getYearFigures (city, one year)', () => getYearFigures(db, { regionCode: any(cities), years: [any(years)] })],
    ['getYearFigures (agency)', () => getYearFigures(db, { agencyIds: [any(agencyIds)] })],
    ['getChildFigures (province → cities)', () => getChildFigures(db, { regionCode: any(provinces), year: any(years) })],
    ['getChildFigures (city → counties)', () => getChildFigures(db, { regionCode: any(cities), year: any(years) })],
    ['getChildCounts (provinces)', () => getChildCounts(db, null)],
    ['getChildCounts (province)', () => getChildCounts(db, any(provinces))],
    ['getRegionAgencies (county)', () => getRegionAgencies(db, any(counties), 30)],
    ['getAgencies', () => getAgencies(db, [any(agencyIds), any(agencyIds)])],
    ['searchPlaces', () => searchPlaces(db, any(names))],
    ['listReports (county, year)', () => listReports(db, { regionCode: any(counties), years: [any(years)] })],
    ['listReports (province, year)', () => listReports(db, { regionCode: any(provinces), years: [any(years)] })],
    ['listReports (all, page 3)', () => listReports(db, {}, { counted: false, offset: 300 })],
    ['getReport', () => getReport(db, any(ids))],
    ['listQualityIssues (national)', () => listQualityIssues(db, {})],
    ['listQualityIssues (province, rule)', () => listQualityIssues(db, { regionCode: any(provinces), ruleId: 't3.balance' })],
    ['getQualitySummary (national)', () => getQualitySummary(db, {})],
    ['getQualitySummary (province)', () => getQualitySummary(db, { regionCode: any(provinces) })],
    ['getCoverageView (national)', () => getCoverageView(db, null, null)],
    ['getCoverageView (province)', () => getCoverageView(db, any(provinces), null)],
    ['listCrossYearFindings (national)', () => listCrossYearFindings(db, {}, 100)],
    ['listCrossYearFindings (province, year)', () => listCrossYearFindings(db, { regionCode: any(provinces), years: [any(years)] }, 100)],
    ['getReuseDistribution (province)', () => getReuseDistribution(db, { regionCode: any(provinces) })],
    ['getAgencyCrossYear', () => getAgencyCrossYear(db, any(agencyIds))],
    ['getAgencyView (body page)', () => getAgencyView(db, any(agencyIds), null)],
    ['getReportPage', () => getReportPage(db, any(ids))],
    ['reviewQueue (national)', () => reviewQueue(db, { scope: null })],
    ['reviewCounts (province)', () => reviewCounts(db, { scope: any(provinces) })],
    ['view: getOverviewView (national)', () => getOverviewView(db, null, null)],
    ['view: getOverviewView (city)', () => getOverviewView(db, any(cities), null)],
    ['view: getCompareView (3 regions)', () => getCompareView(db, parseCompareState({ r: `${any(provinces)}~${any(cities)}~${any(counties)}` }))],
    ['view: getRegionView (province)', () => getRegionView(db, any(provinces), null, null)],
    ['view: getPeerRank (county)', () => getPeerRank(db, any(counties), any(years), 'grantedShare')],
    ['view: getChartById (overview-cases)', () => getChartById(db, 'overview-cases', new URLSearchParams())],
  ];
  console.log(`queries the pages call, at ${ids.length} current reports (ms, 30 runs each with varied parameters):`);
  let worst = 0;
  for (const [name, q] of queries) {
    await q();
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const s = performance.now();
      await q();
      times.push(performance.now() - s);
    }
    if (!name.startsWith('view:')) worst = Math.max(worst, percentile(times, 95));
    console.log(`  ${name.padEnd(40)} p50 ${percentile(times, 50).toFixed(1).padStart(7)}   p95 ${percentile(times, 95).toFixed(1).padStart(7)}`);
  }
  console.log(`slowest query p95: ${worst.toFixed(1)} ms`);
  db.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  const bytes =
    db.dialect === 'postgres'
      ? (await db.one(sql`select pg_database_size(current_database()) as n`, { n: col.number }))!.n
      : statSync(sqlitePath).size;
  console.log(`database size: ${(bytes / 2 ** 20).toFixed(0)} MiB (${(bytes / Math.max(1, ids.length) / 1024).toFixed(1)} KiB per current report)`);
  console.log(`peak memory (RSS, all threads): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

async function main() {
  const { values: flags } = parseCommandLine({
    name: 'bench:store',
    usage: 'npm run bench:store [-- --reports N] [--threads N] [--single N] [--keep | --queries-only] [--db FILE_OR_URL]',
    flags: {
      reports: { type: 'integer' },
      threads: { type: 'integer', min: 0 },
      single: { type: 'integer', min: 0 },
      keep: { type: 'boolean' },
      'queries-only': { type: 'boolean' },
      db: { type: 'string' },
    },
  });
  if (flags.db !== undefined || flags['queries-only']) {
    // Time the queries on an existing database (--db, else DATABASE_URL), e.g. after an interrupted run.
    const url = flags.db ?? process.env.DATABASE_URL ?? 'file:bench-out/bench.db';
    const db = await openDb(url);
    console.log(`database: ${db.where}`);
    await timeQueries(db, db.dialect === 'sqlite' ? databasePath(url.startsWith('file:') || url.startsWith('postgres') ? url : `file:${url}`) : '');
    await db.close();
    return;
  }
  const wanted = flags.reports ?? 20_000;
  const threads = flags.threads ?? availableParallelism();
  const singleSample = flags.single ?? 3000;
  const work = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
  const filesDir = join(work, 'synth');
  mkdirSync(filesDir, { recursive: true });
  const dbPath = join(work, 'bench.db');

  // ---- Build the dataset.
  const r = rng(2260);
  const all = allRegions();
  // Every county, city and province government each year (60 % of them reporting for the whole
  // region, 全县/全市…, as real government reports mostly do), then township governments and
  // county departments (inside those region-wide reports: the counting rule is exercised), and
  // 1 % corrected re-publications (a later version of the same agency's report).
  const any = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  type Unit = { region: Region; year: number; dept?: string; version?: number };
  const units: Unit[] = [];
  const governments = all.filter((x) => x.level === 'county' || x.level === 'city' || x.level === 'province');
  for (const c of governments) for (const y of YEARS) units.push({ region: c, year: y });
  // The other reports, drawn without repetition from every township government and every
  // department of a county-level or higher government, each year (≈ 700,000 in all).
  const towns = all.filter((x) => x.level === 'township');
  const others = towns.length * YEARS.length + governments.length * DEPARTMENTS.length * YEARS.length;
  const drawn = new Set<number>();
  const wantedFirst = Math.min(others, Math.max(0, Math.round(wanted / 1.01) - units.length));
  while (drawn.size < wantedFirst) {
    const k = Math.floor(r() * others);
    if (drawn.has(k)) continue;
    drawn.add(k);
    const year = YEARS[k % YEARS.length];
    const slot = Math.floor(k / YEARS.length);
    units.push(
      slot < towns.length
        ? { region: towns[slot], year }
        : {
            region: governments[Math.floor((slot - towns.length) / DEPARTMENTS.length)],
            year,
            dept: DEPARTMENTS[(slot - towns.length) % DEPARTMENTS.length],
          },
    );
  }
  // 1 % corrected re-publications: a later version of the same agency's report.
  const republished = new Set<Unit>();
  while (units.length < wanted && republished.size < units.length / 2) {
    const u = any(units);
    if (u.version || republished.has(u)) continue;
    republished.add(u);
    units.push({ ...u, version: 2 });
  }
  units.length = Math.min(units.length, wanted);
  const t0 = Date.now();
  const files: string[] = [];
  let inconsistent = 0;
  let wide = 0;
  for (const u of units) {
    const key = `${u.region.code}-${u.year}${u.dept ? `-${DEPARTMENTS.indexOf(u.dept)}` : ''}${u.version ? `-v${u.version}` : ''}`;
    const level = u.dept ? 'department' : u.region.level;
    const scale = { province: 3000, city: 600, county: 120, township: 4, department: 15 }[level];
    const bad = r() < 0.03;
    if (bad) inconsistent++;
    const isWide = !u.dept && level !== 'township' && r() < 0.6;
    if (isWide) wide++;
    const v = synthValues(r, scale * (isWide ? 3 : 1) * (0.3 + r()), bad);
    const file = join(filesDir, `${key}.txt`);
    const published = `${u.year + 1}-${u.version ? '06' : '01'}-${String(10 + Math.floor(r() * 18)).padStart(2, '0')}`;
    writeFileSync(file, renderReport(agencyName(u.region, u.dept), u.year, published, v, { wide: isWide ? regionWord(u.region) : undefined }));
    files.push(file);
  }
  console.log(
    `synthetic dataset: ${files.length} reports (${YEARS[0]}–${YEARS[YEARS.length - 1]}; ${wide} region-wide, ` +
      `${units.filter((u) => u.dept).length} departments, ${units.filter((u) => u.version).length} re-publications) written in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  // ---- Import through the real path: parsing in worker threads, storing in order on the main thread.
  const target = await benchDatabase(dbPath);
  const db = await openDb(target.url);
  console.log(`database: ${db.where}`);
  const pool = threads > 0 ? createParsePool(threads) : undefined;
  const cpu0 = process.cpuUsage();
  const t1 = Date.now();
  let last = t1;
  const stages: string[] = [];
  const outcomes = await importFiles(db, files, {
    parser: pool?.parse,
    onStage: (stage, ms) => stages.push(`${stage} ${(ms / 1000).toFixed(1)} s`),
    crossYear: pool && { compute: (ids) => pool.crossYear(target.url, ids), parallel: pool.size },
    onProgress: ({ done, total }) => {
      const now = Date.now();
      if (now - last < 5000 && done < total) return;
      last = now;
      const rate = done / ((now - t1) / 1000);
      process.stderr.write(
        `  imported ${done}/${total} · ${rate.toFixed(0)}/s · about ${((total - done) / rate).toFixed(0)} s left · load ${loadavg()[0].toFixed(1)}\n`,
      );
    },
  });
  const secs = (Date.now() - t1) / 1000;
  await pool?.close();
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const count = async (q: SQL) => (await db.one(q, { n: col.number }))!.n;
  const failed = outcomes.filter((o) => o.outcome === 'failed');
  const resolved = await count(sql`select count(*) as n from agencies where region_code is not null`);
  const agencies = await count(sql`select count(*) as n from agencies`);
  const stored = outcomes.length - failed.length;
  console.log(
    `import: ${stored} reports in ${secs.toFixed(1)} s = ${(stored / secs).toFixed(0)} reports/s with ${threads} parser thread(s) ` +
      `(failed ${failed.length}; agencies with a region ${resolved}/${agencies}; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`,
  );
  console.log(`        of which ${stages.join(', ')}`);
  console.log(`        CPU time ${cpuSecs.toFixed(1)} s (all threads) = ${((cpuSecs / outcomes.length) * 1000).toFixed(2)} ms per report`);
  for (const f of failed.slice(0, 5)) console.log(`  failed: ${f.file}: ${f.reason}`);
  // The deliberate inconsistencies must come back as failed checks, and nothing else.
  const flagged = await count(sql`select count(*) as n from reports where failed_checks > 0`);
  console.log(`checks: ${flagged} reports with failed checks; ${inconsistent} were made inconsistent on purpose`);
  const stats = (await db.one(
    sql`select count(*) filter (where scope = 'region') as wide, count(*) filter (where kind = 'department') as depts, count(*) filter (where is_current = 0) as replaced
      from reports r left join agencies a on a.id = r.agency_id`,
    { wide: col.number, depts: col.number, replaced: col.number },
  ))!;
  console.log(
    `read back: ${stats.wide} region-wide reports, ${stats.depts} department reports, ${stats.replaced} earlier versions replaced by a re-publication`,
  );

  // The single-thread rate beside it: the first files again, parsed inline, into a scratch database.
  if (singleSample > 0 && threads > 0) {
    const scratch = await benchDatabase(join(work, 'single.db'), '_single');
    const sdb = await openDb(scratch.url);
    const sample = files.slice(0, singleSample);
    const t = Date.now();
    await importFiles(sdb, sample);
    const s1 = (Date.now() - t) / 1000;
    console.log(`        single thread (parse and store inline, first ${sample.length} reports): ${(sample.length / s1).toFixed(0)} reports/s`);
    await sdb.close();
    await scratch.drop();
  }

  // ---- Time the dashboard queries.
  await timeQueries(db, dbPath);
  await db.close();
  if (db.dialect === 'postgres') {
    console.log(`database: ${db.where} (kept)`);
    if (!flags.keep) rmSync(work, { recursive: true, force: true });
    return;
  }
  const out = join(process.cwd(), 'bench-out');
  mkdirSync(out, { recursive: true });
  for (const s of ['', '-wal', '-shm']) rmSync(join(out, 'bench.db' + s), { force: true });
  try {
    renameSync(dbPath, join(out, 'bench.db'));
  } catch {
    copyFileSync(dbPath, join(out, 'bench.db')); // another file system
  }
  console.log('database: bench-out/bench.db (serve it with DATABASE_URL=file:bench-out/bench.db)');
  if (flags.keep) console.log(`report files: ${filesDir}`);
  else rmSync(work, { recursive: true, force: true });
}

main();
