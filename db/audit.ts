/**
 * The audit log: one row per write made through the web or the user command — upload, correction,
 * metadata change, version change, user change — with who, when and what.
 */
import { desc, eq, and, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { auditLog } from './schema';

export type AuditAction = 'upload' | 'correction' | 'metadata' | 'version' | 'user';

export interface AuditEntry {
  action: AuditAction;
  reportId?: number | null;
  target?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Db, who: { userId: string | null; userName: string }, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    at: new Date().toISOString(),
    userId: who.userId,
    userName: who.userName,
    action: e.action,
    reportId: e.reportId ?? null,
    target: e.target ?? null,
    detail: e.detail ?? null,
  });
}

export interface AuditRow {
  id: number;
  at: string;
  userName: string | null;
  action: string;
  reportId: number | null;
  target: string | null;
  detail: Record<string, unknown> | null;
}

/** The newest entries first, optionally of one action or one report. */
export async function listAudit(db: Db, f: { action?: string; reportId?: number; limit?: number } = {}): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.reportId != null) where.push(eq(auditLog.reportId, f.reportId));
  return db
    .select({ id: auditLog.id, at: auditLog.at, userName: auditLog.userName, action: auditLog.action, reportId: auditLog.reportId, target: auditLog.target, detail: auditLog.detail })
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(f.limit ?? 500);
}
