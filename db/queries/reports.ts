/**
 * Reports themselves: the overview counts, one report with everything the report page shows,
 * the reports behind a chart element, search by name, and the data-quality lists.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { fragment } from '../dialect';
import { col } from '../rows';
import { countedWhere, regionCondition, type Filter } from './scope';

export interface Overview {
  reports: number;
  agencies: number;
  regions: number;
  years: number[];
  failedReports: number;
  failedChecks: number;
}

export async function getOverview(db: Db): Promise<Overview> {
  // One pass over the covering index of current reports, then the agencies they name.
  const t = (await db.one(
    sql`select count(*) as reports, count(distinct agency_id) as agencies, count(*) filter (where failed_checks > 0) as "failedReports",
      sum(failed_checks) as "failedChecks" from reports where is_current = 1`,
    { reports: col.number, agencies: col.number, failedReports: col.number, failedChecks: col.numberOrNull },
  ))!;
  const regions = (await db.one(
    sql`select count(distinct a.region_code) as n from (select distinct agency_id from reports where is_current = 1) x join agencies a on a.id = x.agency_id`,
    { n: col.number },
  ))!;
  const years = await db.all(sql`select distinct year from reports where is_current = 1 and year is not null order by year`, { year: col.number });
  return {
    reports: t.reports,
    agencies: t.agencies,
    regions: regions.n,
    years: years.map((r) => r.year),
    failedReports: t.failedReports,
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

const SUMMARY = `select r.id, a.name as agency, a.region_code as "regionCode", g.path as "regionPath", r.year, r.format, r.published,
  r.failed_checks as "failedChecks", r.warning_count as warnings, r.is_current as "isCurrent", r.source_file as "sourceFile", r.source_url as "sourceUrl"
  from reports r left join agencies a on a.id = r.agency_id left join regions g on g.code = coalesce(a.town_code, a.region_code)`;

/** A stored cell (report_values) as the report page and the review store read it. */
export const CELL_ROW = {
  key: col.text,
  value: col.numberOrNull,
  status: col.text,
  raw: col.textOrNull,
  start: col.numberOrNull,
  end: col.numberOrNull,
};

/** The row shape of SUMMARY. */
export const SUMMARY_ROW = {
  id: col.number,
  agency: col.textOrNull,
  regionCode: col.textOrNull,
  regionPath: col.textOrNull,
  year: col.numberOrNull,
  format: col.text,
  published: col.textOrNull,
  failedChecks: col.number,
  warnings: col.number,
  isCurrent: col.flag,
  sourceFile: col.text,
  sourceUrl: col.textOrNull,
};

