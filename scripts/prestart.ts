/**
 * Runs before `npm start`: applies migrations and, when the database holds no report yet,
 * imports the bundled sample reports (data/samples), so a new user sees a working dashboard.
 */
import { getDb, databasePath } from '../db/client';
import { collectFiles, importFiles } from '../db/import';

async function main() {
  const db = getDb();
  const { n } = db.$client.prepare<[], { n: number }>('select count(*) as n from reports').get()!;
  if (n > 0) return;
  const { files } = await collectFiles(['data/samples']);
  const out = await importFiles(db, files);
  const ok = out.filter((o) => o.outcome === 'imported').length;
  console.log(`empty database ${databasePath().replace(process.cwd() + '/', '')}: imported ${ok} sample reports from data/samples`);
}

main();
