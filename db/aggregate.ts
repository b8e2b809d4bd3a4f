/**
 * The aggregate expressions of report figures, generated once from lib/metrics: shared by the
 * roll-up rebuild (db/rollups.ts, over report rows) and the figure queries (db/queries/figures.ts,
 * over report rows or over roll-up rows). Portable SQL (SQLite and PostgreSQL), constant text
 * built from constants (inserted with sql.raw).
 */
import { METRIC_COLUMNS, RATIOS, type MetricColumn } from '../lib/metrics';
import { col, type Column } from './rows';

const notNull = (cols: MetricColumn[]) => cols.map((c) => `m.${c} is not null`).join(' and ');
const plus = (cols: MetricColumn[]) => cols.map((c) => `m.${c}`).join(' + ');

/** report_metrics' review counts (copies of the reports columns of the same names), summed like the figures. */
export const REVIEW_COLUMNS = ['reviewed_cells', 'doubtful_cells'] as const;

/** Aggregates over report rows (alias r = reports, m = report_metrics). */
export const REPORT_AGGREGATES: string[] = [
  'count(*) as reports',
  'min(r.id) as first_id',
  ...METRIC_COLUMNS.flatMap((c) => [`sum(m.${c}) as s_${c}`, `count(m.${c}) as n_${c}`]),
  ...RATIOS.flatMap((q) => {
    const both = notNull([...q.num, ...q.den, ...(q.less ?? [])]);
    const den = q.less?.length ? `(${plus(q.den)}) - (${plus(q.less)})` : plus(q.den);
    return [
      `sum(case when ${both} then ${plus(q.num)} end) as rn_${q.id}`,
      `sum(case when ${both} then ${den} end) as rd_${q.id}`,
      `sum(case when ${both} then 1 else 0 end) as ro_${q.id}`,
    ];
  }),
  // Review counts (issue 8) beside every aggregate: figures set by a reviewer, doubtful ones not yet reviewed.
  ...REVIEW_COLUMNS.map((c) => `coalesce(sum(m.${c}), 0) as ${c}`),
];

/** The aggregate columns' names after `reports` and `first_id`. */
export const SUMMED_COLUMNS: string[] = [
  ...METRIC_COLUMNS.flatMap((c) => [`s_${c}`, `n_${c}`]),
  ...RATIOS.flatMap((q) => [`rn_${q.id}`, `rd_${q.id}`, `ro_${q.id}`]),
  ...REVIEW_COLUMNS,
];

/** The same aggregates re-summed over roll-up rows (alias u = region_rollups). */
export const ROLLUP_AGGREGATES: string[] = [
  'sum(u.reports) as reports',
  'min(u.first_id) as first_id',
  ...SUMMED_COLUMNS.map((c) => `sum(u.${c}) as ${c}`),
];

/** How the aggregate columns come back (checked at the SQL boundary): sums may be null, counts not. */
export const AGGREGATE: Record<string, Column<number | null>> = {
  reports: col.number,
  first_id: col.number,
  ...Object.fromEntries(
    METRIC_COLUMNS.flatMap((c) => [
      [`s_${c}`, col.numberOrNull],
      [`n_${c}`, col.number],
    ]),
  ),
  ...Object.fromEntries(
    RATIOS.flatMap((q) => [
      [`rn_${q.id}`, col.numberOrNull],
      [`rd_${q.id}`, col.numberOrNull],
      [`ro_${q.id}`, col.number],
    ]),
  ),
  ...Object.fromEntries(REVIEW_COLUMNS.map((c) => [c, col.number])),
};
