/**
 * Reviewers' corrections as the pages and the derived tables read them: a report's history, and
 * the correction in force per value key (for 已人工核对 marks and the values in force).
 */
import { sql } from 'drizzle-orm';
import { latestPerTarget } from '../../lib/review/corrections';
import type { Db } from '../driver';
import { idTable } from '../dialect';
import { CORRECTION, CORRECTION_COLUMNS, type StoredCorrectionRow } from '../records';

/** A report's corrections, oldest first. */
export function listCorrections(db: Db, reportId: number): Promise<StoredCorrectionRow[]> {
  return db.all(sql`select ${CORRECTION_COLUMNS} from corrections where report_id = ${reportId} order by id`, CORRECTION);
}

/** The correction in force per value key, for each report that has any (for 已人工核对 marks). */
export async function reviewedKeys(db: Db, reportIds: number[]): Promise<Map<number, Map<string, StoredCorrectionRow>>> {
  const out = new Map<number, Map<string, StoredCorrectionRow>>();
  if (reportIds.length === 0) return out;
  const rows = await db.all(
    sql`select ${CORRECTION_COLUMNS} from corrections where report_id in (select id from ${idTable(db.dialect, reportIds)} ids) order by id`,
    CORRECTION,
  );
  const byReport = new Map<number, StoredCorrectionRow[]>();
  for (const r of rows) byReport.set(r.reportId, [...(byReport.get(r.reportId) ?? []), r]);
  for (const [id, list] of byReport) {
    const m = new Map<string, StoredCorrectionRow>();
    for (const r of latestPerTarget(list)) if (r.state === 'applied' && r.kind !== 'source_inconsistent') m.set(r.target, r);
    if (m.size) out.set(id, m);
  }
  return out;
}
