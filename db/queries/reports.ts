/**
 * Reports themselves: the dataset counts, the reports behind a figure (drill-down and the report
 * index, paged), and one report with everything its page shows.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../driver';
import { CELL, CELL_COLUMNS } from '../records';
import { col } from '../rows';
import { filterSql, type Filter } from './filter';

export interface Overview {
  reports: number;
  agencies: number;
  regions: number;
  years: number[];
  failedReports: number;
  failedChecks: number;
}

/** Counts over the current reports with a year (the roll-ups) and their agencies (the (agency, current) index). */
export async function getOverview(db: Db): Promise<Overview> {
  const [t, agencies, regions, years] = await Promise.all([
    db.one(
      sql`select sum(reports) as reports, sum(failed_reports) as failed_reports, sum(failed_checks) as failed_checks from region_rollups where level = 'country'`,
      {
        reports: col.numberOrNull,
        failed_reports: col.numberOrNull,
        failed_checks: col.numberOrNull,
      },
    ),
    // One probe of the (agency, current) index per agency: no sort of every current report.
    db.one(sql`select count(*) as n from agencies a where exists (select 1 from reports r where r.agency_id = a.id and r.is_current = 1)`, {
      n: col.number,
    }),
    db.one(sql`select count(distinct code) as n from region_rollups where level = 'county'`, { n: col.number }),
    getYears(db),
  ]);
  return {
    reports: t?.reports ?? 0,
    agencies: agencies?.n ?? 0,
    regions: regions?.n ?? 0,
    years,
    failedReports: t?.failed_reports ?? 0,
    failedChecks: t?.failed_checks ?? 0,
  };
}

