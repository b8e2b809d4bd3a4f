/**
 * The database: SQLite (better-sqlite3) or PostgreSQL (node-postgres), chosen by DATABASE_URL —
 * `file:/path/to/x.db` (default `file:data/gongkai.db`; a relative path is from the project root,
 * lib/root.ts) or `postgres://user@host:port/db`.
 * Opening applies pending migrations and loads the GB/T 2260 regions once, under a write lock, so
 * two processes opening a fresh database at once do not collide — and does nothing else: the
 * derived tables (figures, roll-ups, summaries) are kept by the writes (db/derived.ts afterWrite)
 * and rebuilt on demand by `npm run db:refresh`.
 *
 * Query code is written once for both databases (see docs/data-layer.md):
 * - reads: `await db.all(sql`…`, shape)` / `db.one(…)`: drizzle's `sql` template (placeholders
 *   rendered per dialect) and a row shape (db/rows.ts) that checks and types each row;
 * - writes: `await db.write(function* (tx) { … yield* tx.run(sql`…`) … })`: one transaction
 *   (the connection types are in db/driver.ts).
 */
import { sql } from 'drizzle-orm';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { projectRoot } from '../lib/root';
import { shownPath, type Db } from './driver';
import { col } from './rows';
import { openPostgres } from './postgres';
import { openSqlite } from './sqlite';

// The connection's types and helpers, where most of db/ and its callers import them from.
export { shownPgUrl, type Db, type Step, type Tx } from './driver';

export const DEFAULT_DATABASE_URL = 'file:data/gongkai.db';

export type DatabaseTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/** What DATABASE_URL names; a clear error for anything else. */
export function parseDatabaseUrl(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  if (!url.startsWith('file:')) {
    throw new Error(
      `DATABASE_URL must look like file:/path/to/gongkai.db (SQLite) or postgres://user@host:5432/db (PostgreSQL); got "${url.split(':')[0]}:…"`,
    );
  }
  const p = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  if (!p) throw new Error('DATABASE_URL names no file (expected file:/path/to/gongkai.db)');
  return { dialect: 'sqlite', path: p === ':memory:' ? p : isAbsolute(p) ? p : resolve(/*turbopackIgnore: true*/ projectRoot(), p) };
}

/** The SQLite file DATABASE_URL names (an error for PostgreSQL). */
export function databasePath(url?: string): string {
  const t = parseDatabaseUrl(url);
  if (t.dialect !== 'sqlite') throw new Error('DATABASE_URL names a PostgreSQL database, not a file');
  return t.path;
}

export interface OpenOptions {
  /** Create the SQLite file's folder when missing (default: only for the default database path). */
  createFolder?: boolean;
}

/**
 * Opens the database DATABASE_URL (or `url`) names: a `file:` URL or path for SQLite, a
 * `postgres://` URL for PostgreSQL. Migrations and regions only: nothing is computed.
 */
export async function openDb(urlOrPath: string, opts: OpenOptions = {}): Promise<Db> {
  const target = /^(file:|postgres(ql)?:\/\/)/.test(urlOrPath) ? parseDatabaseUrl(urlOrPath) : { dialect: 'sqlite' as const, path: urlOrPath };
  if (target.dialect === 'postgres') return openPostgres(target.url);
  const path = target.path;
  if (path !== ':memory:' && !existsSync(/*turbopackIgnore: true*/ dirname(path))) {
    if (opts.createFolder === false) {
      throw new Error(`the folder of the database ${shownPath(path)} does not exist (${dirname(path)}); check DATABASE_URL or create the folder`);
    }
    mkdirSync(/*turbopackIgnore: true*/ dirname(path), { recursive: true });
  }
  return openSqlite(path);
}

// One connection per process, cached on globalThis so Next's hot reload does not open one per edit.
const cache = globalThis as unknown as { __gongkaiDb?: { url: string; db: Promise<Db> } };

/**
 * The process's database (DATABASE_URL), opened once. Says on stderr which database it opened,
 * and whether it was created or is read-only: a mistyped DATABASE_URL shows as "created, empty".
 */
export function getDb(): Promise<Db> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (cache.__gongkaiDb?.url !== url) {
    const isDefault = url === DEFAULT_DATABASE_URL;
    const db = openDb(url, { createFolder: isDefault }).then(async (db) => {
      const n = (await db.one(sql`select count(*) as n from reports`, { n: col.number }))?.n ?? 0;
      const state = db.created ? 'created now, empty' : db.readOnly ? `read-only, ${n} reports` : `${n} reports`;
      process.stderr.write(`database: ${db.where} (${state})\n`);
      return db;
    });
    // A failed open is not cached: the next request tries again (and says why it failed).
    db.catch(() => {
      if (cache.__gongkaiDb?.db === db) delete cache.__gongkaiDb;
    });
    cache.__gongkaiDb = { url, db };
  }
  return cache.__gongkaiDb.db;
}

/** Closes the process's database (scripts, tests). */
export async function closeDb(): Promise<void> {
  const c = cache.__gongkaiDb;
  delete cache.__gongkaiDb;
  if (c) await (await c.db).close();
}
