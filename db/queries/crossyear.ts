/**
 * Cross-year findings and text reuse (stored by db/crossyear.ts): for a report, for a body, for
 * the quality page, and a region's distribution of reuse rates.
 */
import { CROSS_YEAR_RULES } from '../../lib/crossyear/rules';
import { reuseDistribution, type ReuseBin } from '../../lib/crossyear/reuse';
import type { Span } from '../../lib/report/types';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../driver';
import { col, type Row } from '../rows';
import { filterSql, type Filter } from './filter';
import { regionByCode } from '../../lib/region/gazetteer';
import { agencyRows, type AgencyRow } from './coverage';

export interface CrossYearRow {
  reportId: number;
  year: number;
  previousReportId: number;
  previousYear: number;
  agencyId: number;
  agency: string;
  ruleId: string;
  /** The rule in words, from lib/crossyear/rules. */
  rule: string;
  severity: 'error' | 'verify';
  status: 'fail' | 'not_assessable';
  expected: number | null;
  actual: number | null;
  doubtful: boolean;
  message: string;
}

const RULE_LABEL = new Map(CROSS_YEAR_RULES.map((r) => [r.id, r.label]));

const FINDING = {
  report_id: col.number,
  year: col.number,
  previous_report_id: col.number,
  previous_year: col.number,
  agency_id: col.number,
  agency: col.text,
  rule_id: col.text,
  severity: col.text,
  status: col.text,
  expected: col.numberOrNull,
  actual: col.numberOrNull,
  doubtful: col.flag,
  message: col.textOrNull,
};

const SELECT =
  sql.raw(`select f.report_id, f.year, f.previous_report_id, p.year as previous_year, f.agency_id, a.name as agency, f.rule_id, f.severity, f.status,
  f.expected, f.actual, f.doubtful, f.message
  from cross_year_findings f join reports p on p.id = f.previous_report_id join agencies a on a.id = f.agency_id`);
// Errors (表三 carry) before 请核实 hints (表二 stock), failures before unreadable cells.
const ORDER = sql.raw(`order by case f.status when 'fail' then 0 else 1 end, case f.severity when 'error' then 0 else 1 end, f.year desc, f.rule_id`);

function toRow(x: Row<typeof FINDING>): CrossYearRow {
  return {
    reportId: x.report_id,
    year: x.year,
    previousReportId: x.previous_report_id,
    previousYear: x.previous_year,
    agencyId: x.agency_id,
    agency: x.agency,
    ruleId: x.rule_id,
    rule: RULE_LABEL.get(x.rule_id) ?? x.rule_id,
    severity: x.severity === 'error' ? 'error' : 'verify',
    status: x.status === 'fail' ? 'fail' : 'not_assessable',
    expected: x.expected,
    actual: x.actual,
    doubtful: x.doubtful,
    message: x.message ?? '',
  };
}

/** Findings where the report is year N or year N−1 of the pair (not the passing ones). */
export async function getReportCrossYear(db: Db, reportId: number): Promise<CrossYearRow[]> {
  const rows = await db.all(
    sql`${SELECT} where (f.report_id = ${reportId} or f.previous_report_id = ${reportId}) and f.status <> 'pass' ${ORDER}`,
    FINDING,
  );
  return rows.map(toRow);
}

/** A body's findings over all its years. */
export async function getAgencyCrossYear(db: Db, agencyId: number): Promise<CrossYearRow[]> {
  const rows = await db.all(sql`${SELECT} where f.agency_id = ${agencyId} and f.status <> 'pass' ${ORDER}`, FINDING);
  return rows.map(toRow);
}

export interface CrossYearSummary {
  errors: number;
  hints: number;
  pairs: number;
}

