/**
 * The bottom floor of db/: what a database connection is, whichever driver opened it. `Db` runs
 * statements and write transactions; `Tx` is the statements of one transaction, yielded by its
 * work (a generator) so the same code runs synchronously inside a real better-sqlite3
 * transaction and asynchronously inside BEGIN … COMMIT on PostgreSQL. The drivers
 * (db/sqlite.ts, db/postgres.ts) implement it; db/client.ts chooses one from DATABASE_URL.
 * Imports nothing above it in db/.
 */
import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { accessSync, constants } from 'node:fs';
import { basename, isAbsolute, relative } from 'node:path';
import { parseRow, type Row, type Shape } from './rows';
import type { Query } from './query';

export type Dialect = 'sqlite' | 'postgres';

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

/** Whether this process may write `p` (a file, or the folder it would be created in). */
export function writable(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
