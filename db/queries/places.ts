/**
 * Places: search by name (regions down to townships, and agencies), the children of a region with
 * their report counts (the region browser), the agencies of a region, agencies by id.
 */
import { allRegions, childRegions, regionByCode, regionPath, type Region } from '../../lib/region/gazetteer';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../driver';
import { col } from '../rows';
import { rollupKey } from './figures';
import { codeRange, filterSql } from './filter';

export interface PlaceHit {
  kind: 'region' | 'agency';
  /** Region code, or agency id as a string. */
  id: string;
  name: string;
  path: string;
  level: string | null;
  reports: number;
}

/** Current reports of agency `a`, from the (agency, current) index. */
const REPORTS_OF_AGENCY = sql.raw('(select count(*) from reports r where r.agency_id = a.id and r.is_current = 1)');

/** Current reports per place (region code and township), from the covering index of current reports. */
async function reportsPerPlace(db: Db, where: SQL = filterSql({})): Promise<{ region_code: string | null; town_code: string | null; n: number }[]> {
  return db.all(
    sql`select r.region_code as region_code, r.town_code as town_code, count(*) as n from reports r where ${where} group by r.region_code, r.town_code`,
    {
      region_code: col.textOrNull,
      town_code: col.textOrNull,
      n: col.number,
    },
  );
}

/**
 * Regions (down to townships) and agencies (departments too) whose name contains `q`, each with
 * its number of current reports. Places with reports first; among them exact and prefix matches,
 * then those with more reports.
 */
export async function searchPlaces(db: Db, q: string, limit = 20): Promise<PlaceHit[]> {
  const term = q
    .trim()
    .slice(0, 40)
    .replace(/[%_\\]/g, '');
  if (!term) return [];
  const like = `%${term}%`;
  // The closest names first (exact, prefix, shortest), then their report counts: counting every
  // agency that contains a common word (人民政府) would read tens of thousands of index entries.
  const agencies = await db.all(
    sql`select x.id as id, x.name as name, coalesce(g.path, '') as path, x.level as level,
        (select count(*) from reports r where r.agency_id = x.id and r.is_current = 1) as reports
      from (select a.id, a.name, a.level, a.town_code, a.region_code from agencies a where a.name like ${like}
        order by case when a.name = ${term} then 0 else 1 end, case when a.name like ${`${term}%`} then 0 else 1 end, length(a.name), a.id limit ${limit * 5}) x
      left join regions g on g.code = coalesce(x.town_code, x.region_code)`,
    { id: col.number, name: col.text, path: col.text, level: col.textOrNull, reports: col.number },
  );
  // Regions from the gazetteer in memory (the same GB/T 2260 list the regions table holds).
  const matched = allRegions()
    .filter((g) => g.name.includes(term))
    .sort(
      (x, y) =>
        Number(y.name === term) - Number(x.name === term) ||
        Number(y.name.startsWith(term)) - Number(x.name.startsWith(term)) ||
        x.code.length - y.code.length ||
        (x.code < y.code ? -1 : 1),
    )
    .slice(0, 100)
    .map((g) => ({ code: g.code, name: g.name, path: regionPath(g.code), level: g.level }));
  const counts = new Map<string, number>();
  const towns = matched.filter((g) => g.code.length === 9).map((g) => g.code);
  const others = matched.filter((g) => g.code.length !== 9).map((g) => g.code);
  if (others.length) {
    // Provinces, cities and counties: their roll-ups (each level keyed by its own code).
    for (const r of await db.all(
      sql`select code, sum(reports) as n from region_rollups where level in ('province', 'city', 'county') and code in ${others} group by code`,
      {
        code: col.text,
        n: col.number,
      },
    ))
      counts.set(r.code, r.n);
  }
  if (towns.length) {
    // Townships: their agencies' reports, one probe of the (agency, current) index each.
    for (const r of await db.all(sql`select a.town_code as code, ${REPORTS_OF_AGENCY} as n from agencies a where a.town_code in ${towns}`, {
      code: col.text,
      n: col.number,
    }))
      counts.set(r.code, (counts.get(r.code) ?? 0) + r.n);
  }
  const hits: PlaceHit[] = [
    ...agencies.map((a) => ({ kind: 'agency' as const, id: String(a.id), name: a.name, path: a.path, level: a.level, reports: a.reports })),
    ...matched.map((g) => ({ kind: 'region' as const, id: g.code, name: g.name, path: g.path, level: g.level, reports: counts.get(g.code) ?? 0 })),
  ];
  const rank = (h: PlaceHit) => (h.name === term ? 2 : h.name.startsWith(term) ? 1 : 0);
  return hits
    .sort((a, b) => Number(b.reports > 0) - Number(a.reports > 0) || rank(b) - rank(a) || b.reports - a.reports || a.name.length - b.name.length)
    .slice(0, limit);
}

