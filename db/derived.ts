/**
 * What an import or re-parse must bring up to date besides the reports themselves: the
 * cross-year findings and text reuse of the bodies whose reports changed (db/crossyear.ts), and
 * the precomputed coverage of the country and provinces (db/coverage-summary.ts).
 */
import type { Db } from './client';
import { refreshCoverageSummary } from './coverage-summary';
import { bodiesOfReports, refreshCrossYear } from './crossyear';

export async function refreshDerived(db: Db, outcomes: { outcome: string; reportId?: number }[]): Promise<void> {
  const changed = outcomes.filter((o) => (o.outcome === 'imported' || o.outcome === 'reparsed') && o.reportId !== undefined).map((o) => o.reportId!);
  if (changed.length === 0) return;
  await refreshCrossYear(db, await bodiesOfReports(db, changed));
  await refreshCoverageSummary(db);
}
