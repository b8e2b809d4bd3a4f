/**
 * The audit log: one row per write made through the web or the user command — upload, correction,
 * metadata change, version change, user change — with who, when and what.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { col } from './rows';

export type AuditAction = 'upload' | 'correction' | 'metadata' | 'version' | 'user';

export interface AuditEntry {
  action: AuditAction;
  reportId?: number | null;
  target?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Db, who: { userId: string | null; userName: string }, e: AuditEntry): Promise<void> {
  await db.run(
    sql`insert into audit_log (at, user_id, user_name, action, report_id, target, detail)
      values (${new Date().toISOString()}, ${who.userId}, ${who.userName}, ${e.action}, ${e.reportId ?? null}, ${e.target ?? null}, ${e.detail ? JSON.stringify(e.detail) : null})`,
  );
}

const ROW = {
  id: col.number,
  at: col.text,
  userName: col.textOrNull,
  action: col.text,
  reportId: col.numberOrNull,
  target: col.textOrNull,
  detail: col.jsonOrNull<Record<string, unknown>>(),
};
export type AuditRow = { [K in keyof typeof ROW]: ReturnType<(typeof ROW)[K]> };

/** The newest entries first, optionally of one action or one report. */
export function listAudit(db: Db, f: { action?: string; reportId?: number; limit?: number } = {}): Promise<AuditRow[]> {
  const where = [sql`1 = 1`];
  if (f.action) where.push(sql`action = ${f.action}`);
  if (f.reportId != null) where.push(sql`report_id = ${f.reportId}`);
  return db.all(
    sql`select id, at, user_name as "userName", action, report_id as "reportId", target, detail from audit_log
      where ${sql.join(where, sql` and `)} order by id desc limit ${f.limit ?? 500}`,
    ROW,
  );
}
