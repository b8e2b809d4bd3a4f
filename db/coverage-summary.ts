/**
 * Keeps coverage_summary (the country's and each province's coverage per year) current: rebuilt
 * whole after an import or a units import changed something, in one write transaction.
 */
import { allRegions } from '../lib/region/gazetteer';
import type { Db } from './client';
import { computeCoverage } from './queries/coverage';
import { sql } from 'drizzle-orm';
import { col } from './rows';

export async function refreshCoverageSummary(db: Db, env: Record<string, string | undefined> = process.env): Promise<number> {
  const present = new Set(
    (
      await db.all(sql`select distinct substr(region_code, 1, 2) as p from reports where is_current = 1 and region_code is not null`, { p: col.text })
    ).map((r) => r.p),
  );
  const codes: (string | null)[] = [
    null,
    ...allRegions()
      .filter((r) => r.level === 'province' && present.has(r.code.slice(0, 2)))
      .map((r) => r.code),
  ];
  const rows: [string, number, string, string][] = [];
  for (const code of codes) {
    const { settings, years } = await computeCoverage(db, code, env);
    for (const y of years) rows.push([code ?? '', y.year, JSON.stringify(y), JSON.stringify(settings)]);
  }
  await db.write(function* (tx) {
    yield* tx.run(sql`delete from coverage_summary`);
    for (const [code, year, view, settings] of rows)
      yield* tx.run(sql`insert into coverage_summary (region_code, year, view, settings) values (${code}, ${year}, ${view}, ${settings})`);
  });
  return rows.length;
}
