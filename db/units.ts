/**
 * Stores an expected-units list (lib/import/units.ts): the lines of one file replace the lines
 * previously imported from a file of the same name, in one transaction (whole or not at all).
 */
import type { ExpectedUnit } from '../lib/coverage/expected';
import type { Db } from './client';
import { afterWrite } from './derived';
import { sql } from 'drizzle-orm';

export async function storeUnits(db: Db, sourceFile: string, units: ExpectedUnit[]): Promise<{ replaced: number; stored: number }> {
  const at = new Date().toISOString();
  const result = await db.write(function* (tx) {
    const replaced = yield* tx.run(sql`delete from expected_units where source_file = ${sourceFile}`);
    for (const u of units) {
      yield* tx.run(
        sql`insert into expected_units (name, place_code, kind, expected, from_year, to_year, deadline, note, source_file, imported_at)
          values (${u.name}, ${u.placeCode}, ${u.kind}, ${u.expected ? 1 : 0}, ${u.fromYear}, ${u.toYear}, ${u.deadline}, ${u.note}, ${sourceFile}, ${at})`,
      );
    }
    return { replaced, stored: units.length };
  });
  // The country's and provinces' coverage is precomputed: bring it up to date with the list.
  await afterWrite(db, { units: true }, { wait: true });
  return result;
}
