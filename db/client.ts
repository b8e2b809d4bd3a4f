/**
 * The database connection: DATABASE_URL (`file:/path/to/x.db`, default `file:data/gongkai.db`)
 * selects the SQLite file. Opening applies pending migrations and loads the GB/T 2260 regions
 * once, so every entry point (server, import, tests) sees the same, current schema.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import * as schema from './schema';
import { loadRegions } from './regions';
import { fillMissingMetrics } from './metrics';
import { refreshRollups } from './rollups';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DATABASE_URL = 'file:data/gongkai.db';

/** The file path DATABASE_URL names; a clear error for anything but `file:`. */
export function databasePath(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must look like file:/path/to/gongkai.db (SQLite); got "${url.split(':')[0]}:…"`);
  }
  const p = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  if (!p) throw new Error('DATABASE_URL names no file (expected file:/path/to/gongkai.db)');
  return isAbsolute(p) ? p : resolve(/*turbopackIgnore: true*/ process.cwd(), p);
}

const MIGRATIONS = join(process.cwd(), 'db', 'migrations');

export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  loadRegions(db);
  // Figures recomputed by a migration, or roll-ups never built (a database from before them).
  const rollupsEmpty = !sqlite.prepare('select 1 from region_rollups limit 1').get() && sqlite.prepare('select 1 from reports limit 1').get();
  if (fillMissingMetrics(db) > 0 || rollupsEmpty) refreshRollups(db);
  return db;
}

// Cached on globalThis so Next's hot reload in development does not open a connection per edit.
const cache = globalThis as unknown as { __gongkaiDb?: { path: string; db: Db } };

export function getDb(): Db {
  const path = databasePath();
  if (cache.__gongkaiDb?.path !== path) cache.__gongkaiDb = { path, db: openDb(path) };
  return cache.__gongkaiDb.db;
}
