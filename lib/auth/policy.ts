/**
 * Who may do what. Pure: the server resolves the signed-in user and the report, then asks here.
 * Every write route calls `authorize` before touching the database; the UI only mirrors it.
 *
 * Roles: `reviewer` uploads, reviews and corrects; `admin` also manages users and report versions.
 * Either may be limited to a region subtree (GB/T 2260 code): a reviewer of 淮安市 (320800) acts on
 * reports of 320800, 320813 (洪泽区) and 洪泽区's townships, never on 苏州市 (320500).
 */

export const ROLES = ['reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  role: Role;
  /** Region subtree the account is limited to; null = the whole country. */
  regionCode: string | null;
}

/** What the policy needs to know about a report. */
export interface ReportTarget {
  /** County-level (or higher) GB/T 2260 code of the report's region; null when the parser could not settle it. */
  regionCode: string | null;
  /** Nine-digit township code, when the report is a township's. */
  townCode?: string | null;
  /** The account that uploaded the report (through the browser), if any. */
  uploadedBy?: string | null;
}

export type Action =
  /** Send files to the import. */
  | 'upload'
  /** Fetch reports from portals into the import (each report then decided on as an upload). */
  | 'harvest'
  /** See the review queue and a report's review view. */
  | 'review'
  /** Enter, confirm or replace a cell value; mark a failed check "source inconsistent". */
  | 'correct'
  /** Set the manifest fields (agency, region, year, URL, publication date) of a report. */
  | 'edit_meta'
  /** Mark a report version withdrawn or current. */
  | 'set_version'
  /** Read the audit log. */
  | 'view_audit'
  /** Create, change or disable accounts. */
  | 'manage_users';

const REVIEWER_ACTIONS: ReadonlySet<Action> = new Set(['upload', 'harvest', 'review', 'correct', 'edit_meta', 'view_audit']);
const ADMIN_ONLY: ReadonlySet<Action> = new Set(['set_version', 'manage_users']);
/** Actions that concern one report, and so the actor's region scope. */
const REPORT_ACTIONS: ReadonlySet<Action> = new Set(['review', 'correct', 'edit_meta', 'set_version']);

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

/**
 * The significant prefix of a GB/T 2260 code: 320000 → 32, 320800 → 3208, 320813 → 320813, a
 * nine-digit township code stays whole. Codes nest by prefix, so a subtree is a prefix match.
 */
export function codePrefix(code: string): string {
  if (!/^\d{6}(\d{3})?$/.test(code)) throw new Error(`not a GB/T 2260 code: ${code}`);
  if (code.length === 9) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Whether `code` lies in the subtree rooted at `scope` (itself included). */
export function withinRegion(scope: string, code: string | null | undefined): boolean {
  if (!code) return false;
  return code.startsWith(codePrefix(scope));
}

/** Whether a report lies within the actor's region scope. */
export function inScope(actor: Actor, report: ReportTarget): boolean {
  if (actor.regionCode == null) return true;
  // A report whose region the parser could not settle belongs to nobody's subtree: only
  // unrestricted accounts, and the scoped account that uploaded it, may act on it.
  if (!report.regionCode) return report.uploadedBy != null && report.uploadedBy === actor.id;
  return withinRegion(actor.regionCode, report.townCode || report.regionCode);
}

/**
 * The decision for `actor` doing `action` (on `report` where the action concerns one). A report
 * action without a report is decided on role alone (e.g. opening the queue, which is then filtered
 * by `inScope`).
 */
export function authorize(actor: Actor | null | undefined, action: Action, report?: ReportTarget): Decision {
  if (!actor) return 'unauthenticated';
  if (!(ROLES as readonly string[]).includes(actor.role)) return 'forbidden';
  if (ADMIN_ONLY.has(action) && actor.role !== 'admin') return 'forbidden';
  if (!ADMIN_ONLY.has(action) && !REVIEWER_ACTIONS.has(action)) return 'forbidden';
  if (report && REPORT_ACTIONS.has(action) && !inScope(actor, report)) return 'forbidden';
  return 'allow';
}

export function can(actor: Actor | null | undefined, action: Action, report?: ReportTarget): boolean {
  return authorize(actor, action, report) === 'allow';
}

/**
 * Whether `actor` may create or change the account `target` (role and scope as they would be
 * after the change): admins only, and a region-limited admin only within their own subtree —
 * never granting a wider scope than their own.
 */
export function canManageUser(actor: Actor | null | undefined, target: { role: Role; regionCode: string | null }): Decision {
  const d = authorize(actor, 'manage_users');
  if (d !== 'allow') return d;
  if (actor!.regionCode == null) return 'allow';
  return target.regionCode != null && withinRegion(actor!.regionCode, target.regionCode) ? 'allow' : 'forbidden';
}

/** The writes that concern a report, and so are decided on the report's region. */
export type WriteAction = 'upload' | 'correct' | 'edit_meta' | 'set_version';

/**
 * What a write touches: the report as stored (null or absent for a new report) and the report as
 * the write would leave it (absent when the write does not move it: a correction, a version pin).
 */
export interface WriteTargets {
  stored?: ReportTarget | null;
  requested?: ReportTarget | null;
}

export type WriteDecision = { allow: true } | { allow: false; decision: Exclude<Decision, 'allow'>; on: 'role' | 'stored' | 'requested' };

/**
 * The one decision of every write of a report (upload, metadata, version, correction): the role
 * allows the action, and the actor's region scope holds the report both as it is stored and as
 * the write would leave it — so a re-upload or a new declaration can neither take over another
 * region's report nor push one out of the actor's region. The service making the write asks here
 * inside its transaction, on the stored row it is about to change.
 */
export function authorizeWrite(actor: Actor | null | undefined, action: WriteAction, targets: WriteTargets): WriteDecision {
  const d = authorize(actor, action);
  if (d !== 'allow') return { allow: false, decision: d, on: 'role' };
  if (targets.stored && !inScope(actor!, targets.stored)) return { allow: false, decision: 'forbidden', on: 'stored' };
  if (targets.requested && !inScope(actor!, targets.requested)) return { allow: false, decision: 'forbidden', on: 'requested' };
  return { allow: true };
}

/** A write the policy refused, thrown by the service inside its transaction (which then changes nothing). */
export class WriteRefused extends Error {
  constructor(
    public readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** HTTP status for a refused decision. */
export function statusOf(d: Exclude<Decision, 'allow'>): 401 | 403 {
  return d === 'unauthenticated' ? 401 : 403;
}

export function parseRole(s: string): Role | null {
  return (ROLES as readonly string[]).includes(s) ? (s as Role) : null;
}
