/**
 * Keeps coverage_summary (the country's and each province's coverage per year) current: rebuilt
 * whole after an import or a units import changed something, in one transaction.
 */
import { allRegions } from '../lib/region/gazetteer';
import type { Db } from './client';
import { computeCoverage } from './queries/coverage';
import { all } from './queries/rows';

export async function refreshCoverageSummary(db: Db, env: Record<string, string | undefined> = process.env): Promise<number> {
  const present = new Set((await all(db, 'coverage.provinces', "select distinct substr(region_code, 1, 2) as p from reports where is_current = 1 and region_code is not null", [], { p: 'text' })).map((r) => r.p));
  const codes: (string | null)[] = [null, ...allRegions().filter((r) => r.level === 'province' && present.has(r.code.slice(0, 2))).map((r) => r.code)];
  const rows: [string, number, string, string][] = [];
  for (const code of codes) {
    const { settings, years } = await computeCoverage(db, code, env);
    for (const y of years) rows.push([code ?? '', y.year, JSON.stringify(y), JSON.stringify(settings)]);
  }
  const c = db.$client;
  const insert = c.prepare('insert into coverage_summary (region_code, year, view, settings) values (?, ?, ?, ?)');
  c.transaction(() => {
    c.prepare('delete from coverage_summary').run();
    for (const r of rows) insert.run(...r);
  })();
  return rows.length;
}
