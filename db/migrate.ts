/**
 * Schema migrations and the GB/T 2260 regions, applied when a database is opened — safely when
 * several processes open the same fresh database at once (an import and the server, two imports):
 * the migration state is read and changed inside one write lock (SQLite BEGIN IMMEDIATE,
 * PostgreSQL an advisory lock), so the second process finds the work done instead of repeating
 * it. Migrations are drizzle-kit's (db/migrations for SQLite, db/migrations-pg for PostgreSQL),
 * recorded in drizzle's own table, so `drizzle-kit migrate` and this agree.
 */
import type Database from 'better-sqlite3';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import { join } from 'node:path';
import type pg from 'pg';
import { allRegions, regionPath } from '../lib/region/gazetteer';
import { projectRoot } from '../lib/root';

const SQLITE_MIGRATIONS = join(/*turbopackIgnore: true*/ projectRoot(), 'db', 'migrations');
const PG_MIGRATIONS = join(/*turbopackIgnore: true*/ projectRoot(), 'db', 'migrations-pg');

let sqliteMigrations: MigrationMeta[] | undefined;
let pgMigrations: MigrationMeta[] | undefined;

/** The regions as rows (code, name, level, parent_code, path). */
function regionRows(): [string, string, string, string | null, string][] {
  return allRegions().map((r) => [r.code, r.name, r.level, r.parentCode, regionPath(r.code)]);
}

const SQLITE_TABLE = 'CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)';

/** Migrations not yet applied to a SQLite database (0 for a current one). */
export function pendingSqliteMigrations(client: Database.Database): number {
  sqliteMigrations ??= readMigrationFiles({ migrationsFolder: SQLITE_MIGRATIONS });
  const has = client.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!has) return sqliteMigrations.length;
  const last = client.prepare('select created_at from "__drizzle_migrations" order by created_at desc limit 1').get() as
    { created_at: number | string } | undefined;
  return sqliteMigrations.filter((m) => !last || Number(last.created_at) < m.folderMillis).length;
}

export function migrateSqlite(client: Database.Database): void {
  sqliteMigrations ??= readMigrationFiles({ migrationsFolder: SQLITE_MIGRATIONS });
  const migrations = sqliteMigrations;
  // Cheap check first: an up-to-date database with its regions takes no write lock.
  const ready = () => {
    if (pendingSqliteMigrations(client) > 0) return false;
    return Boolean(client.prepare('select 1 from regions limit 1').get());
  };
  if (ready()) return;
  client
    .transaction(() => {
      client.exec(SQLITE_TABLE);
      const last = client.prepare('select created_at from "__drizzle_migrations" order by created_at desc limit 1').get() as
        { created_at: number | string } | undefined;
      const record = client.prepare('insert into "__drizzle_migrations" ("hash", "created_at") values (?, ?)');
      for (const m of migrations) {
        if (last && Number(last.created_at) >= m.folderMillis) continue;
        for (const stmt of m.sql) if (stmt.trim()) client.exec(stmt);
        record.run(m.hash, m.folderMillis);
      }
      if (!client.prepare('select 1 from regions limit 1').get()) {
        const insert = client.prepare('insert into regions (code, name, level, parent_code, path) values (?, ?, ?, ?, ?)');
        for (const r of regionRows()) insert.run(...r);
      }
    })
    .immediate();
}

/** One lock id for every writer of a Gongkai PostgreSQL database (schema changes and report writes). */
export const PG_WRITE_LOCK = 2260_0001;

export async function migratePostgres(pool: pg.Pool): Promise<void> {
  pgMigrations ??= readMigrationFiles({ migrationsFolder: PG_MIGRATIONS });
  const migrations = pgMigrations;
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [PG_WRITE_LOCK]);
    await client.query('create schema if not exists drizzle');
    await client.query('create table if not exists drizzle."__drizzle_migrations" (id serial primary key, hash text not null, created_at bigint)');
    const last = (
      await client.query<{ created_at: string }>('select created_at from drizzle."__drizzle_migrations" order by created_at desc limit 1')
    ).rows[0];
    for (const m of migrations) {
      if (last && Number(last.created_at) >= m.folderMillis) continue;
      for (const stmt of m.sql) if (stmt.trim()) await client.query(stmt);
      await client.query('insert into drizzle."__drizzle_migrations" ("hash", "created_at") values ($1, $2)', [m.hash, m.folderMillis]);
    }
    if ((await client.query('select 1 from regions limit 1')).rowCount === 0) {
      const rows = regionRows();
      for (let i = 0; i < rows.length; i += 2000) {
        const chunk = rows.slice(i, i + 2000);
        await client.query(
          `insert into regions (code, name, level, parent_code, path) values ${chunk.map((_, j) => `($${j * 5 + 1}, $${j * 5 + 2}, $${j * 5 + 3}, $${j * 5 + 4}, $${j * 5 + 5})`).join(', ')}`,
          chunk.flat(),
        );
      }
    }
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
