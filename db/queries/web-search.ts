/**
 * Place search for the dashboard's pickers: regions (down to townships) and agencies whose name
 * contains the term, each with its number of current reports. Counts come from one scan of the
 * covering index of current reports (never the report rows, which hold whole texts). Places with
 * reports come first; among them exact and prefix matches, then those with more reports.
 */
import type { Db } from '../client';
import type { PlaceHit } from './reports';

export function searchPlacesFast(db: Db, q: string, limit = 20): PlaceHit[] {
  const term = q.trim().replace(/[%_\\]/g, '');
  if (!term) return [];
  const like = `%${term}%`;
  const c = db.$client;
  const agencies = c
    .prepare(
      `select 'agency' as kind, cast(a.id as text) as id, a.name, coalesce(g.path, '') as path, a.level, coalesce(n.n, 0) as reports
        from agencies a
        left join (select agency_id, count(*) as n from reports where is_current = 1 group by agency_id) n on n.agency_id = a.id
        left join regions g on g.code = coalesce(a.town_code, a.region_code)
        where a.name like ? order by (a.name = ?) desc, (a.name like ?) desc, reports desc, length(a.name) limit ?`,
    )
    .all(like, term, `${term}%`, limit) as PlaceHit[];
  const matched = c
    .prepare(
      `select 'region' as kind, g.code as id, g.name, g.path, g.level, 0 as reports from regions g where g.name like ?
        order by (g.name = ?) desc, (g.name like ?) desc, length(g.code), g.code limit 300`,
    )
    .all(like, term, `${term}%`) as PlaceHit[];
  if (matched.length) {
    // Reports per place, attributed to every region that contains it.
    const counts = new Map<string, number>();
    const add = (k: string, n: number) => counts.set(k, (counts.get(k) ?? 0) + n);
    const rows = c
      .prepare('select region_code as rc, town_code as tc, count(*) as n from reports where is_current = 1 group by 1, 2')
      .all() as { rc: string | null; tc: string | null; n: number }[];
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
