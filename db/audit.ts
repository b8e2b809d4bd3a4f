/**
 * The audit log: one row per write made through the web or the user command — upload, correction,
 * metadata change, version change, user change — with who, when and what. Read by
 * db/queries/audit.ts.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client';

export type AuditAction = 'upload' | 'correction' | 'metadata' | 'version' | 'user' | 'account';

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
