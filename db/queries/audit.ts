/**
 * The audit log as the /audit page and its CSV export read it (written by db/audit.ts): newest
 * first (by id, the order rows were written), filtered by action, account, report and date range.
 * Pages count from a fixed newest row (`upto`), so rows written while a reviewer pages through do
 * not shift the pages; the export reads in id-keyset batches, never the whole log at once.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../driver';
import { AUDIT_PAGE_SIZE, dayAfter, type AuditEntryView, type AuditFilter } from '@/lib/audit/view';
import { col } from '../rows';

export type AuditRow = AuditEntryView;
export type { AuditFilter };

const ROW = {
  id: col.number,
  at: col.text,
  user_name: col.textOrNull,
  action: col.text,
  report_id: col.numberOrNull,
  target: col.textOrNull,
  detail: col.textOrNull,
};
const COLUMNS = sql`select id, at, user_name, action, report_id, target, detail from audit_log`;

function where(f: AuditFilter, bounds: { upto?: number | null; before?: number | null }): SQL {
  const w: SQL[] = [sql`1 = 1`];
  if (f.action) w.push(sql`action = ${f.action}`);
  if (f.user) w.push(sql`user_name = ${f.user}`);
  if (f.reportId != null) w.push(sql`report_id = ${f.reportId}`);
  // `at` is an ISO-8601 UTC text on both databases: dates compare as text.
  if (f.from) w.push(sql`at >= ${f.from}`);
  if (f.to) w.push(sql`at < ${dayAfter(f.to)}`);
  if (bounds.upto != null) w.push(sql`id <= ${bounds.upto}`);
  if (bounds.before != null) w.push(sql`id < ${bounds.before}`);
  return sql.join(w, sql` and `);
}

function toRow(r: {
  id: number;
  at: string;
  user_name: string | null;
  action: string;
  report_id: number | null;
  target: string | null;
  detail: string | null;
}): AuditRow {
  return {
    id: r.id,
    at: r.at,
    userName: r.user_name,
    action: r.action,
    reportId: r.report_id,
    target: r.target,
    detail: r.detail == null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
  };
}

/** Rows newest first: at most `limit` (default 500), older than `before` when given. */
export async function listAudit(db: Db, f: AuditFilter & { before?: number | null; upto?: number | null; limit?: number } = {}): Promise<AuditRow[]> {
  const rows = await db.all(sql`${COLUMNS} where ${where(f, f)} order by id desc limit ${f.limit ?? 500}`, ROW);
  return rows.map(toRow);
}

export interface AuditPage {
  rows: AuditRow[];
  /** Rows matching the filter up to `upto`. */
  total: number;
  /** 0-based, clamped to the last page. */
  page: number;
  pages: number;
  pageSize: number;
  /** The newest row the pages count from (null: the log is empty). */
  upto: number | null;
}

/**
 * One page of the log (`pageSize` rows, newest first). Without `upto` the pages count from the
 * newest row now, which the answer returns for the next page's link.
 */
export async function getAuditPage(db: Db, f: AuditFilter, o: { page?: number; upto?: number | null; pageSize?: number } = {}): Promise<AuditPage> {
  const pageSize = o.pageSize ?? AUDIT_PAGE_SIZE;
  const newest = (await db.one(sql`select max(id) as id from audit_log`, { id: col.numberOrNull }))?.id ?? null;
  const upto = o.upto != null && newest != null ? Math.min(o.upto, newest) : newest;
  const w = where(f, { upto });
  const total = (await db.one(sql`select count(*) as n from audit_log where ${w}`, { n: col.number }))?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(0, o.page ?? 0), pages - 1);
  const rows = await db.all(sql`${COLUMNS} where ${w} order by id desc limit ${pageSize} offset ${page * pageSize}`, ROW);
  return { rows: rows.map(toRow), total, page, pages, pageSize, upto };
}

/**
 * Every row matching the filter, newest first, in batches of `batch` read by id keyset (each batch
 * one indexed query, so memory stays bounded however long the log): for the CSV export.
 */
export async function* auditBatches(db: Db, f: AuditFilter, o: { upto?: number | null; batch?: number } = {}): AsyncGenerator<AuditRow[]> {
  let before: number | null = null;
  for (;;) {
    const rows = await listAudit(db, { ...f, upto: o.upto, before, limit: o.batch ?? 1000 });
    if (!rows.length) return;
    yield rows;
    before = rows[rows.length - 1].id;
  }
}
