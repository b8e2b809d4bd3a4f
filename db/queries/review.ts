/**
 * Reads for the review loop: the queue, a report's review state, counts for the overview, and
 * who-may-touch-what facts for the policy.
 */
import type { ReportTarget } from '../../lib/auth/policy';
import { codePrefix } from '../../lib/auth/policy';
import type { Db } from '../client';

export function reportTarget(db: Db, id: number): ReportTarget | null {
  const r = db.$client
    .prepare('select region_code as regionCode, town_code as townCode, uploaded_by as uploadedBy from reports where id = ?')
    .get(id) as ReportTarget | undefined;
  return r ?? null;
}

export type DoubtKind = 'cell' | 'check' | 'meta' | 'stale';
export const DOUBT_KIND_LABEL: Record<DoubtKind, string> = { cell: '单元格存疑', check: '校验未通过', meta: '元数据未定', stale: '更正待复核' };
const KIND_COLUMN: Record<DoubtKind, string> = { cell: 'doubtful_cells', check: 'open_checks', meta: 'open_meta', stale: 'stale_corrections' };

export interface QueueFilter {
  /** The actor's scope (always applied) and the chosen region (both GB/T 2260 codes). */
  scope: string | null;
  uploadedBy?: string;
  region?: string | null;
  year?: number | null;
  kind?: DoubtKind | null;
  limit?: number;
}

export interface QueueRow {
  id: number;
  agency: string | null;
  regionCode: string | null;
  regionPath: string | null;
  year: number | null;
  sourceFile: string;
  isCurrent: boolean;
  versionPin: string | null;
  doubtfulCells: number;
  openChecks: number;
  openMeta: number;
  staleCorrections: number;
  reviewedCells: number;
}

function where(f: QueueFilter): { sql: string; params: (string | number)[] } {
  const parts = [f.kind ? `r.${KIND_COLUMN[f.kind]} > 0` : `(r.doubtful_cells + r.open_checks + r.open_meta + r.stale_corrections) > 0`];
  const params: (string | number)[] = [];
  const inRegion = (code: string) => {
    const p = codePrefix(code);
    // Township scopes are matched on the township code; others on the report's county-or-higher code.
    if (p.length === 9) return { sql: 'r.town_code = ?', params: [p] };
    return { sql: "(r.region_code like ? || '%' or r.town_code like ? || '%')", params: [p, p] };
  };
  if (f.scope) {
    const s = inRegion(f.scope);
    parts.push(f.uploadedBy ? `(${s.sql} or (r.region_code is null and r.uploaded_by = ?))` : s.sql);
    params.push(...s.params, ...(f.uploadedBy ? [f.uploadedBy] : []));
  }
  if (f.region) {
    const s = inRegion(f.region);
    parts.push(s.sql);
    params.push(...s.params);
  }
  if (f.year != null) {
    parts.push('r.year = ?');
    params.push(f.year);
  }
  return { sql: parts.join(' and '), params };
}

export function reviewQueue(db: Db, f: QueueFilter): QueueRow[] {
  const w = where(f);
  const rows = db.$client
    .prepare(
      `select r.id, a.name as agency, r.region_code as regionCode, g.path as regionPath, r.year, r.source_file as sourceFile, r.is_current as isCurrent,
        r.version_pin as versionPin, r.doubtful_cells as doubtfulCells, r.open_checks as openChecks, r.open_meta as openMeta,
        r.stale_corrections as staleCorrections, r.reviewed_cells as reviewedCells
       from reports r left join agencies a on a.id = r.agency_id left join regions g on g.code = coalesce(r.town_code, r.region_code)
       where ${w.sql} order by r.stale_corrections desc, r.year desc, r.id limit ?`,
    )
    .all(...w.params, f.limit ?? 500) as (Omit<QueueRow, 'isCurrent'> & { isCurrent: number })[];
  return rows.map((r) => ({ ...r, isCurrent: Boolean(r.isCurrent) }));
}

export interface ReviewCounts {
  reports: number;
  doubtfulCells: number;
  openChecks: number;
  openMeta: number;
  staleCorrections: number;
  reviewedCells: number;
}

/** Totals over the reports in scope: what is still open, and how many figures people reviewed. */
export function reviewCounts(db: Db, f: Pick<QueueFilter, 'scope' | 'uploadedBy' | 'region' | 'year'>): ReviewCounts {
  const w = where(f);
  const open = db.$client
    .prepare(
      `select count(*) as reports, coalesce(sum(doubtful_cells), 0) as doubtfulCells, coalesce(sum(open_checks), 0) as openChecks,
        coalesce(sum(open_meta), 0) as openMeta, coalesce(sum(stale_corrections), 0) as staleCorrections from reports r where ${w.sql}`,
    )
    .get(...w.params) as Omit<ReviewCounts, 'reviewedCells'>;
  const all = where({ ...f, kind: null });
  const reviewed = db.$client
    .prepare(`select coalesce(sum(reviewed_cells), 0) as n from reports r where ${all.sql.replace(/^\(r\.doubtful_cells[^)]*\) > 0/, '1 = 1')}`)
    .get(...all.params) as { n: number };
  return { ...open, reviewedCells: reviewed.n };
}