/** Years with at least one current report, ascending (from the national roll-ups). */
export async function getYears(db: Db): Promise<number[]> {
  const rows = await db.all(sql`select distinct year from region_rollups where level = 'country' order by year`, { year: col.number });
  return rows.map((r) => r.year);
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

const SUMMARY_COLUMNS =
  sql.raw(`r.id as id, a.name as agency, r.region_code as region_code, g.path as region_path, r.year as year, r.format as format, r.published as published,
  r.failed_checks as failed_checks, r.warning_count as warnings, r.is_current as is_current, r.source_file as source_file, r.source_url as source_url`);
const SUMMARY_FROM = sql.raw(
  'reports r left join agencies a on a.id = r.agency_id left join regions g on g.code = coalesce(r.town_code, r.region_code)',
);
const SUMMARY = {
  id: col.number,
  agency: col.textOrNull,
  region_code: col.textOrNull,
  region_path: col.textOrNull,
  year: col.numberOrNull,
  format: col.text,
  published: col.textOrNull,
  failed_checks: col.number,
  warnings: col.number,
  is_current: col.flag,
  source_file: col.text,
  source_url: col.textOrNull,
};

function toSummary(r: {
  id: number;
  agency: string | null;
  region_code: string | null;
  region_path: string | null;
  year: number | null;
  format: string;
  published: string | null;
  failed_checks: number;
  warnings: number;
  is_current: boolean;
  source_file: string;
  source_url: string | null;
}): ReportSummary {
  return {
    id: r.id,
    agency: r.agency,
    regionCode: r.region_code,
    regionPath: r.region_path,
    year: r.year,
    format: r.format,
    published: r.published,
    failedChecks: r.failed_checks,
    warnings: r.warnings,
    isCurrent: r.is_current,
    sourceFile: r.source_file,
    sourceUrl: r.source_url,
  };
}

/**
 * The reports a figure counts (a region or agencies, and years; the counting rule applied), or,
 * with an empty filter and `all`, every current report: newest year first, paged.
 */
export async function listReports(
  db: Db,
  f: Filter,
  { limit = 100, offset = 0, counted = true, ids }: { limit?: number; offset?: number; counted?: boolean; ids?: number[] } = {},
): Promise<{ total: number; rows: ReportSummary[] }> {
  const f0 = filterSql(f, { counted });
  const w = !ids ? f0 : ids.length ? sql`${f0} and r.id in ${ids}` : sql`${f0} and 1 = 0`;
  // The page's ids first, from the indexes alone; then the rows of those few (which hold whole texts).
  const [total, page] = await Promise.all([
    db.one(sql`select count(*) as n from reports r where ${w}`, { n: col.number }),
    db.all(sql`select r.id as id from reports r where ${w} order by r.year desc, r.id desc limit ${limit} offset ${offset}`, { id: col.number }),
  ]);
  if (page.length === 0) return { total: total?.n ?? 0, rows: [] };
  const rows = await db.all(
    sql`select ${SUMMARY_COLUMNS} from ${SUMMARY_FROM} where r.id in ${page.map((p) => p.id)} order by r.year desc, r.id desc`,
    SUMMARY,
  );
  return { total: total?.n ?? 0, rows: rows.map(toSummary) };
}

export interface ReportDetail extends ReportSummary {
  /** The body (for its year-over-year page, /agencies/[id]). */
  agencyId: number | null;
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

function parseWarnings(json: string): ReportDetail['warningList'] {
  const v: unknown = JSON.parse(json);
  if (!Array.isArray(v)) return [];
  return v
    .filter((w): w is Record<string, unknown> => Boolean(w) && typeof w === 'object')
    .map((w) => ({ code: String(w.code ?? ''), message: String(w.message ?? ''), ...(typeof w.key === 'string' ? { key: w.key } : {}) }));
}

/** The file name a stored report came from (a manifest entry is keyed by it), or null when there is no such report. */
export async function getReportSourceFile(db: Db, id: number): Promise<string | null> {
  return (await db.one(sql`select source_file as file from reports where id = ${id}`, { file: col.text }))?.file ?? null;
}

/** One report (any version) with its values, checks, sections and the other versions of it. */
export async function getReport(db: Db, id: number): Promise<ReportDetail | null> {
  const base = await db.one(
    sql`select r.title as title, r.text as text, r.scope as scope, r.source_kind as source_kind, r.parser_version as parser_version,
      r.warnings as warning_json, r.agency_id as agency_id, a.level as level, ${SUMMARY_COLUMNS} from ${SUMMARY_FROM} where r.id = ${id}`,
    {
      ...SUMMARY,
      title: col.textOrNull,
      text: col.text,
      scope: col.textOrNull,
      source_kind: col.text,
      parser_version: col.text,
      warning_json: col.text,
      agency_id: col.numberOrNull,
      level: col.textOrNull,
    },
  );
  if (!base) return null;
  const [values, checks, sections, versions] = await Promise.all([
    db.all(sql`select ${sql.raw(CELL_COLUMNS)}, note from report_values where report_id = ${id}`, { ...CELL, note: col.textOrNull }),
    db.all(sql`select rule_id, status, expected, actual, message from report_checks where report_id = ${id}`, {
      rule_id: col.text,
      status: col.text,
      expected: col.numberOrNull,
      actual: col.numberOrNull,
      message: col.textOrNull,
    }),
    db.all(sql`select idx, title, start, "end" as "end" from report_sections where report_id = ${id} order by idx`, {
      idx: col.number,
      title: col.text,
      start: col.number,
      end: col.number,
    }),
    base.agency_id != null && base.year != null
      ? db.all(
          sql`select id, published, imported_at, is_current from reports where agency_id = ${base.agency_id} and year = ${base.year} order by id`,
          {
            id: col.number,
            published: col.textOrNull,
            imported_at: col.text,
            is_current: col.flag,
          },
        )
      : Promise.resolve([]),
  ]);
  return {
    ...toSummary(base),
    agencyId: base.agency_id,
    title: base.title,
    text: base.text,
    scope: base.scope,
    sourceKind: base.source_kind,
    parserVersion: base.parser_version,
    level: base.level,
    warningList: parseWarnings(base.warning_json),
    values,
    checks: checks.map((c) => ({ ruleId: c.rule_id, status: c.status, expected: c.expected, actual: c.actual, message: c.message })),
    sections: sections.map((s) => ({ index: s.idx, title: s.title, start: s.start, end: s.end })),
    versions: versions.map((v) => ({ id: v.id, published: v.published, importedAt: v.imported_at, isCurrent: v.is_current })),
  };
}

/** The stored reports (any version) with these content hashes (SHA-256 hex of the file), by hash. */
export async function storedByContentHash(db: Db, hashes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  // In slices, to stay well under either database's limit on bound parameters.
  for (let i = 0; i < hashes.length; i += 500) {
    const slice = hashes.slice(i, i + 500);
    const rows = await db.all(
      sql`select id, content_hash as hash from reports where content_hash in (${sql.join(
        slice.map((h) => sql`${h}`),
        sql`, `,
      )})`,
      {
        id: col.number,
        hash: col.text,
      },
    );
    for (const r of rows) out.set(r.hash, r.id);
  }
  return out;
}
