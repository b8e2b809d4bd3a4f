/**
 * Reports themselves: the overview counts, one report with everything the report page shows,
 * the reports behind a chart element, search by name, and the data-quality lists.
 */
import type { Db } from '../client';
import { countedWhere, regionCondition, type Filter } from './scope';

export interface Overview {
  reports: number;
  agencies: number;
  regions: number;
  years: number[];
  failedReports: number;
  failedChecks: number;
}

export function getOverview(db: Db): Overview {
  const c = db.$client;
  // One pass over the covering index of current reports, then the agencies they name.
  const t = c
    .prepare('select count(*) as reports, count(distinct agency_id) as agencies, sum(failed_checks > 0) as failedReports, sum(failed_checks) as failedChecks from reports where is_current = 1')
    .get() as { reports: number; agencies: number; failedReports: number | null; failedChecks: number | null };
  const regions = c
    .prepare('select count(distinct a.region_code) as n from (select distinct agency_id from reports where is_current = 1) x join agencies a on a.id = x.agency_id')
    .get() as { n: number };
  return {
    reports: t.reports,
    agencies: t.agencies,
    regions: regions.n,
    years: (c.prepare('select distinct year from reports where is_current = 1 and year is not null order by year').all() as { year: number }[]).map((r) => r.year),
    failedReports: t.failedReports ?? 0,
    failedChecks: t.failedChecks ?? 0,
  };
}

export interface ReportSummary {
  id: number;
  agency: string | null;
  regionCode: string | null;
  regionPath: string | null;
  year: number | null;
  format: string;
  published: string | null;
  failedChecks: number;
  warnings: number;
  isCurrent: boolean;
  sourceFile: string;
  /** Where the report was published (manifest `url`), when known. */
  sourceUrl: string | null;
}

const SUMMARY = `select r.id, a.name as agency, a.region_code as regionCode, g.path as regionPath, r.year, r.format, r.published,
  r.failed_checks as failedChecks, r.warning_count as warnings, r.is_current as isCurrent, r.source_file as sourceFile, r.source_url as sourceUrl
  from reports r left join agencies a on a.id = r.agency_id left join regions g on g.code = coalesce(a.town_code, a.region_code)`;

function toSummary(r: ReportSummary): ReportSummary {
  return { ...r, isCurrent: Boolean(r.isCurrent) };
}

/** The reports behind a chart element (a region or agencies, and a year): the drill-down. */
export function listReports(db: Db, f: Filter, limit = 5000): ReportSummary[] {
  // The same selection as the figures (countedWhere), in one statement: no list of ids to pass.
  const w = countedWhere(f);
  const rows = db.$client.prepare(`${SUMMARY} where ${w.sql} order by r.year desc, a.name limit ?`).all(...w.params, limit) as ReportSummary[];
  return rows.map(toSummary);
}

export interface ReportDetail extends ReportSummary {
  title: string | null;
  text: string;
  scope: string | null;
  sourceKind: string;
  parserVersion: string;
  level: string | null;
  warningList: { code: string; message: string; key?: string }[];
  values: { key: string; value: number | null; status: string; raw: string | null; start: number | null; end: number | null; note: string | null }[];
  checks: { ruleId: string; status: string; expected: number | null; actual: number | null; message: string | null }[];
  sections: { index: number; title: string; start: number; end: number }[];
  versions: { id: number; published: string | null; importedAt: string; isCurrent: boolean }[];
}

export function getReport(db: Db, id: number): ReportDetail | null {
  const c = db.$client;
  const base = c.prepare(`${SUMMARY} where r.id = ?`).get(id) as ReportSummary | undefined;
  if (!base) return null;
  const more = c
    .prepare('select r.title, r.text, r.scope, r.source_kind as sourceKind, r.parser_version as parserVersion, r.warnings, r.agency_id as agencyId, a.level from reports r left join agencies a on a.id = r.agency_id where r.id = ?')
    .get(id) as { title: string | null; text: string; scope: string | null; sourceKind: string; parserVersion: string; warnings: string; agencyId: number | null; level: string | null };
  return {
    ...toSummary(base),
    title: more.title,
    text: more.text,
    scope: more.scope,
    sourceKind: more.sourceKind,
    parserVersion: more.parserVersion,
    level: more.level,
    warningList: JSON.parse(more.warnings),
    values: c.prepare('select key, value, status, raw, start, "end", note from report_values where report_id = ?').all(id) as ReportDetail['values'],
    checks: c.prepare('select rule_id as ruleId, status, expected, actual, message from report_checks where report_id = ?').all(id) as ReportDetail['checks'],
    sections: c.prepare('select idx as "index", title, start, "end" from report_sections where report_id = ? order by idx').all(id) as ReportDetail['sections'],
    versions: (
      c
        .prepare('select id, published, imported_at as importedAt, is_current as isCurrent from reports where agency_id is ? and year is ? order by id')
        .all(more.agencyId, base.year) as { id: number; published: string | null; importedAt: string; isCurrent: number }[]
    ).map((v) => ({ ...v, isCurrent: Boolean(v.isCurrent) })),
  };
}

export interface PlaceHit {
  kind: 'region' | 'agency';
  /** Region code, or agency id as a string. */
  id: string;
  name: string;
  path: string;
  level: string | null;
  reports: number;
}

