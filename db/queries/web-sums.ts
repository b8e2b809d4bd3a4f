/**
 * Yearly sums of every stored per-report figure over the reports a figure counts (the counting
 * rule of scope.ts, as its notCovered condition), in one SQL statement: the dashboard's charts
 * need all figures at once, and a national view must not read 20,000 rows into JavaScript.
 */
import { METRIC_COLUMNS, type MetricColumn } from '../../lib/metrics';
import type { Db } from '../client';
import { fragment, groupIds } from '../dialect';
import { col, type Shape } from '../rows';
import { notCovered, regionCondition, type Filter } from './scope';

export interface YearSums {
  year: number;
  reports: number;
  /** The counted report ids when there are few (for drill-down links), else null. */
  ids: number[] | null;
  sums: Record<MetricColumn, number | null>;
  /** Of the summed reports' figures: set by a reviewer (已人工核对), and doubtful ones not yet reviewed. */
  review: { reviewed: number; doubtful: number };
}

const FEW = 50;

export async function sumsByYear(db: Db, f: Filter): Promise<YearSums[]> {
  const parts = ['r.is_current = 1', 'r.year is not null'];
  const params: (string | number)[] = [];
  if (f.regionCode) {
    const rc = regionCondition(f.regionCode, 'r');
    parts.push(rc.sql);
    params.push(...rc.params);
  }
  if (f.agencyIds?.length) {
    parts.push(`r.agency_id in (${f.agencyIds.map(() => '?').join(',')})`);
    params.push(...f.agencyIds);
  }
  if (f.years?.length) {
    parts.push(`r.year in (${f.years.map(() => '?').join(',')})`);
    params.push(...f.years);
  }
  const nc = notCovered(f);
  const shape: Shape = { year: col.number, reports: col.number, ids: col.idList, reviewed: col.numberOrNull, doubtful: col.numberOrNull };
  for (const c of METRIC_COLUMNS) shape[c] = col.numberOrNull;
  const rows = await db.all(
    fragment(
      `select r.year, count(*) as reports, case when count(*) <= ${FEW} then ${groupIds(db.dialect, 'r.id')} end as ids,
        ${METRIC_COLUMNS.map((c) => `sum(m.${c}) as ${c}`).join(', ')}, sum(m.reviewed_cells) as reviewed, sum(m.doubtful_cells) as doubtful
        from reports r left join report_metrics m on m.report_id = r.id
        where ${parts.join(' and ')} and ${nc.sql} group by r.year order by r.year`,
      [...params, ...nc.params],
    ),
    shape,
  );
  return rows.map((r) => ({
    year: r.year as number,
    reports: r.reports as number,
    ids: r.ids as number[] | null,
    sums: Object.fromEntries(METRIC_COLUMNS.map((c) => [c, r[c]])) as Record<MetricColumn, number | null>,
    review: { reviewed: (r.reviewed as number | null) ?? 0, doubtful: (r.doubtful as number | null) ?? 0 },
  }));
}
