/**
 * Test databases for the suites that run on both SQLite and PostgreSQL. `TEST_DATABASE=postgres`
 * with `PG_TEST_URL` (a server the tests may create databases on; .ci/with-postgres.sh starts a
 * throwaway one) runs them on PostgreSQL, each test database a fresh `create database`;
 * otherwise each is a fresh SQLite file in a temporary folder.
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../../db/client';
import { fragment } from '../../db/dialect';
import { col, type Shape } from '../../db/rows';

export const TEST_DIALECT: 'sqlite' | 'postgres' = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

if (TEST_DIALECT === 'postgres' && !process.env.PG_TEST_URL) {
  throw new Error('TEST_DATABASE=postgres needs PG_TEST_URL (postgres://user@host:port/db): run the tests through .ci/with-postgres.sh');
}

let serial = 0;

/** A fresh, empty (migrated) database; `close()` also deletes it. */
export async function testDb(name: string): Promise<Db> {
  if (TEST_DIALECT === 'postgres') {
    const base = new URL(process.env.PG_TEST_URL!);
    const dbName = `gk_${name.replace(/\W/g, '_')}_${process.pid}_${++serial}`.toLowerCase();
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName}`);
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(base.toString());
    url.pathname = `/${dbName}`;
    const db = await openDb(url.toString());
    return {
      ...db,
      async close() {
        await db.close();
        const a = new pg.Client({ connectionString: base.toString() });
        await a.connect();
        await a.query(`drop database if exists ${dbName}`);
        await a.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `gongkai-${name}-`));
  const db = await openDb(join(dir, `${name}.db`));
  return {
    ...db,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `select count(*) as n …` with `?` parameters. */
export async function count(db: Db, text: string, ...params: unknown[]): Promise<number> {
  return (await db.one(fragment(text, params), { n: col.number }))!.n;
}

/** Rows of a query with `?` parameters, checked against a shape. */
export function rows<S extends Shape>(db: Db, text: string, shape: S, ...params: unknown[]) {
  return db.all(fragment(text, params), shape);
}

/** Runs a statement with `?` parameters. */
export function exec(db: Db, text: string, ...params: unknown[]) {
  return db.run(fragment(text, params));
}

export { sql, col };

/**
 * The URL of a database that does not exist yet (SQLite: a file in a new temporary folder;
 * PostgreSQL: a new empty database, no tables), for tests of what happens on first open.
 */
export async function freshDatabaseUrl(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (TEST_DIALECT === 'postgres') {
    const base = new URL(process.env.PG_TEST_URL!);
    const dbName = `gk_${name.replace(/\W/g, '_')}_${process.pid}_${++serial}`.toLowerCase();
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(q);
      await c.end();
    };
    await admin(`drop database if exists ${dbName}`);
    await admin(`create database ${dbName}`);
    const url = new URL(base.toString());
    url.pathname = `/${dbName}`;
    return { url: url.toString(), drop: () => admin(`drop database if exists ${dbName} with (force)`) };
  }
  const dir = mkdtempSync(join(tmpdir(), `gongkai-${name}-`));
  return { url: `file:${join(dir, `${name}.db`)}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
