/**
 * `ensureDatabase()`: what `npm start` runs first (scripts/prestart.ts). Opens the database named
 * by DATABASE_URL, which applies pending migrations and loads the GB/T 2260 regions; when it
 * holds no report yet, imports the bundled sample reports (data/samples), so a new user sees a
 * working dashboard with one command (the import builds their figures and summaries). On a
 * database that has reports it fills what a migration may have emptied (db/metrics.ts
 * ensureFigures: a few indexed probes when nothing is missing) — opening alone computes nothing.
 */
import { sql } from 'drizzle-orm';
import { join } from 'node:path';
import { projectRoot } from '../lib/root';
import { getDb, type Db } from './client';
import { collectFiles, importFiles, type Outcome } from './import';
import { ensureFigures } from './metrics';
import { col } from './rows';

export const SAMPLES_DIR = join(/*turbopackIgnore: true*/ projectRoot(), 'data', 'samples');

export interface EnsureResult {
  /** The database in use, for messages (`SQLite data/gongkai.db`, `PostgreSQL host:port/db`). */
  where: string;
  /** Reports in the database after the call. */
  reports: number;
  /** The sample files imported now (empty when the database already had reports). */
  imported: Outcome[];
}

export async function ensureDatabase(opts: { db?: Db; samples?: string } = {}): Promise<EnsureResult> {
  const db = opts.db ?? (await getDb());
  const count = async () => (await db.one(sql`select count(*) as n from reports`, { n: col.number }))!.n;
  let imported: Outcome[] = [];
  if ((await count()) === 0 && !db.readOnly) {
    const { files } = await collectFiles([opts.samples ?? SAMPLES_DIR]);
    imported = await importFiles(db, files);
  }
  await ensureFigures(db);
  return { where: db.where, reports: await count(), imported };
}
