/**
 * The audit log as the /audit page and its CSV export read it (written by db/audit.ts): newest
 * first (by id, the order rows were written), filtered by action, account, report and date range.
 * Pages count from a fixed newest row (`upto`), so rows written while a reviewer pages through do
 * not shift the pages; the export reads in id-keyset batches, never the whole log at once.
 */
import type { Db } from '../client';
import { AUDIT_PAGE_SIZE, dayAfter, type AuditEntryView, type AuditFilter } from '@/lib/audit/view';
import { all, one, type Param } from './rows';

export type AuditRow = AuditEntryView;
export type { AuditFilter };

const SPEC = { id: 'int', at: 'text', user_name: 'text?', action: 'text', report_id: 'int?', target: 'text?', detail: 'text?' } as const;

function where(f: AuditFilter, bounds: { upto?: number | null; before?: number | null }): { sql: string; params: Param[] } {
  const w: string[] = ['1 = 1'];
  const params: Param[] = [];
  const add = (clause: string, v: Param) => {
    w.push(clause);
    params.push(v);
  };
  if (f.action) add('action = ?', f.action);
  if (f.user) add('user_name = ?', f.user);
  if (f.reportId != null) add('report_id = ?', f.reportId);
  // `at` is an ISO-8601 UTC text on both databases: dates compare as text.
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', dayAfter(f.to));
  if (bounds.upto != null) add('id <= ?', bounds.upto);
  if (bounds.before != null) add('id < ?', bounds.before);
  return { sql: w.join(' and '), params };
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
  const w = where(f, f);
  const rows = await all(
    db,
    'listAudit',
    `select id, at, user_name, action, report_id, target, detail from audit_log where ${w.sql} order by id desc limit ?`,
    [...w.params, f.limit ?? 500],
    SPEC,
  );
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
  const newest = (await one(db, 'auditNewest', 'select max(id) as id from audit_log', [], { id: 'int?' }))?.id ?? null;
  const upto = o.upto != null && newest != null ? Math.min(o.upto, newest) : newest;
  const w = where(f, { upto });
  const total = (await one(db, 'auditCount', `select count(*) as n from audit_log where ${w.sql}`, w.params, { n: 'int' }))?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(0, o.page ?? 0), pages - 1);
  const rows = await all(
    db,
    'auditPage',
    `select id, at, user_name, action, report_id, target, detail from audit_log where ${w.sql} order by id desc limit ? offset ?`,
    [...w.params, pageSize, page * pageSize],
    SPEC,
  );
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