export interface ChildCount {
  code: string;
  name: string;
  level: string;
  reports: number;
  hasChildren: boolean;
}

let provinceList: Region[] | undefined;

/** The provinces (codes NN0000 without a parent), in code order. */
function provinces(): Region[] {
  if (!provinceList) {
    provinceList = [];
    for (let p = 11; p <= 82; p++) {
      const r = regionByCode(`${p}0000`);
      if (r && !r.parentCode) provinceList.push(r);
    }
  }
  return provinceList;
}

/** Current reports per county (from the roll-ups) inside the country, a province or a city. */
async function countyCounts(db: Db, key: { level: string; code: string }): Promise<{ region_code: string; town_code: null; n: number }[]> {
  const [from, to] = key.level === 'country' ? ['000000', 'a'] : codeRange(key.level === 'province' ? key.code.slice(0, 2) : key.code.slice(0, 4));
  const rows = await db.all(
    sql`select code, sum(reports) as n from region_rollups where level = 'county' and code >= ${from} and code < ${to} group by code`,
    {
      code: col.text,
      n: col.number,
    },
  );
  return rows.map((r) => ({ region_code: r.code, town_code: null, n: r.n }));
}

/** The children of a region (or the provinces for `null`) with how many current reports lie in each. */
export async function getChildCounts(db: Db, parent: string | null): Promise<ChildCount[]> {
  const kids = parent ? childRegions(parent) : provinces();
  const key = rollupKey(parent);
  // Counties' (and cities' own) report counts from the roll-ups, attributed by code prefix below.
  const rows = key && key.level !== 'county' ? await countyCounts(db, key) : await reportsPerPlace(db, filterSql({ regionCode: parent }));
  const prefixOf = (code: string) => {
    if (code.length === 9) return code;
    const r = regionByCode(code);
    return r?.level === 'province' ? code.slice(0, 2) : r?.level === 'city' ? code.slice(0, 4) : code;
  };
  return kids.map((k) => {
    const p = prefixOf(k.code);
    let n = 0;
    for (const r of rows) {
      const c = k.code.length === 9 ? r.town_code : r.region_code;
      if (c && c.startsWith(p)) n += r.n;
    }
    return { code: k.code, name: k.name, level: k.level, reports: n, hasChildren: childRegions(k.code).length > 0 };
  });
}

export interface AgencyInfo {
  id: number;
  name: string;
  level: string | null;
  regionCode: string | null;
  townCode: string | null;
  regionPath: string | null;
  /** Current reports. */
  reports: number;
}

const AGENCY = {
  id: col.number,
  name: col.text,
  level: col.textOrNull,
  region_code: col.textOrNull,
  town_code: col.textOrNull,
  region_path: col.textOrNull,
  reports: col.number,
};
const toAgency = (a: {
  id: number;
  name: string;
  level: string | null;
  region_code: string | null;
  town_code: string | null;
  region_path: string | null;
  reports: number;
}): AgencyInfo => ({
  id: a.id,
  name: a.name,
  level: a.level,
  regionCode: a.region_code,
  townCode: a.town_code,
  regionPath: a.region_path,
  reports: a.reports,
});

/** Agencies by id, in the order asked. */
export async function getAgencies(db: Db, ids: number[]): Promise<AgencyInfo[]> {
  if (ids.length === 0) return [];
  const rows = await db.all(
    sql`select a.id as id, a.name as name, a.level as level, a.region_code as region_code, a.town_code as town_code, g.path as region_path,
      ${REPORTS_OF_AGENCY} as reports
      from agencies a left join regions g on g.code = coalesce(a.town_code, a.region_code) where a.id in ${ids}`,
    AGENCY,
  );
  const byId = new Map(rows.map((r) => [r.id, toAgency(r)]));
  return ids.map((id) => byId.get(id)).filter((r): r is AgencyInfo => Boolean(r));
}

/** The agencies placed directly in a region (not in its children), most reports first. */
export async function getRegionAgencies(db: Db, code: string, limit = 200): Promise<AgencyInfo[]> {
  const direct = code.length === 9 ? sql`a.town_code = ${code}` : sql`a.region_code = ${code} and a.town_code is null`;
  const rows = await db.all(
    sql`select * from (select a.id as id, a.name as name, a.level as level, a.region_code as region_code, a.town_code as town_code, g.path as region_path,
        ${REPORTS_OF_AGENCY} as reports
        from agencies a left join regions g on g.code = coalesce(a.town_code, a.region_code) where ${direct}) x
      where x.reports > 0 order by x.reports desc, x.name limit ${limit}`,
    AGENCY,
  );
  return rows.map(toAgency);
}
