/**
 * `ensureDatabase()`: what `npm start` runs first (scripts/prestart.ts). Opens the database named
 * by DATABASE_URL, which applies pending migrations and loads the GB/T 2260 regions; when it
 * holds no report yet, imports the bundled sample reports (data/samples), so a new user sees a
 * working dashboard with one command. Does nothing more on a database that has reports.
 */
import { join } from 'node:path';
import { databasePath, getDb, type Db } from './client';
import { collectFiles, importFiles, type Outcome } from './import';

export const SAMPLES_DIR = join(process.cwd(), 'data', 'samples');

export interface EnsureResult {
  /** The SQLite file in use. */
  path: string;
  /** Reports in the database after the call. */
  reports: number;
  /** The sample files imported now (empty when the database already had reports). */
  imported: Outcome[];
}

export async function ensureDatabase(opts: { db?: Db; samples?: string } = {}): Promise<EnsureResult> {
  const db = opts.db ?? getDb();
  const count = () => (db.$client.prepare('select count(*) as n from reports').get() as { n: number }).n;
  let imported: Outcome[] = [];
  if (count() === 0) {
    const { files } = await collectFiles([opts.samples ?? SAMPLES_DIR]);
    imported = await importFiles(db, files);
  }
  return { path: opts.db ? db.$client.name : databasePath(), reports: count(), imported };
}
