/**
 * Rebuilds region_rollups (see db/tables.ts) from the current reports: one aggregate pass per
 * level, in one write transaction. Writers call it after a batch that changes reports or their
 * figures (import, re-parse, corrections); the figure queries read it for the country, provinces,
 * cities and counties.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { ROLLUP_LEVELS, rollupCodeSql } from '../lib/region/rollup-levels';
import { REPORT_AGGREGATES, SUMMED_COLUMNS } from './aggregate';

const LEVELS = ROLLUP_LEVELS.map(({ level, digits }) => [level, rollupCodeSql('r.region_code', digits)] as const);

export async function refreshRollups(db: Db): Promise<void> {
  const cols = ['level', 'code', 'year', 'covered', 'reports', 'first_id', ...SUMMED_COLUMNS, 'failed_reports', 'failed_checks'].join(', ');
  await db.write(function* (tx) {
    yield* tx.run(sql`delete from region_rollups`);
    for (const [level, code] of LEVELS) {
      yield* tx.run(
        sql.raw(`insert into region_rollups (${cols})
          select '${level}', ${code}, r.year, coalesce(r.covered_rank, -1), ${REPORT_AGGREGATES.join(', ')},
            sum(case when r.failed_checks > 0 then 1 else 0 end), sum(r.failed_checks)
          from reports r left join report_metrics m on m.report_id = r.id
          where r.is_current = 1 and r.year is not null${level === 'country' ? '' : ' and r.region_code is not null'}
          group by ${level === 'country' ? '' : `${code}, `}r.year, coalesce(r.covered_rank, -1)`),
      );
    }
  });
}
