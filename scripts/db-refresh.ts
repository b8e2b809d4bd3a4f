/**
 * npm run db:refresh — rebuilds every derived table of the database named by DATABASE_URL from
 * its stored reports and corrections: per-report figures a migration emptied, region roll-ups,
 * cross-year findings of every body with their summary, and the coverage summary. Writes keep
 * them current on their own (db/derived.ts afterWrite); this is for a database upgraded by a
 * migration, restored from parts, or in doubt. Opening a database never computes them.
 */
import { closeDb, getDb } from '../db/client';
import { refreshAll } from '../db/derived';

async function main(): Promise<number> {
  const db = await getDb();
  const r = await refreshAll(db, (stage, ms) => process.stderr.write(`${stage}: ${(ms / 1000).toFixed(1)} s\n`));
  console.log(`${db.where}: figures computed for ${r.figures} reports, cross-year findings of ${r.bodies} bodies, ${r.coverage} coverage rows`);
  return 0;
}

main().then(
  async (code) => {
    await closeDb();
    process.exit(code);
  },
  (err) => {
    console.error(`db:refresh: error: ${(err as Error).message}`);
    process.exit(1);
  },
);
