/**
 * npm run units:import -- FILE.csv...
 *
 * Imports expected-units lists (columns name,region_code,kind,expected,from_year,to_year,deadline,note;
 * see lib/import/units.ts) into the database named by DATABASE_URL. A file replaces what an
 * earlier import of the same file name stored. A bad file is rejected whole with one line naming
 * the file, the line and the problem; the other files are still imported. Exit code 1 if any failed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { closeDb, getDb } from '../db/client';
import { storeUnits } from '../db/units';
import { parseUnits } from '../lib/import/units';
import { parseCommandLine } from './cli';

async function main(): Promise<number> {
  const { positionals: files } = parseCommandLine({
    name: 'units:import',
    usage: 'npm run units:import -- FILE.csv...',
    flags: {},
    positionals: { min: 1, max: Infinity, name: 'FILE.csv' },
  });
  const db = await getDb();
  let failed = 0;
  for (const file of files) {
    try {
      const units = parseUnits(readFileSync(file, 'utf8'));
      const { replaced, stored } = await storeUnits(db, basename(file), units);
      const notExpected = units.filter((u) => !u.expected).length;
      process.stdout.write(
        `${file}: ${stored} units (${notExpected} marked not expected)${replaced ? `, replacing ${replaced} from an earlier import` : ''}\n`,
      );
    } catch (e) {
      failed++;
      process.stderr.write(`${file}: error: ${(e as Error).message}\n`);
    }
  }
  await closeDb();
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
