/**
 * Writes a parsed report: one synchronous transaction per report, so a report is stored whole or
 * not at all (a failure or a kill half-way leaves nothing of it behind). Parsing happens before,
 * outside the transaction.
 */
import { regionByCode, regionPath } from '../lib/region/gazetteer';
import type { ParsedReport, ReportMeta } from '../lib/report/types';
import { METRIC_COLUMNS, reportMetrics } from '../lib/metrics';
import type { Db } from './client';
import { coveredRankSql, insideSql, rankOfCode, rankSql } from './coverage';

export interface SourceInfo {
  file: string;
  kind: string;
  contentHash: string;
  url?: string | null;
}

export type MetaOverride = Partial<Pick<ReportMeta, 'agency' | 'region_code' | 'year' | 'published'>>;

/** Applies a manifest's declarations over what the parser read. */
export function applyOverride(meta: ReportMeta, o: MetaOverride | undefined): ReportMeta {
  if (!o) return meta;
  const m = { ...meta };
  if (o.agency) m.agency = o.agency;
  if (o.year) m.year = o.year;
  if (o.published) m.published = o.published;
  if (o.region_code) {
    const r = regionByCode(o.region_code);
    if (!r) throw new Error(`region_code ${o.region_code} is not in the GB/T 2260 gazetteer`);
    if (r.level === 'township') {
      m.town_code = r.code;
      m.region_code = r.parentCode;
    } else {
      m.region_code = r.code;
      m.town_code = null;
    }
    m.region = regionPath(r.code);
  }
  return m;
}

