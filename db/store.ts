/**
 * Writes a parsed report: one synchronous transaction per report, so a report is stored whole or
 * not at all (a failure or a kill half-way leaves nothing of it behind). Parsing happens before,
 * outside the transaction.
 */
import { regionByCode, regionPath } from '../lib/region/gazetteer';
import type { ParsedReport, ReportMeta } from '../lib/report/types';
import type { Db } from './client';

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
      `insert into reports (agency_id, year, format, title, published, source_file, source_url, source_kind, content_hash,
        parser_version, text, scope, is_current, declared, warnings, failed_checks) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    ),
    insertValue: c.prepare('insert into report_values (report_id, key, value, status, raw, start, "end", note) values (?, ?, ?, ?, ?, ?, ?, ?)'),
    insertCheck: c.prepare('insert into report_checks (report_id, rule_id, status, expected, actual, message) values (?, ?, ?, ?, ?, ?)'),
    insertSection: c.prepare('insert into report_sections (report_id, idx, title, start, "end") values (?, ?, ?, ?, ?)'),
    clearCurrent: c.prepare('update reports set is_current = 0 where agency_id is ? and year is ?'),
    markCurrent: c.prepare(
      `update reports set is_current = 1 where id = (select id from reports where agency_id is ? and year is ?
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

function writeDetails(db: Db, reportId: number, r: ParsedReport): void {
  const s = stmts(db);
  for (const [key, v] of Object.entries(r.values)) {
    const c = r.cells[key];
    s.insertValue.run(reportId, key, v, c.status, c.raw ?? null, c.start ?? null, c.end ?? null, c.note ?? null);
  }
  for (const ch of r.checks) s.insertCheck.run(reportId, ch.id, ch.status, ch.expected, ch.actual, ch.message ?? null);
  for (const sec of r.sections) s.insertSection.run(reportId, sec.index, sec.title, sec.start, sec.end);
}

/** Stores a new report and returns its id. Throws (and stores nothing) on any failure. */
export function storeReport(db: Db, r: ParsedReport, source: SourceInfo, parserVersion: string, declared?: MetaOverride, failAfterValues = false): number {
  return db.$client.transaction(() => {
    const s = stmts(db);
    const agency = agencyId(db, r.meta);
    const failed = r.checks.filter((c) => c.status === 'fail').length;
    const id = Number(
      s.insertReport.run(agency, r.meta.year, r.format, r.meta.title, r.meta.published, source.file, source.url ?? null, source.kind,
        source.contentHash, parserVersion, r.text, r.meta.scope, declared ? JSON.stringify(declared) : null, JSON.stringify(r.warnings), failed).lastInsertRowid,
    );
    writeDetails(db, id, r);
    // Lets the tests prove that a failure half-way through a report leaves nothing behind.
    if (failAfterValues) throw new Error('simulated failure after the values were written');
    s.clearCurrent.run(agency, r.meta.year);
    s.markCurrent.run(agency, r.meta.year);
    return id;
  })();
}

/** Replaces a stored report's parse (values, checks, sections, metadata) in one transaction. */
export function replaceParse(db: Db, reportId: number, r: ParsedReport, parserVersion: string): void {
  const c = db.$client;
  c.transaction(() => {
    const old = c.prepare<[number], { agency_id: number | null; year: number | null }>('select agency_id, year from reports where id = ?').get(reportId);
    for (const t of ['report_values', 'report_checks', 'report_sections']) c.prepare(`delete from ${t} where report_id = ?`).run(reportId);
    const agency = agencyId(db, r.meta);
    const failed = r.checks.filter((ch) => ch.status === 'fail').length;
    c.prepare(
      `update reports set agency_id = ?, year = ?, format = ?, title = ?, published = ?, parser_version = ?, text = ?, scope = ?,
        warnings = ?, failed_checks = ? where id = ?`,
    ).run(agency, r.meta.year, r.format, r.meta.title, r.meta.published, parserVersion, r.text, r.meta.scope, JSON.stringify(r.warnings), failed, reportId);
    writeDetails(db, reportId, r);
    const s = stmts(db);
    for (const [a, y] of [[old?.agency_id ?? null, old?.year ?? null], [agency, r.meta.year]] as const) {
      s.clearCurrent.run(a, y);
      s.markCurrent.run(a, y);
    }
  })();
}
