/**
 * Small lookups the dashboard needs beside the shared queries: agencies by id, the years with
 * data, and report counts per child region (for the region browser).
 */
import { childRegions, regionByCode, type Region } from '../../lib/region/gazetteer';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { fragment } from '../dialect';
import { col } from '../rows';
import { regionCondition } from './scope';

export interface AgencyInfo {
  id: number;
  name: string;
  level: string | null;
  regionCode: string | null;
  townCode: string | null;
  regionPath: string | null;
}

const AGENCY_ROW = { id: col.number, name: col.text, level: col.textOrNull, regionCode: col.textOrNull, townCode: col.textOrNull, regionPath: col.textOrNull };

export async function getAgencies(db: Db, ids: number[]): Promise<AgencyInfo[]> {
  if (ids.length === 0) return [];
  const rows = await db.all(
    sql`select a.id, a.name, a.level, a.region_code as "regionCode", a.town_code as "townCode", g.path as "regionPath"
        from agencies a left join regions g on g.code = coalesce(a.town_code, a.region_code) where a.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`,
    AGENCY_ROW,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is AgencyInfo => Boolean(r));
}

/** Agencies of a region (any depth) with their current report counts, most reports first. */
export async function getRegionAgencies(db: Db, code: string, limit = 200): Promise<(AgencyInfo & { reports: number })[]> {
  const rc = regionCondition(code);
  return db.all(
    fragment(
      `select a.id, a.name, a.level, a.region_code as "regionCode", a.town_code as "townCode", g.path as "regionPath", count(r.id) as reports
        from agencies a join reports r on r.agency_id = a.id and r.is_current = 1
        left join regions g on g.code = coalesce(a.town_code, a.region_code)
        where ${rc.sql} group by a.id, g.path order by reports desc, a.name limit ?`,
      [...rc.params, limit],
    ),
    { ...AGENCY_ROW, reports: col.number },
  );
}

export interface ChildCount {
  code: string;
  name: string;
  level: string;
  reports: number;
  hasChildren: boolean;
}

/**
 * The children of a region (or the provinces for `null`) with how many current reports lie in
 * each: one grouped query, attributed to children by code prefix.
 */
export async function getChildCounts(db: Db, parent: string | null): Promise<ChildCount[]> {
  const kids = parent ? childRegions(parent) : provinces();
  // reports carries its region: one scan of the covering index of current reports, no join.
  const where = parent ? regionCondition(parent, 'r') : { sql: '1 = 1', params: [] as string[] };
  const rows = await db.all(
    fragment(
      `select r.region_code as "regionCode", r.town_code as "townCode", count(*) as n from reports r
        where r.is_current = 1 and ${where.sql} group by r.region_code, r.town_code`,
      where.params,
    ),
    { regionCode: col.textOrNull, townCode: col.textOrNull, n: col.number },
  );
  const prefixOf = (code: string) => {
    if (code.length === 9) return code;
    const r = regionByCode(code);
    return r?.level === 'province' ? code.slice(0, 2) : r?.level === 'city' ? code.slice(0, 4) : code;
  };
  return kids.map((k) => {
    const p = prefixOf(k.code);
    let n = 0;
    for (const r of rows) {
      const c = k.code.length === 9 ? r.townCode : r.regionCode;
      if (c && c.startsWith(p)) n += r.n;
    }
    return { code: k.code, name: k.name, level: k.level, reports: n, hasChildren: childRegions(k.code).length > 0 };
  });
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

/** Years with at least one current report, ascending. */
export async function getYears(db: Db): Promise<number[]> {
  return (await db.all(sql`select distinct year from reports where is_current = 1 and year is not null order by year`, { year: col.number })).map((r) => r.year);
}