function statements(db: Db) {
  const c = db.$client;
  return {
    findAgency: c.prepare<[string, string | null, string | null], { id: number }>(
      'select id from agencies where name = ? and (region_code = ? or (region_code is null and ? is null))',
    ),
    insertAgency: c.prepare('insert into agencies (name, level, kind, region_code, town_code) values (?, ?, ?, ?, ?)'),
    insertReport: c.prepare(
      `insert into reports (agency_id, region_code, town_code, year, format, title, published, source_file, source_url, source_kind, content_hash,
        parser_version, text, scope, is_current, declared, warnings, failed_checks, warning_count, covered_rank) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // covered_rank of a report about to be inserted (id -1: none yet), from its placement.
    coveredRankOf: c.prepare<[number, number, string | null, string | null, string | null], { k: number | null }>(
      `select ${coveredRankSql('x')} as k from (select ? as id, ? as year, ? as region_code, ? as town_code, ? as scope) x`,
    ),
    hasVersion: c.prepare<[number, number], { id: number }>('select id from reports where agency_id = ? and year = ? limit 1'),
    insertMetrics: c.prepare(`insert into report_metrics (report_id, ${METRIC_COLUMNS.join(', ')}) values (?, ${METRIC_COLUMNS.map(() => '?').join(', ')})`),
    // "=" (not "is"), so the (agency_id, year) index is used; reports without agency or year stand alone.
    clearCurrent: c.prepare('update reports set is_current = 0 where agency_id = ? and year = ?'),
    markCurrent: c.prepare(
      `update reports set is_current = 1 where id = (select id from reports where agency_id = ? and year = ?
        order by coalesce(published, '') desc, id desc limit 1)`,
    ),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof statements>>();
function stmts(db: Db) {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = statements(db)));
  return s;
}

function agencyId(db: Db, meta: ReportMeta): number | null {
  if (!meta.agency) return null;
  const s = stmts(db);
  const found = s.findAgency.get(meta.agency, meta.region_code, meta.region_code);
  if (found) return found.id;
  return Number(s.insertAgency.run(meta.agency, meta.level, meta.kind, meta.region_code, meta.town_code).lastInsertRowid);
}

/** A multi-row insert statement for `rows` rows, prepared once per table and size. */
const multiRow = new WeakMap<Db, Map<string, import('better-sqlite3').Statement>>();
function insertMany(db: Db, table: string, columns: string[], rows: unknown[][]): void {
  if (rows.length === 0) return;
  let cache = multiRow.get(db);
  if (!cache) multiRow.set(db, (cache = new Map()));
  const key = `${table}:${rows.length}`;
  let stmt = cache.get(key);
  if (!stmt) {
    const one = `(${columns.map(() => '?').join(', ')})`;
    stmt = db.$client.prepare(`insert into ${table} (${columns.map((c) => `"${c}"`).join(', ')}) values ${rows.map(() => one).join(', ')}`);
    cache.set(key, stmt);
  }
  stmt.run(...rows.flat());
}

function writeDetails(db: Db, reportId: number, r: ParsedReport): void {
  // One statement per table: 200 single-row inserts cost more than the transaction itself.
  insertMany(
    db,
    'report_values',
    ['report_id', 'key', 'value', 'status', 'raw', 'start', 'end', 'note'],
    Object.entries(r.values).map(([key, v]) => {
      const c = r.cells[key];
      return [reportId, key, v, c.status, c.raw ?? null, c.start ?? null, c.end ?? null, c.note ?? null];
    }),
  );
  insertMany(db, 'report_checks', ['report_id', 'rule_id', 'status', 'expected', 'actual', 'message'], r.checks.map((ch) => [reportId, ch.id, ch.status, ch.expected, ch.actual, ch.message ?? null]));
  insertMany(db, 'report_sections', ['report_id', 'idx', 'title', 'start', 'end'], r.sections.map((sec) => [reportId, sec.index, sec.title, sec.start, sec.end]));
  const s = stmts(db);
  const m = reportMetrics(r.format, r.cells);
  s.insertMetrics.run(reportId, ...METRIC_COLUMNS.map((k) => m[k]));
}

/** Marks the current version for (agency, year); a report with neither is its own current version. */
function markCurrent(db: Db, reportId: number, agency: number | null, year: number | null): void {
  const s = stmts(db);
  if (agency === null || year === null) {
    db.$client.prepare('update reports set is_current = 1 where id = ?').run(reportId);
    return;
  }
  s.clearCurrent.run(agency, year);
  s.markCurrent.run(agency, year);
}

interface Placement {
  agency_id: number | null;
  year: number | null;
  region_code: string | null;
  town_code: string | null;
  scope: string | null;
}

const refreshStatements = new WeakMap<Db, Map<string, import('better-sqlite3').Statement>>();
function refreshStatement(db: Db, where: string, value = coveredRankSql('reports')): import('better-sqlite3').Statement {
  let m = refreshStatements.get(db);
  if (!m) refreshStatements.set(db, (m = new Map()));
  const key = `${value}|${where}`;
  let st = m.get(key);
  if (!st) m.set(key, (st = db.$client.prepare(`update reports set covered_rank = ${value} where ${where}`)));
  return st;
}

/**
 * Keeps `covered_rank` (db/coverage.ts) right after report `id` was written: for the report and
 * the other versions of its agency's report for the year, and, where a region-wide report is or
 * was among them (`before`: where the report stood before a re-parse), for every current report
 * inside that region that year. Runs inside the report's transaction.
 */
function refreshCoverage(db: Db, id: number, before: Placement[] = []): void {
  const c = db.$client;
  const now = c.prepare<[number], Placement>('select agency_id, year, region_code, town_code, scope from reports where id = ?').get(id)!;
  const versions =
    now.agency_id !== null && now.year !== null
      ? c.prepare<[number, number], Placement>('select agency_id, year, region_code, town_code, scope from reports where agency_id = ? and year = ?').all(now.agency_id, now.year)
      : [now];
  if (versions.length > 1) refreshStatement(db, 'agency_id = ? and year = ?').run(now.agency_id, now.year);
  else refreshStatement(db, 'id = ?').run(id);
  const done = new Set<string>();
  for (const p of [...before, ...versions]) {
    if (p.scope !== 'region' || p.year === null || !p.region_code) continue;
    const inside = insideSql(p.region_code, p.town_code);
    const key = `${p.year}:${inside.params.join(':')}`;
    if (done.has(key)) continue;
    done.add(key);
    refreshStatement(db, `is_current = 1 and year = ? and ${inside.sql}`).run(p.year, ...inside.params);
  }
}

/**
 * A new current region-wide report (rank k) covers the current reports inside its region: their
 * covered_rank rises to k where it was lower. Adding a report can only raise covered ranks, so no
 * recomputation is needed; only rows that change are written (each row holds a whole text).
 */
function raiseCoverage(db: Db, id: number, year: number, regionCode: string, townCode: string | null): void {
  const k = townCode ? 3 : rankOfCode(regionCode);
  const inside = insideSql(regionCode, townCode);
  refreshStatement(
    db,
    `is_current = 1 and year = ? and ${inside.sql} and id <> ? and (covered_rank is null or covered_rank < ?) and (coalesce(scope, '') <> 'region' or ${rankSql('reports')} > ?)`,
    '?',
  ).run(k, year, ...inside.params, id, k, k);
}

/** Stores a new report and returns its id. Throws (and stores nothing) on any failure. */
export function storeReport(db: Db, r: ParsedReport, source: SourceInfo, parserVersion: string, declared?: MetaOverride, failAfterValues = false): number {
  return db.$client.transaction(() => {
    const s = stmts(db);
    const agency = agencyId(db, r.meta);
    const failed = r.checks.filter((c) => c.status === 'fail').length;
    // The usual case, the first version of an agency's report for a year, is current at once;
    // otherwise the versions are compared after the insert.
    const year = r.meta.year;
    const alone = agency === null || year === null || !s.hasVersion.get(agency, year);
    // The counting rule (db/coverage.ts) for the usual case: computed before the insert, so the
    // row (which holds the whole text) is written once.
    const covered = alone && year !== null ? (s.coveredRankOf.get(-1, year, r.meta.region_code, r.meta.town_code, r.meta.scope)?.k ?? null) : null;
    const id = Number(
      s.insertReport.run(agency, r.meta.region_code, r.meta.town_code, year, r.format, r.meta.title, r.meta.published, source.file, source.url ?? null, source.kind,
        source.contentHash, parserVersion, r.text, r.meta.scope, alone ? 1 : 0, declared ? JSON.stringify(declared) : null, JSON.stringify(r.warnings), failed, r.warnings.length,
        covered).lastInsertRowid,
    );
    writeDetails(db, id, r);
    // Lets the tests prove that a failure half-way through a report leaves nothing behind.
    if (failAfterValues) throw new Error('simulated failure after the values were written');
    if (!alone) {
      // Another version of the same agency's report: which one counts may change, and with it
      // what region-wide reports cover.
      markCurrent(db, id, agency, year);
      refreshCoverage(db, id);
    } else if (r.meta.scope === 'region' && year !== null && r.meta.region_code) raiseCoverage(db, id, year, r.meta.region_code, r.meta.town_code);
    return id;
  })();
}

/** Replaces a stored report's parse (values, checks, sections, metadata) in one transaction. */
export function replaceParse(
  db: Db,
  reportId: number,
  r: ParsedReport,
  parserVersion: string,
  /** A manifest's new declarations for the report (and its URL), kept for later re-parses. */
  update?: { declared: MetaOverride | null; url?: string | null },
): void {
  const c = db.$client;
  c.transaction(() => {
    const old = c.prepare<[number], Placement>('select agency_id, year, region_code, town_code, scope from reports where id = ?').get(reportId);
    const oldVersions =
      old?.agency_id != null && old.year != null
        ? c.prepare<[number, number], Placement>('select agency_id, year, region_code, town_code, scope from reports where agency_id = ? and year = ?').all(old.agency_id, old.year)
        : [];
    for (const t of ['report_values', 'report_checks', 'report_sections', 'report_metrics']) c.prepare(`delete from ${t} where report_id = ?`).run(reportId);
    const agency = agencyId(db, r.meta);
    const failed = r.checks.filter((ch) => ch.status === 'fail').length;
    c.prepare(
      `update reports set agency_id = ?, region_code = ?, town_code = ?, year = ?, format = ?, title = ?, published = ?, parser_version = ?, text = ?, scope = ?,
        warnings = ?, failed_checks = ?, warning_count = ? where id = ?`,
    ).run(agency, r.meta.region_code, r.meta.town_code, r.meta.year, r.format, r.meta.title, r.meta.published, parserVersion, r.text, r.meta.scope, JSON.stringify(r.warnings), failed, r.warnings.length, reportId);
    if (update) c.prepare('update reports set declared = ? where id = ?').run(update.declared ? JSON.stringify(update.declared) : null, reportId);
    if (update?.url) c.prepare('update reports set source_url = ? where id = ?').run(update.url, reportId);
    writeDetails(db, reportId, r);
    if (old?.agency_id != null && old.year != null) markCurrent(db, reportId, old.agency_id, old.year);
    markCurrent(db, reportId, agency, r.meta.year);
    refreshCoverage(db, reportId, old ? [old, ...oldVersions] : []);
    if (old?.agency_id != null && old.year != null && (old.agency_id !== agency || old.year !== r.meta.year)) {
      // The versions left behind at the old agency and year: one of them may be current now.
      const other = c.prepare<[number, number], { id: number }>('select id from reports where agency_id = ? and year = ? limit 1').get(old.agency_id, old.year);
      if (other) refreshCoverage(db, other.id);
    }
  })();
}
