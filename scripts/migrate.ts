/**
 * node scripts/run.mjs migrate [--no-wal] — applies pending migrations (db/migrations, or db/migrations-pg on
 * PostgreSQL) to the database named by DATABASE_URL and loads the GB/T 2260 regions, then prints
 * what the database holds. Opening the database does the same (server start, import, tests);
 * this is for doing it on its own.
 *
 * --no-wal (SQLite): leave the file in rollback-journal mode, so it can then be served from a
 * read-only file or folder (a WAL database needs to write its -shm file next to it).
 */
import { sql } from 'drizzle-orm';
import { closeDb, getDb } from '../db/client';
import { col } from '../db/rows';
import { parseCommandLine } from './cli';

async function main() {
  const { values } = parseCommandLine({ name: 'migrate', usage: 'npx tsx scripts/migrate.ts [--no-wal]', flags: { 'no-wal': { type: 'boolean' } } });
  const db = await getDb();
  const n = async (table: string) => (await db.one(sql`select count(*) as n from ${sql.raw(table)}`, { n: col.number }))!.n;
  const migrations = db.dialect === 'postgres' ? 'drizzle."__drizzle_migrations"' : '"__drizzle_migrations"';
  if (values['no-wal'] && db.sqlite) {
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.sqlite.pragma('journal_mode = DELETE');
  }
  console.log(
    `${db.where}: ${await n(migrations)} migrations applied; ${await n('regions')} regions, ${await n('agencies')} agencies, ${await n('reports')} reports`,
  );
  await closeDb();
}

main().catch((err) => {
  console.error(`migrate: error: ${(err as Error).message}`);
  process.exit(1);
});
