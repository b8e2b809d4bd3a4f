/**
 * The audit log as the /audit page reads it (written by db/audit.ts): newest first, optionally of
 * one action or one report.
 */
import type { Db } from '../client';
import { all, type Param } from './rows';

export interface AuditRow {
  id: number;
  at: string;
  userName: string | null;
  action: string;
  reportId: number | null;
  target: string | null;
  detail: Record<string, unknown> | null;
}

export async function listAudit(db: Db, f: { action?: string; reportId?: number; limit?: number } = {}): Promise<AuditRow[]> {
  const where = ['1 = 1'];
  const params: Param[] = [];
  if (f.action) {
    where.push('action = ?');
    params.push(f.action);
  }
  if (f.reportId != null) {
    where.push('report_id = ?');
    params.push(f.reportId);
  }
  const rows = await all(
    db,
    'listAudit',
    `select id, at, user_name, action, report_id, target, detail from audit_log where ${where.join(' and ')} order by id desc limit ?`,
    [...params, f.limit ?? 500],
    { id: 'int', at: 'text', user_name: 'text?', action: 'text', report_id: 'int?', target: 'text?', detail: 'text?' },
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    userName: r.user_name,
    action: r.action,
    reportId: r.report_id,
    target: r.target,
    detail: r.detail == null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
  }));
}
