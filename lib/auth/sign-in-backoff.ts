/**
 * Per-account sign-in backoff. Pure: server/sign-in-guard.ts reads the counts from the database
 * and asks here.
 *
 * Why this shape: a lockout keyed by account alone lets a stranger lock the real user out (five
 * wrong passwords for someone else's username); one keyed by address alone lets an attacker with
 * many addresses guess one account's password at full speed. So an account's failures slow down
 * only the clients that have themselves failed on that account: after FREE_FAILURES consecutive
 * failures, such a client must wait BASE_DELAY_MS × 2^(failures − FREE_FAILURES), at most
 * MAX_DELAY_MS, after the account's last failure before it may try again. A client that has not
 * failed on the account (the user at their own desk) is never held back by it, so a correct
 * password from there always gets through. Each address is also limited to a few attempts a
 * minute over all accounts (server/auth.ts), which bounds password spraying.
 */

export const FREE_FAILURES = 5;
export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** Failures older than this are forgotten (the count is of consecutive recent failures). */
export const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export interface FailureCount {
  failures: number;
  /** Milliseconds since 1970. */
  lastFailureAt: number;
}

/** How long after an account's last failure a client that failed on it must wait. */
export function backoffDelay(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - FREE_FAILURES, 30), MAX_DELAY_MS);
}

export type BackoffDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Whether a client may try a password for an account now, given the account's failures and the
 * client's own failures on it (null: none recorded).
 */
export function decideAttempt(account: FailureCount | null, client: FailureCount | null, now: number): BackoffDecision {
  if (!account || !client || client.failures === 0) return { allowed: true };
  if (now - account.lastFailureAt >= FORGET_AFTER_MS || now - client.lastFailureAt >= FORGET_AFTER_MS) return { allowed: true };
  const until = account.lastFailureAt + backoffDelay(account.failures);
  return now >= until ? { allowed: true } : { allowed: false, retryAfterMs: until - now };
}
