/**
 * Coverage and deadlines of a region (or the country): who was expected to publish each year,
 * who did, who is missing (by level and kind), which children are complete, and who published
 * late. Expected bodies come from lib/coverage (gazetteer in memory + the agencies that reported +
 * the imported list); who published comes from one indexed read of the current reports
 * (reports_published: is_current, region, year, agency, published — no report row is read).
 */
import {
  bodyKeyOf,
  coverageByChild,
  coverageOf,
  expectedBodies,
  unevenCoverageYears,
  type AgencyForCoverage,
  type BodyKind,
  type ChildCoverage,
  type CoverageGroup,
  type ExpectedBody,
  type ExpectedUnit,
} from '../../lib/coverage/expected';
import {
  deadlineFor,
  deadlineSettingsFrom,
  summarizeTimeliness,
  timeliness,
  type DeadlineSettings,
  type Timeliness,
} from '../../lib/coverage/deadlines';
import { regionByCode } from '../../lib/region/gazetteer';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../driver';
import { col } from '../rows';
import { codeRange, regionCondition } from './filter';

export interface CoverageYear {
  year: number;
  expected: number;
  published: number;
  share: number | null;
  onTime: number;
  late: number;
  unknown: number;
  onTimeShare: number | null;
}

export interface LateReport {
  reportId: number;
  agency: string;
  year: number;
  published: string;
  due: string;
  daysLate: number;
  basis: string;
}

export interface CoverageView {
  /** null: the whole country. */
  regionCode: string | null;
  years: CoverageYear[];
  /** Years whose coverage differs from the rest (marked on cross-year charts). */
  uneven: number[];
  /** The year the lists are for (the latest with reports, or the one asked). */
  year: number | null;
  groups: (Omit<CoverageGroup, 'missing'> & { missing: ExpectedBody[]; missingTotal: number })[];
  children: ChildCoverage[];
  late: LateReport[];
  settings: DeadlineSettings;
}

/** At most this many missing bodies per group are listed (the count is always whole). */
export const MISSING_LISTED = 200;

/** The lines of the expected-units list inside a region (by place code), or all of them. */
function placeRange(code: string | null): SQL {
  if (!code) return sql`1 = 1`;
  const level = regionByCode(code)?.level;
  const [from, to] = codeRange(level === 'province' ? code.slice(0, 2) : level === 'city' ? code.slice(0, 4) : code);
  return sql`place_code >= ${from} and place_code < ${to}`;
}

async function units(db: Db, code: string | null): Promise<ExpectedUnit[]> {
  const rows = await db.all(
    sql`select name, place_code, kind, expected, from_year, to_year, deadline, note from expected_units where ${placeRange(code)} order by id`,
    {
      name: col.text,
      place_code: col.text,
      kind: col.text,
      expected: col.flag,
      from_year: col.numberOrNull,
      to_year: col.numberOrNull,
      deadline: col.textOrNull,
      note: col.textOrNull,
    },
  );
  return rows.map((u) => ({
    name: u.name,
    placeCode: u.place_code,
    kind: u.kind as BodyKind,
    expected: u.expected,
    fromYear: u.from_year,
    toYear: u.to_year,
    deadline: u.deadline,
    note: u.note,
  }));
}

export interface AgencyRow extends AgencyForCoverage {
  id: number;
  level: string | null;
}

/** Agencies matching a condition on alias `a`, as coverage and deadlines need them. */
export async function agencyRows(db: Db, where: SQL): Promise<AgencyRow[]> {
  const rows = await db.all(sql`select a.id, a.name, a.kind, a.level, a.region_code, a.town_code from agencies a where ${where}`, {
    id: col.number,
    name: col.text,
    kind: col.textOrNull,
    level: col.textOrNull,
    region_code: col.textOrNull,
    town_code: col.textOrNull,
  });
  return rows.map((a) => ({
    id: a.id,
    name: a.name,
    kind: a.kind as BodyKind | null,
    level: a.level,
    regionCode: a.region_code,
    townCode: a.town_code,
  }));
}

function agenciesIn(db: Db, code: string | null): Promise<AgencyRow[]> {
  return agencyRows(db, code ? regionCondition(code, 'a') : sql`1 = 1`);
}

interface YearDetail extends CoverageYear {
  groups: CoverageView['groups'];
  children: ChildCoverage[];
  lateList: LateReport[];
}

/** At most this many late reports per year are listed. */
export const LATE_LISTED = 200;

