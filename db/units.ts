/**
 * Stores an expected-units list (lib/import/units.ts): the lines of one file replace the lines
 * previously imported from a file of the same name, in one transaction (whole or not at all).
 */
import type { ExpectedUnit } from '../lib/coverage/expected';
import type { Db } from './client';
import { refreshCoverageSummary } from './coverage-summary';

export async function storeUnits(db: Db, sourceFile: string, units: ExpectedUnit[]): Promise<{ replaced: number; stored: number }> {
  const c = db.$client;
  const at = new Date().toISOString();
  const result = c.transaction(() => {
    const replaced = c.prepare('delete from expected_units where source_file = ?').run(sourceFile).changes;
    const insert = c.prepare(
      'insert into expected_units (name, place_code, kind, expected, from_year, to_year, deadline, note, source_file, imported_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const u of units) insert.run(u.name, u.placeCode, u.kind, u.expected ? 1 : 0, u.fromYear, u.toYear, u.deadline, u.note, sourceFile, at);
    return { replaced, stored: units.length };
  })();
  // The country's and provinces' coverage is precomputed: bring it up to date with the list.
  await refreshCoverageSummary(db);
  return result;
}
