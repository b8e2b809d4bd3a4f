/**
 * Fills the regions table from the gazetteer the first time a database is opened.
 */
import { sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { allRegions, regionPath } from '../lib/region/gazetteer';

export function loadRegions(db: BetterSQLite3Database<Record<string, unknown>>): void {
  const row = db.get<{ n: number }>(sql`select count(*) as n from regions`);
  if (row.n > 0) return;
  const client = (db as unknown as { $client: import('better-sqlite3').Database }).$client;
  const insert = client.prepare('insert into regions (code, name, level, parent_code, path) values (?, ?, ?, ?, ?)');
  client.transaction(() => {
    for (const r of allRegions()) insert.run(r.code, r.name, r.level, r.parentCode, regionPath(r.code));
  })();
}