/** Coverage, timeliness, missing bodies, children and late list of every year with reports. */
export async function computeCoverage(
  db: Db,
  code: string | null,
  env: Record<string, string | undefined> = process.env,
): Promise<{ settings: DeadlineSettings; years: YearDetail[] }> {
  const settings = deadlineSettingsFrom(env);
  const w = code ? regionCondition(code, 'r') : sql`1 = 1`;
  const [published, agencies, list] = await Promise.all([
    db.all(
      sql`select r.id, r.year, r.agency_id, r.published from reports r where r.is_current = 1 and r.year is not null and r.agency_id is not null and ${w}`,
      {
        id: col.number,
        year: col.number,
        agency_id: col.number,
        published: col.textOrNull,
      },
    ),
    agenciesIn(db, code),
    units(db, code),
  ]);
  const agencyById = new Map(agencies.map((a) => [a.id, a]));
  const keyOf = new Map(agencies.map((a) => [a.id, bodyKeyOf(a)]));
  // Expected bodies differ between years only through year-limited lines of the list.
  const yearLimited = list.some((u) => u.fromYear !== null || u.toYear !== null);
  const expectedCache = new Map<number, ExpectedBody[]>();
  const expectedIn = (y: number) => {
    const k = yearLimited ? y : 0;
    let e = expectedCache.get(k);
    if (!e) expectedCache.set(k, (e = expectedBodies(code, y, agencies, list)));
    return e;
  };
  const byYear = new Map<number, typeof published>();
  for (const p of published) {
    const rows = byYear.get(p.year);
    if (rows) rows.push(p);
    else byYear.set(p.year, [p]);
  }
  const years: YearDetail[] = [];
  for (const y of [...byYear.keys()].sort((a, b) => a - b)) {
    const expected = expectedIn(y);
    const byKey = new Map(expected.map((b) => [b.key, b]));
    const keys = new Set<string>();
    const timely: Timeliness[] = [];
    const late: LateReport[] = [];
    for (const p of byYear.get(y)!) {
      const a = agencyById.get(p.agency_id);
      const key = keyOf.get(p.agency_id);
      // Only reports of expected bodies count (a body marked not expected is left out).
      if (!a || !key || !byKey.has(key)) continue;
      keys.add(key);
      const due = deadlineFor(
        { kind: a.kind, level: a.level as 'county' | null, townCode: a.townCode, deadline: byKey.get(key)!.deadline },
        y,
        settings,
      );
      const t = timeliness(p.published, y, due);
      timely.push(t);
      if (t.status === 'late')
        late.push({ reportId: p.id, agency: a.name, year: y, published: p.published!, due: due.date, daysLate: t.daysLate!, basis: due.basis });
    }
    const c = coverageOf(expected, keys);
    const s = summarizeTimeliness(timely);
    late.sort((a, b) => b.daysLate - a.daysLate || a.agency.localeCompare(b.agency));
    years.push({
      year: y,
      expected: c.expected,
      published: c.published,
      share: c.share,
      onTime: s.onTime,
      late: s.late,
      unknown: s.unknown,
      onTimeShare: s.onTimeShare,
      groups: c.groups.map((g) => ({ ...g, missing: g.missing.slice(0, MISSING_LISTED), missingTotal: g.missing.length })),
      children: coverageByChild(code, expected, keys),
      lateList: late.slice(0, LATE_LISTED),
    });
  }
  return { settings, years };
}

/**
 * The country and the provinces are precomputed (coverage_summary, refreshed after every import
 * and units import): live, they would read every report of the country or province per request.
 * Cities and below are computed per request from an indexed read of their own reports.
 */
export function coveragePrecomputed(code: string | null): boolean {
  return code === null || regionByCode(code)?.level === 'province';
}

async function storedCoverage(db: Db, code: string | null): Promise<{ settings: DeadlineSettings; years: YearDetail[] } | null> {
  const rows = await db.all(sql`select view, settings from coverage_summary where region_code = ${code ?? ''} order by year`, {
    view: col.text,
    settings: col.text,
  });
  if (rows.length === 0) return null;
  return { settings: JSON.parse(rows[0].settings) as DeadlineSettings, years: rows.map((r) => JSON.parse(r.view) as YearDetail) };
}

export async function getCoverageView(
  db: Db,
  code: string | null,
  askedYear: number | null = null,
  env: Record<string, string | undefined> = process.env,
): Promise<CoverageView> {
  // A database imported before the summary existed falls back to computing it live.
  const data = (coveragePrecomputed(code) && (await storedCoverage(db, code))) || (await computeCoverage(db, code, env));
  const years = data.years.map((y) => y.year);
  const year = askedYear && years.includes(askedYear) ? askedYear : (years.at(-1) ?? null);
  const detail = data.years.find((y) => y.year === year);
  const rows: CoverageYear[] = data.years.map(({ year, expected, published, share, onTime, late, unknown, onTimeShare }) => ({
    year,
    expected,
    published,
    share,
    onTime,
    late,
    unknown,
    onTimeShare,
  }));
  return {
    regionCode: code,
    years: rows,
    uneven: unevenCoverageYears(rows),
    year,
    groups: detail?.groups ?? [],
    children: detail?.children ?? [],
    late: detail?.lateList ?? [],
    settings: data.settings,
  };
}