/** Regions (down to townships) and agencies (departments too) whose name contains `q`. */
export function searchPlaces(db: Db, q: string, limit = 20): PlaceHit[] {
  const term = q.trim();
  if (!term) return [];
  const like = `%${term.replace(/[%_]/g, '')}%`;
  const c = db.$client;
  // Current reports per agency and per place, counted once from the covering index of current
  // reports (never from the report rows, which hold whole texts).
  const agencies = c
    .prepare(
      `select 'agency' as kind, cast(a.id as text) as id, a.name, coalesce(g.path, '') as path, a.level, coalesce(n.c, 0) as reports
        from agencies a left join regions g on g.code = coalesce(a.town_code, a.region_code)
        left join (select agency_id, count(*) as c from reports where is_current = 1 group by agency_id) n on n.agency_id = a.id
        where a.name like ? order by reports desc, a.name limit ?`,
    )
    .all(like, limit) as PlaceHit[];
  const perPlace = c
    .prepare('select region_code as rc, town_code as tc, count(*) as n from reports where is_current = 1 and region_code is not null group by region_code, town_code')
    .all() as { rc: string; tc: string | null; n: number }[];
  // A region's count is the sum over the places inside it: by township, county, city and province prefix.
  const inside = new Map<string, number>();
  const add = (k: string, n: number) => inside.set(k, (inside.get(k) ?? 0) + n);
  for (const p of perPlace) {
    if (p.tc) add(`t${p.tc}`, p.n);
    add(`6${p.rc}`, p.n);
    add(`4${p.rc.slice(0, 4)}`, p.n);
    add(`2${p.rc.slice(0, 2)}`, p.n);
  }
  const matched = c
    .prepare(`select 'region' as kind, g.code as id, g.name, g.path, g.level, 0 as reports from regions g where g.name like ? order by length(g.code), g.code limit 200`)
    .all(like) as PlaceHit[];
  for (const h of matched) {
    const key = h.level === 'township' ? `t${h.id}` : h.level === 'province' ? `2${h.id.slice(0, 2)}` : h.level === 'city' ? `4${h.id.slice(0, 4)}` : `6${h.id}`;
    h.reports = inside.get(key) ?? 0;
  }
  const regions = matched.sort((a, b) => b.reports - a.reports).slice(0, limit);
  return [...agencies, ...regions].sort((a, b) => b.reports - a.reports).slice(0, limit);
}

export interface QualityRow extends ReportSummary {
  failedRules: string[];
}

/** Reports with failed checks or warnings, filterable by region, year and rule. */
export function listQualityIssues(db: Db, f: { regionCode?: string; year?: number; ruleId?: string; limit?: number }): QualityRow[] {
  const parts = ['r.is_current = 1', '(r.failed_checks > 0 or r.warning_count > 0)'];
  const params: (string | number)[] = [];
  if (f.regionCode) {
    const rc = regionCondition(f.regionCode);
    parts.push(rc.sql);
    params.push(...rc.params);
  }
  if (f.year) {
    parts.push('r.year = ?');
    params.push(f.year);
  }
  if (f.ruleId) {
    parts.push("exists (select 1 from report_checks k where k.report_id = r.id and k.status = 'fail' and k.rule_id like ?)");
    params.push(`${f.ruleId}%`);
  }
  const rows = db.$client
    .prepare(`${SUMMARY} where ${parts.join(' and ')} order by r.failed_checks desc, r.year desc limit ?`)
    .all(...params, f.limit ?? 500) as ReportSummary[];
  const rules = db.$client.prepare<[number], { rule_id: string }>("select rule_id from report_checks where report_id = ? and status = 'fail'");
  return rows.map((r) => ({ ...toSummary(r), failedRules: rules.all(r.id).map((x) => x.rule_id) }));
}

/** Failed checks per rule family and per region (county level or above) — the quality summary. */
export function getQualitySummary(db: Db, f: { regionCode?: string; year?: number } = {}) {
  const parts = ['r.is_current = 1'];
  const params: (string | number)[] = [];
  if (f.regionCode) {
    const rc = regionCondition(f.regionCode, 'r');
    parts.push(rc.sql);
    params.push(...rc.params);
  }
  if (f.year) {
    parts.push('r.year = ?');
    params.push(f.year);
  }
  const w = parts.join(' and ');
  const c = db.$client;
  const byRule = c
    .prepare(
      `select substr(k.rule_id, 1, instr(substr(k.rule_id, 4), '.') + 2) as family, count(*) as failures, count(distinct k.report_id) as reports
        from report_checks k join reports r on r.id = k.report_id join agencies a on a.id = r.agency_id
        where ${w} and r.failed_checks > 0 and k.status = 'fail' group by family order by failures desc`,
    )
    .all(...params) as { family: string; failures: number; reports: number }[];
  const byRegion = c
    .prepare(
      `select a.region_code as regionCode, g.path, count(*) as reports, sum(r.failed_checks > 0) as failedReports, sum(r.failed_checks) as failedChecks
        from reports r join agencies a on a.id = r.agency_id left join regions g on g.code = a.region_code
        where ${w} group by a.region_code order by failedChecks desc limit 50`,
    )
    .all(...params) as { regionCode: string; path: string; reports: number; failedReports: number; failedChecks: number }[];
  return { byRule, byRegion };
}
