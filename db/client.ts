/**
 * The database: SQLite (better-sqlite3) or PostgreSQL (node-postgres), chosen by DATABASE_URL —
 * `file:/path/to/x.db` (default `file:data/gongkai.db`) or `postgres://user@host:port/db`.
 * Opening applies pending migrations and loads the GB/T 2260 regions once, under a write lock, so
 * two processes opening a fresh database at once do not collide.
 *
 * Query code is written once for both databases (see README "Writing queries"):
 * - reads: `await db.all(sql`…`, shape)` / `db.one(…)`: drizzle's `sql` template (placeholders
 *   rendered per dialect) and a row shape (db/rows.ts) that checks and types each row;
 * - writes: `await db.write(function* (tx) { … yield* tx.run(sql`…`) … })`: one transaction. The
 *   work is a generator that yields its statements, so the same code runs synchronously inside a
 *   real better-sqlite3 transaction (drizzle's async transaction on better-sqlite3 would commit
 *   at the first await) and asynchronously inside BEGIN … COMMIT on PostgreSQL.
 */
import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { col, parseRow, type Row, type Shape } from './rows';
import type { Query } from './query';
import { openPostgres } from './postgres';
import { openSqlite } from './sqlite';
import { ensureFigures } from './metrics';

export type Dialect = 'sqlite' | 'postgres';

/** One statement a write transaction asks its driver to run. */
/** A statement: drizzle's `sql` (reads) or the write path's lighter `q` (db/query.ts). */
export type Statement = SQL | Query;

export interface Step {
  query: Statement;
  /** `all`: rows back; `run`: the number of rows changed. */
  mode: 'all' | 'run';
  /** Sent by `tx.send`: the work does not wait for the answer (PostgreSQL pipelines it). */
  noWait?: boolean;
}

/** The statements of a write transaction, yielded to the driver (`yield* tx.run(…)`). */
export interface Tx {
  readonly dialect: Dialect;
  all<S extends Shape>(query: Statement, shape: S): Generator<Step, Row<S>[], unknown>;
  one<S extends Shape>(query: Statement, shape: S): Generator<Step, Row<S> | undefined, unknown>;
  run(query: Statement): Generator<Step, number, unknown>;
  /**
   * A statement whose answer the work does not need (an insert, a savepoint). SQLite runs it at
   * once; PostgreSQL sends it without waiting (pipelined with the next statements), and its error,
   * if any, is thrown at the next statement that waits (`run`, `one`, `all`) or fails the commit —
   * so a `try` that must catch it ends with a `run` (e.g. `release savepoint`).
   */
  send(query: Statement): Generator<Step, void, unknown>;
}

/** A write transaction's work: a generator over the transaction's statements. */
export type Work<T> = (tx: Tx) => Generator<Step, T, unknown>;

export interface Db {
  readonly dialect: Dialect;
  /** Where the data is, for messages: `SQLite data/gongkai.db` or `PostgreSQL host:port/db` (never a password). */
  readonly where: string;
  /** Opened without write access (a read-only file or folder): reads work, writes are refused. */
  readonly readOnly: boolean;
  /** The database did not exist (or was empty) and was created by this open. */
  readonly created: boolean;
  all<S extends Shape>(query: Statement, shape: S): Promise<Row<S>[]>;
  one<S extends Shape>(query: Statement, shape: S): Promise<Row<S> | undefined>;
  /** Runs a statement outside any transaction; returns the number of rows changed. */
  run(query: Statement): Promise<number>;
  /**
   * Runs `work` in one write transaction (SQLite: BEGIN IMMEDIATE with a busy timeout;
   * PostgreSQL: writers take one advisory lock, so concurrent imports store in turn). Whole or
   * nothing: a throw anywhere rolls everything back.
   */
  write<T>(work: Work<T>): Promise<T>;
  close(): Promise<void>;
  /** SQLite only: the better-sqlite3 handle (pragmas, SQLite-only tests). */
  readonly sqlite?: Database.Database;
  /** PostgreSQL only: the connection pool (better-auth's drizzle adapter runs its own queries on it). */
  readonly pgPool?: import('pg').Pool;
}

/** The statements of a transaction, as the generator protocol every driver runs. */
export function makeTx(dialect: Dialect): Tx {
  return {
    dialect,
    *all(query, shape) {
      const raw = (yield { query, mode: 'all' }) as Record<string, unknown>[];
      return raw.map((r) => parseRow(r, shape));
    },
    *one(query, shape) {
      const raw = (yield { query, mode: 'all' }) as Record<string, unknown>[];
      return raw.length ? parseRow(raw[0], shape) : undefined;
    },
    *run(query) {
      return (yield { query, mode: 'run' }) as number;
    },
    *send(query) {
      yield { query, mode: 'run', noWait: true };
    },
  };
}

export const DEFAULT_DATABASE_URL = 'file:data/gongkai.db';

export type DatabaseTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/** What DATABASE_URL names; a clear error for anything else. */
export function parseDatabaseUrl(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must look like file:/path/to/gongkai.db (SQLite) or postgres://user@host:5432/db (PostgreSQL); got "${url.split(':')[0]}:…"`);
  }
  const p = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  if (!p) throw new Error('DATABASE_URL names no file (expected file:/path/to/gongkai.db)');
  return { dialect: 'sqlite', path: p === ':memory:' ? p : isAbsolute(p) ? p : resolve(/*turbopackIgnore: true*/ process.cwd(), p) };
}

/** The SQLite file DATABASE_URL names (an error for PostgreSQL). */
export function databasePath(url?: string): string {
  const t = parseDatabaseUrl(url);
  if (t.dialect !== 'sqlite') throw new Error('DATABASE_URL names a PostgreSQL database, not a file');
  return t.path;
}

/** A path for messages: relative to the project when inside it, else the file name only. */
export function shownPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : basename(p);
}

/** A PostgreSQL URL for messages: host, port and database only (no user, no password). */
export function shownPgUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return 'postgres://…';
  }
}

export interface OpenOptions {
  /** Create the SQLite file's folder when missing (default: only for the default database path). */
  createFolder?: boolean;
}

/**
 * Opens the database DATABASE_URL (or `url`) names: a `file:` URL or path for SQLite, a
 * `postgres://` URL for PostgreSQL.
 */
export async function openDb(urlOrPath: string, opts: OpenOptions = {}): Promise<Db> {
  const target = /^(file:|postgres(ql)?:\/\/)/.test(urlOrPath) ? parseDatabaseUrl(urlOrPath) : { dialect: 'sqlite' as const, path: urlOrPath };
  if (target.dialect === 'postgres') return withFigures(await openPostgres(target.url));
  const path = target.path;
  if (path !== ':memory:' && !existsSync(dirname(path))) {
    if (opts.createFolder === false) {
      throw new Error(`the folder of the database ${shownPath(path)} does not exist (${dirname(path)}); check DATABASE_URL or create the folder`);
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  return withFigures(await openSqlite(path));
}

/** Per-report figures and region roll-ups present (db/metrics.ts) before anyone reads them. */
async function withFigures(db: Db): Promise<Db> {
  await ensureFigures(db);
  return db;
}

/** Whether this process may write `p` (a file, or the folder it would be created in). */
export function writable(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
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

