/**
 * npx tsx scripts/migrate.ts — applies pending migrations (db/migrations) to the database named by
 * DATABASE_URL and loads the GB/T 2260 regions, then prints what the database holds. Opening the
 * database does the same (server start, import, tests); this is for doing it on its own.
 */
import { relative } from 'node:path';
import { databasePath, getDb } from '../db/client';

try {
  const db = getDb();
  const n = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
  const applied = n('select count(*) as n from __drizzle_migrations');
  console.log(
    `${relative(process.cwd(), databasePath()) || databasePath()}: ${applied} migrations applied; ` +
      `${n('select count(*) as n from regions')} regions, ${n('select count(*) as n from agencies')} agencies, ${n('select count(*) as n from reports')} reports`,
  );
  db.$client.close();
} catch (err) {
  console.error(`migrate: error: ${(err as Error).message}`);
  process.exit(1);
}