/** The reports behind a chart element (a region or agencies, and a year): the drill-down. */
export async function listReports(db: Db, f: Filter, limit = 5000): Promise<ReportSummary[]> {
  // The same selection as the figures (countedWhere), in one statement: no list of ids to pass.
  const w = countedWhere(f);
  return db.all(fragment(`${SUMMARY} where ${w.sql} order by r.year desc, a.name limit ?`, [...w.params, limit]), SUMMARY_ROW);
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

export async function getReport(db: Db, id: number): Promise<ReportDetail | null> {
  const base = await db.one(fragment(`${SUMMARY} where r.id = ?`, [id]), SUMMARY_ROW);
  if (!base) return null;
  const more = (await db.one(
    sql`select r.title, r.text, r.scope, r.source_kind as "sourceKind", r.parser_version as "parserVersion", r.warnings, r.agency_id as "agencyId", a.level
      from reports r left join agencies a on a.id = r.agency_id where r.id = ${id}`,
    {
      title: col.textOrNull,
      text: col.text,
      scope: col.textOrNull,
      sourceKind: col.text,
      parserVersion: col.text,
      warnings: col.json<ReportDetail['warningList']>(),
      agencyId: col.numberOrNull,
      level: col.textOrNull,
    },
  ))!;
  const [values, checks, sections, versions] = await Promise.all([
    db.all(sql`select key, value, status, raw, start, "end", note from report_values where report_id = ${id}`, { ...CELL_ROW, note: col.textOrNull }),
    db.all(sql`select rule_id as "ruleId", status, expected, actual, message from report_checks where report_id = ${id}`, {
      ruleId: col.text,
      status: col.text,
      expected: col.numberOrNull,
      actual: col.numberOrNull,
      message: col.textOrNull,
    }),
    db.all(sql`select idx as "index", title, start, "end" from report_sections where report_id = ${id} order by idx`, {
      index: col.number,
      title: col.text,
      start: col.number,
      end: col.number,
    }),
    db.all(
      sql`select id, published, imported_at as "importedAt", is_current as "isCurrent" from reports
        where agency_id is not distinct from ${more.agencyId} and year is not distinct from ${base.year} order by id`,
      { id: col.number, published: col.textOrNull, importedAt: col.text, isCurrent: col.flag },
    ),
  ]);
  return {
    ...base,
    title: more.title,
    text: more.text,
    scope: more.scope,
    sourceKind: more.sourceKind,
    parserVersion: more.parserVersion,
    level: more.level,
    warningList: more.warnings,
    values,
    checks,
    sections,
    versions,
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

export const PLACE_HIT = {
  kind: col.oneOf(['region', 'agency']),
  id: col.text,
  name: col.text,
  path: col.text,
  level: col.textOrNull,
  reports: col.number,
};

/** Regions (down to townships) and agencies (departments too) whose name contains `q`. */
export async function searchPlaces(db: Db, q: string, limit = 20): Promise<PlaceHit[]> {
  const term = q.trim();
  if (!term) return [];
  const like = `%${term.replace(/[%_]/g, '')}%`;
  // Current reports per agency and per place, counted once from the covering index of current
  // reports (never from the report rows, which hold whole texts).
  const agencies = await db.all(
    sql`select 'agency' as kind, cast(a.id as text) as id, a.name, coalesce(g.path, '') as path, a.level, coalesce(n.c, 0) as reports
        from agencies a left join regions g on g.code = coalesce(a.town_code, a.region_code)
        left join (select agency_id, count(*) as c from reports where is_current = 1 group by agency_id) n on n.agency_id = a.id
        where a.name like ${like} order by reports desc, a.name limit ${limit}`,
    PLACE_HIT,
  );
  const perPlace = await db.all(
    sql`select region_code as rc, town_code as tc, count(*) as n from reports where is_current = 1 and region_code is not null group by region_code, town_code`,
    { rc: col.text, tc: col.textOrNull, n: col.number },
  );
  // A region's count is the sum over the places inside it: by township, county, city and province prefix.
  const inside = new Map<string, number>();
  const add = (k: string, n: number) => inside.set(k, (inside.get(k) ?? 0) + n);
  for (const p of perPlace) {
    if (p.tc) add(`t${p.tc}`, p.n);
    add(`6${p.rc}`, p.n);
    add(`4${p.rc.slice(0, 4)}`, p.n);
    add(`2${p.rc.slice(0, 2)}`, p.n);
  }
  const matched = await db.all(
    sql`select 'region' as kind, g.code as id, g.name, g.path, g.level, 0 as reports from regions g where g.name like ${like} order by length(g.code), g.code limit 200`,
    PLACE_HIT,
  );
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
export async function listQualityIssues(db: Db, f: { regionCode?: string; year?: number; ruleId?: string; limit?: number }): Promise<QualityRow[]> {
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
  const rows = await db.all(fragment(`${SUMMARY} where ${parts.join(' and ')} order by r.failed_checks desc, r.year desc limit ?`, [...params, f.limit ?? 500]), SUMMARY_ROW);
  const out: QualityRow[] = [];
  for (const r of rows) {
    const rules = await db.all(sql`select rule_id from report_checks where report_id = ${r.id} and status = 'fail'`, { rule_id: col.text });
    out.push({ ...r, failedRules: rules.map((x) => x.rule_id) });
  }
  return out;
}

/** Failed checks per rule family and per region (county level or above) — the quality summary. */
export async function getQualitySummary(db: Db, f: { regionCode?: string; year?: number } = {}) {
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
  // Failures per rule in SQL; rules folded into their family (t3.balance.total → t3.balance) here.
  const perRule = await db.all(
    fragment(
      `select k.rule_id as rule, count(*) as failures from report_checks k join reports r on r.id = k.report_id join agencies a on a.id = r.agency_id
        where ${w} and r.failed_checks > 0 and k.status = 'fail' group by k.rule_id`,
      params,
    ),
    { rule: col.text, failures: col.number },
  );
  const perReport = await db.all(
    fragment(
      `select k.report_id as id, k.rule_id as rule from report_checks k join reports r on r.id = k.report_id join agencies a on a.id = r.agency_id
        where ${w} and r.failed_checks > 0 and k.status = 'fail'`,
      params,
    ),
    { id: col.number, rule: col.text },
  );
  const familyOf = (rule: string) => rule.split('.').slice(0, 2).join('.');
  const families = new Map<string, { family: string; failures: number; reports: Set<number> }>();
  for (const r of perRule) {
    const fam = familyOf(r.rule);
    const e = families.get(fam) ?? { family: fam, failures: 0, reports: new Set<number>() };
    e.failures += r.failures;
    families.set(fam, e);
  }
  for (const r of perReport) families.get(familyOf(r.rule))?.reports.add(r.id);
  const byRule = [...families.values()].map((e) => ({ family: e.family, failures: e.failures, reports: e.reports.size })).sort((a, b) => b.failures - a.failures);
  const byRegion = await db.all(
    fragment(
      `select a.region_code as "regionCode", g.path, count(*) as reports, count(*) filter (where r.failed_checks > 0) as "failedReports", sum(r.failed_checks) as "failedChecks"
        from reports r join agencies a on a.id = r.agency_id left join regions g on g.code = a.region_code
        where ${w} group by a.region_code, g.path order by "failedChecks" desc limit 50`,
      params,
    ),
    { regionCode: col.textOrNull, path: col.textOrNull, reports: col.number, failedReports: col.number, failedChecks: col.number },
  );
  return { byRule, byRegion };
}