/** The quality page: failed cross-year rules of the current reports a filter names. */
export async function listCrossYearFindings(db: Db, f: Filter, limit = 200): Promise<{ rows: CrossYearRow[]; summary: CrossYearSummary }> {
  const w = filterSql(f);
  // The whole country (or years of it): walk the failures index in order. A region or agencies:
  // start from their reports (a covering index) and sort their failures.
  const rows =
    f.regionCode || f.agencyIds?.length
      ? db.all(sql`${SELECT} join reports r on r.id = f.report_id where ${w} and f.status = 'fail' ${ORDER} limit ${limit}`, FINDING)
      : failedInOrder(db, w, f.years ?? null, limit);
  const [list, summary] = await Promise.all([rows, crossYearSummary(db, f)]);
  return { rows: list.map(toRow), summary };
}

/**
 * Failed findings in the list's order (errors before hints, newest year first, then rule), up to
 * `limit`: one (severity, year) group at a time through the partial index of failures (year,
 * severity, rule_id), so the national list reads a hundred rows instead of sorting every failure.
 */
async function failedInOrder(db: Db, w: SQL, years: number[] | null, limit: number): Promise<Row<typeof FINDING>[]> {
  // A finding's year is its report's year: only the groups of the chosen years.
  const groups = (
    await db.all(sql`select distinct year, severity from cross_year_findings where status = 'fail'`, { year: col.number, severity: col.text })
  ).filter((g) => !years || years.includes(g.year));
  groups.sort((a, b) => (a.severity === 'error' ? 0 : 1) - (b.severity === 'error' ? 0 : 1) || b.year - a.year);
  const out: Row<typeof FINDING>[] = [];
  for (const g of groups) {
    if (out.length >= limit) break;
    out.push(
      ...(await db.all(
        sql`${SELECT} join reports r on r.id = f.report_id where f.status = 'fail' and f.year = ${g.year} and f.severity = ${g.severity} and ${w} order by f.rule_id limit ${limit - out.length}`,
        FINDING,
      )),
    );
  }
  return out;
}

const SUMMARY = { errors: col.numberOrNull, hints: col.numberOrNull, pairs: col.numberOrNull };
const LEVEL_OF: Record<string, string> = { province: 'province', city: 'city' };

/**
 * Failed errors and hints, and pairs checked, for a filter: from cross_year_summary for the
 * country or a region (and years); counted from the findings for chosen agencies or a township.
 */
async function crossYearSummary(db: Db, f: Filter): Promise<CrossYearSummary> {
  let c: { errors: number | null; hints: number | null; pairs: number | null } | undefined;
  if (!f.agencyIds?.length && (!f.regionCode || f.regionCode.length === 6)) {
    const level = f.regionCode ? (LEVEL_OF[regionByCode(f.regionCode)?.level ?? ''] ?? 'county') : 'country';
    const years = f.years?.length ? sql` and year in ${f.years}` : sql``;
    [c] = await db.all(
      sql`select sum(errors) as errors, sum(hints) as hints, sum(pairs) as pairs from cross_year_summary where level = ${level} and code = ${f.regionCode ?? '000000'}${years}`,
      SUMMARY,
    );
  } else [c] = await countCrossYear(db, f);
  return { errors: c?.errors ?? 0, hints: c?.hints ?? 0, pairs: c?.pairs ?? 0 };
}

/** The same counts straight from the findings (agencies, townships; and the tests' reference). */
export function countCrossYear(db: Db, f: Filter) {
  return db.all(
    sql`select sum(case when f.status = 'fail' and f.severity = 'error' then 1 else 0 end) as errors,
      sum(case when f.status = 'fail' and f.severity = 'verify' then 1 else 0 end) as hints, count(distinct f.report_id) as pairs
      from cross_year_findings f where f.report_id in (select r.id from reports r where ${filterSql(f)})`,
    SUMMARY,
  );
}

export interface ReuseSection {
  section: number;
  sentences: number;
  reused: number;
  rate: number;
  passages: Span[];
}

export interface ReportReuse {
  previousReportId: number;
  previousYear: number;
  /** The whole narrative (section 0), then each section. */
  total: ReuseSection | null;
  sections: ReuseSection[];
}

