/**
 * The audit log: one row per write made through the web or the user command — upload, correction,
 * metadata change, version change, user change — with who, when and what. Read by
 * db/queries/audit.ts.
 *
 * A change and its audit row are one transaction: the write services (db/import.ts importSource
 * and redeclareReport, db/store.ts setVersionPin, db/review.ts recordCorrection, server/users.ts
 * createUser and updateUser) yield `auditSteps` inside their `db.write`, so a failure or a kill
 * leaves both or neither. `recordAudit` (its own transaction) is for events that change nothing
 * else, such as a refused upload.
 */
import { sql } from 'drizzle-orm';
import { authorizeWrite, WriteRefused, type Actor, type ReportTarget, type WriteAction, type WriteTargets } from '../lib/auth/policy';
import type { Db, Step, Tx } from './client';
import { col } from './rows';

export type AuditAction = 'upload' | 'harvest' | 'correction' | 'metadata' | 'version' | 'user' | 'account';

export interface AuditEntry {
  action: AuditAction;
  reportId?: number | null;
  target?: string | null;
  detail?: Record<string, unknown>;
}

/** Who made a write, as the audit log names them (the command line has no account id). */
export interface Who {
  userId: string | null;
  userName: string;
}

/** What a write service needs besides its arguments: the database, who writes, and the time (tests inject it). */
export interface WriteContext<A extends Who = Who> {
  db: Db;
  who: A;
  clock?: () => Date;
}

/** A write of a report through the web: `actor` is what the policy decides on. */
export interface ReportWriteContext extends WriteContext<{ userId: string; userName: string }> {
  actor: Actor;
}

export const nowOf = (ctx: { clock?: () => Date }): Date => (ctx.clock ? ctx.clock() : new Date());

/** The audit row's insert, inside the caller's transaction (waited for, so its failure rolls the change back). */
export function* auditSteps(tx: Tx, who: Who, e: AuditEntry, at: Date = new Date()): Generator<Step, void, unknown> {
  yield* tx.run(
    sql`insert into audit_log (at, user_id, user_name, action, report_id, target, detail)
      values (${at.toISOString()}, ${who.userId}, ${who.userName}, ${e.action}, ${e.reportId ?? null}, ${e.target ?? null}, ${e.detail ? JSON.stringify(e.detail) : null})`,
  );
}

/** An audit row in its own transaction, for an event that changes nothing else. */
export async function recordAudit(db: Db, who: Who, e: AuditEntry, at: Date = new Date()): Promise<void> {
  await db.write((tx) => auditSteps(tx, who, e, at));
}

const STORED_TARGET = { regionCode: col.textOrNull, townCode: col.textOrNull, uploadedBy: col.textOrNull };
const storedTargetQuery = (reportId: number) =>
  sql`select region_code as "regionCode", town_code as "townCode", uploaded_by as "uploadedBy" from reports where id = ${reportId}`;

/** The report as the policy sees it (region, township, uploader), read inside the write's transaction. */
export function* storedTargetSteps(tx: Tx, reportId: number): Generator<Step, ReportTarget | null, unknown> {
  return (yield* tx.one(storedTargetQuery(reportId), STORED_TARGET)) ?? null;
}

/** The same, outside a transaction (for a write that turns out to change nothing). */
export async function storedTarget(db: Db, reportId: number): Promise<ReportTarget | null> {
  return (await db.one(storedTargetQuery(reportId), STORED_TARGET)) ?? null;
}

/**
 * Throws WriteRefused unless the policy allows the write on the report as stored and as requested
 * (lib/auth/policy.ts authorizeWrite), with a one-line reason for the target that is outside the
 * actor's region.
 */
export function enforceWrite(actor: Actor, action: WriteAction, targets: WriteTargets, reasons: { stored?: string; requested?: string } = {}): void {
  const d = authorizeWrite(actor, action, targets);
  if (d.allow) return;
  if (d.on === 'role')
    throw new WriteRefused(d.decision === 'unauthenticated' ? 401 : 403, d.decision === 'unauthenticated' ? '请先登录' : '无权进行此操作');
  throw new WriteRefused(
    403,
    d.on === 'stored' ? (reasons.stored ?? '该报告不在您负责的地区内') : (reasons.requested ?? '不能把报告改到您负责的地区以外'),
  );
}
