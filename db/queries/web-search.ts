/**
 * Place search for the dashboard's pickers: regions (down to townships) and agencies whose name
 * contains the term, each with its number of current reports. Counts come from one scan of the
 * covering index of current reports (never the report rows, which hold whole texts). Places with
 * reports come first; among them exact and prefix matches, then those with more reports.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { col } from '../rows';
import { PLACE_HIT, type PlaceHit } from './reports';

export async function searchPlacesFast(db: Db, q: string, limit = 20): Promise<PlaceHit[]> {
  const term = q.trim().replace(/[%_\\]/g, '');
  if (!term) return [];
  const like = `%${term}%`;
  const agencies = await db.all(
    sql`select 'agency' as kind, cast(a.id as text) as id, a.name, coalesce(g.path, '') as path, a.level, coalesce(n.n, 0) as reports
        from agencies a
        left join (select agency_id, count(*) as n from reports where is_current = 1 group by agency_id) n on n.agency_id = a.id
        left join regions g on g.code = coalesce(a.town_code, a.region_code)
        where a.name like ${like} order by (a.name = ${term}) desc, (a.name like ${`${term}%`}) desc, reports desc, length(a.name) limit ${limit}`,
    PLACE_HIT,
  );
  const matched = await db.all(
    sql`select 'region' as kind, g.code as id, g.name, g.path, g.level, 0 as reports from regions g where g.name like ${like}
        order by (g.name = ${term}) desc, (g.name like ${`${term}%`}) desc, length(g.code), g.code limit 300`,
    PLACE_HIT,
  );
  if (matched.length) {
    // Reports per place, attributed to every region that contains it.
    const counts = new Map<string, number>();
    const add = (k: string, n: number) => counts.set(k, (counts.get(k) ?? 0) + n);
    const rows = await db.all(sql`select region_code as rc, town_code as tc, count(*) as n from reports where is_current = 1 group by region_code, town_code`, {
      rc: col.textOrNull,
      tc: col.textOrNull,
      n: col.number,
    });
    for (const r of rows) {
      if (r.rc) {
        const keys = new Set([`${r.rc.slice(0, 2)}0000`, `${r.rc.slice(0, 4)}00`, r.rc]);
        for (const k of keys) add(k, r.n);
      }
      if (r.tc) add(r.tc, r.n);
    }
    for (const h of matched) h.reports = counts.get(h.id) ?? 0;
  }
  const rank = (h: PlaceHit) => (h.name === term ? 2 : h.name.startsWith(term) ? 1 : 0);
  return [...agencies, ...matched]
    .sort((a, b) => Number(b.reports > 0) - Number(a.reports > 0) || rank(b) - rank(a) || b.reports - a.reports || a.name.length - b.name.length)
    .slice(0, limit);
}
