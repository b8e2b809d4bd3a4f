/**
 * Runs before `npm start`: applies migrations and, when the database holds no report yet,
 * imports the bundled sample reports (data/samples), so a new user sees a working dashboard.
 * Exit code 1 (with the reason) when the database cannot be opened.
 */
import { closeDb } from '../db/client';
import { ensureDatabase } from '../db/ensure';
import { errorLine } from '../lib/text/display';

async function main(): Promise<number> {
  const r = await ensureDatabase();
  const where = r.where;
  if (r.imported.length) {
    const ok = r.imported.filter((o) => o.outcome === 'imported').length;
    console.log(`empty database ${where}: imported ${ok} sample reports from data/samples`);
    for (const f of r.imported.filter((o) => o.outcome === 'failed')) console.error(errorLine(f.file, f.reason ?? ''));
  } else console.log(`database ${where}: ${r.reports} reports`);
  return 0;
}

main().then(
  async (code) => {
    await closeDb();
    process.exit(code);
  },
  (err) => {
    console.error(`database: error: ${(err as Error).message}`);
    process.exit(1);
  },
);