/** How much of a report's narrative repeats its body's report of the year before. */
export async function getReportReuse(db: Db, reportId: number): Promise<ReportReuse | null> {
  const rows = await db.all(
    sql`select t.section, t.sentences, t.reused, t.passages, t.previous_report_id, p.year as previous_year
      from text_reuse t join reports p on p.id = t.previous_report_id where t.report_id = ${reportId} order by t.section`,
    { section: col.number, sentences: col.number, reused: col.number, passages: col.text, previous_report_id: col.number, previous_year: col.number },
  );
  if (rows.length === 0) return null;
  const sections = rows.map((r) => ({
    section: r.section,
    sentences: r.sentences,
    reused: r.reused,
    rate: r.reused / r.sentences,
    passages: (JSON.parse(r.passages) as [number, number][]).map(([start, end]) => ({ start, end })),
  }));
  return {
    previousReportId: rows[0].previous_report_id,
    previousYear: rows[0].previous_year,
    total: sections.find((s) => s.section === 0) ?? null,
    sections: sections.filter((s) => s.section > 0),
  };
}

export interface ReuseDistribution {
  year: number | null;
  reports: number;
  median: number | null;
  bins: ReuseBin[];
  /** The reports reusing most, for a list. */
  top: { reportId: number; agency: string; year: number; rate: number }[];
}

/** A region's (or the country's) reuse rates of the current reports of a year. */
export async function getReuseDistribution(db: Db, f: Filter): Promise<ReuseDistribution> {
  const rows = await db.all(
    sql`select t.report_id, t.sentences, t.reused, r.year, a.name as agency from text_reuse t join reports r on r.id = t.report_id join agencies a on a.id = r.agency_id
      where t.section = 0 and ${filterSql(f)}`,
    { report_id: col.number, sentences: col.number, reused: col.number, year: col.number, agency: col.text },
  );
  const rates = rows
    .map((r) => ({ reportId: r.report_id, agency: r.agency, year: r.year, rate: r.reused / r.sentences }))
    .sort((a, b) => b.rate - a.rate || a.agency.localeCompare(b.agency));
  const sorted = rates.map((r) => r.rate).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    year: f.years?.length === 1 ? f.years[0] : null,
    reports: rates.length,
    median: sorted.length ? (sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2) : null,
    bins: reuseDistribution(sorted),
    top: rates.slice(0, 10),
  };
}

export interface AgencyYear {
  reportId: number;
  year: number;
  format: string;
  published: string | null;
  title: string | null;
  failedChecks: number;
}

/** A body and its current reports, oldest first. */
export async function getAgencyYears(db: Db, agencyId: number): Promise<(AgencyRow & { reports: AgencyYear[] }) | null> {
  const [a] = await agencyRows(db, sql`a.id = ${agencyId}`);
  if (!a) return null;
  const reports = await db.all(
    sql`select id, year, format, published, title, failed_checks from reports where agency_id = ${agencyId} and is_current = 1 and year is not null order by year`,
    {
      id: col.number,
      year: col.number,
      format: col.text,
      published: col.textOrNull,
      title: col.textOrNull,
      failed_checks: col.number,
    },
  );
  return {
    ...a,
    reports: reports.map((r) => ({
      reportId: r.id,
      year: r.year,
      format: r.format,
      published: r.published,
      title: r.title,
      failedChecks: r.failed_checks,
    })),
  };
}

/** The values of some reports (for the side-by-side tables), keyed by report. */
export async function getReportCells(db: Db, reportIds: number[]): Promise<Map<number, Record<string, { value: number | null; status: string }>>> {
  const out = new Map<number, Record<string, { value: number | null; status: string }>>();
  if (reportIds.length === 0) return out;
  const rows = await db.all(sql`select report_id, key, value, status from report_values where report_id in ${reportIds}`, {
    report_id: col.number,
    key: col.text,
    value: col.numberOrNull,
    status: col.text,
  });
  for (const id of reportIds) out.set(id, {});
  for (const r of rows) out.get(r.report_id)![r.key] = { value: r.value, status: r.status };
  return out;
}
