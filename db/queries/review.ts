/**
 * Reads for the review loop: the queue, counts for the overview, and the facts the policy needs
 * about a report. Portable SQL (SQLite and PostgreSQL).
 */
import { sql, type SQL } from 'drizzle-orm';
import { codePrefix, type ReportTarget } from '../../lib/auth/policy';
import type { Db } from '../client';
import { col } from '../rows';

export async function reportTarget(db: Db, id: number): Promise<ReportTarget | null> {
  const r = await db.one(
    sql`select region_code as "regionCode", town_code as "townCode", uploaded_by as "uploadedBy" from reports where id = ${id}`,
    {
      regionCode: col.textOrNull,
      townCode: col.textOrNull,
      uploadedBy: col.textOrNull,
    },
  );
  return r ?? null;
}

export type DoubtKind = 'cell' | 'check' | 'meta' | 'stale';
export const DOUBT_KIND_LABEL: Record<DoubtKind, string> = { cell: '单元格存疑', check: '校验未通过', meta: '元数据未定', stale: '更正待复核' };
const KIND_COLUMN: Record<DoubtKind, string> = { cell: 'doubtful_cells', check: 'open_checks', meta: 'open_meta', stale: 'stale_corrections' };

export interface QueueFilter {
  /** The actor's region scope (always applied; null = the whole country) and their id (for unplaced reports they uploaded). */
  scope: string | null;
  uploadedBy?: string;
  /** The chosen region (GB/T 2260 code), year and kind of open item. */
  region?: string | null;
  year?: number | null;
  kind?: DoubtKind | null;
  limit?: number;
}

const OPEN = sql.raw('(r.doubtful_cells + r.open_checks + r.open_meta + r.stale_corrections) > 0');

function inRegion(code: string): SQL {
  const p = codePrefix(code);
  // A township scope is matched on the township code; others on the report's county-or-higher code.
  if (p.length === 9) return sql`r.town_code = ${p}`;
  return sql`(r.region_code like ${p + '%'} or r.town_code like ${p + '%'})`;
}

function conditions(f: QueueFilter, open: boolean): SQL {
  const parts: SQL[] = [];
  if (open) parts.push(f.kind ? sql`r.${sql.raw(KIND_COLUMN[f.kind])} > 0` : OPEN);
  if (f.scope)
    parts.push(f.uploadedBy ? sql`(${inRegion(f.scope)} or (r.region_code is null and r.uploaded_by = ${f.uploadedBy}))` : inRegion(f.scope));
  if (f.region) parts.push(inRegion(f.region));
  if (f.year != null) parts.push(sql`r.year = ${f.year}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`1 = 1`;
}

const QUEUE_ROW = {
  id: col.number,
  agency: col.textOrNull,
  regionPath: col.textOrNull,
  year: col.numberOrNull,
  sourceFile: col.text,
  isCurrent: col.flag,
  versionPin: col.textOrNull,
  doubtfulCells: col.number,
  openChecks: col.number,
  openMeta: col.number,
  staleCorrections: col.number,
  reviewedCells: col.number,
};
export type QueueRow = { [K in keyof typeof QUEUE_ROW]: ReturnType<(typeof QUEUE_ROW)[K]> };

export function reviewQueue(db: Db, f: QueueFilter): Promise<QueueRow[]> {
  return db.all(
    sql`select r.id, a.name as agency, g.path as "regionPath", r.year, r.source_file as "sourceFile", r.is_current as "isCurrent",
        r.version_pin as "versionPin", r.doubtful_cells as "doubtfulCells", r.open_checks as "openChecks", r.open_meta as "openMeta",
        r.stale_corrections as "staleCorrections", r.reviewed_cells as "reviewedCells"
      from reports r left join agencies a on a.id = r.agency_id left join regions g on g.code = coalesce(r.town_code, r.region_code)
      where ${conditions(f, true)} order by r.stale_corrections desc, r.year desc, r.id limit ${f.limit ?? 500}`,
    QUEUE_ROW,
  );
}

/** The years of the reports in the actor's queue, newest first (the year filter's choices). */
export async function queueYears(db: Db, f: Pick<QueueFilter, 'scope' | 'uploadedBy'>): Promise<number[]> {
  const rows = await db.all(sql`select distinct r.year from reports r where ${conditions(f, true)} and r.year is not null order by r.year desc`, {
    year: col.number,
  });
  return rows.map((r) => r.year);
}

const COUNTS = {
  reports: col.number,
  doubtfulCells: col.number,
  openChecks: col.number,
  openMeta: col.number,
  staleCorrections: col.number,
  reviewedCells: col.number,
};
export type ReviewCounts = { [K in keyof typeof COUNTS]: number };

/** Totals over the reports in scope: what is still open, and how many figures people reviewed. */
export async function reviewCounts(db: Db, f: Pick<QueueFilter, 'scope' | 'uploadedBy' | 'region' | 'year'>): Promise<ReviewCounts> {
  const row = await db.one(
    sql`select count(*) filter (where ${OPEN}) as reports, coalesce(sum(r.doubtful_cells), 0) as "doubtfulCells", coalesce(sum(r.open_checks), 0) as "openChecks",
        coalesce(sum(r.open_meta), 0) as "openMeta", coalesce(sum(r.stale_corrections), 0) as "staleCorrections", coalesce(sum(r.reviewed_cells), 0) as "reviewedCells"
      from reports r where ${conditions(f, false)}`,
    COUNTS,
  );
  return row!;
}
