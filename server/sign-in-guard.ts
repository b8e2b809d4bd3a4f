/**
 * The per-account sign-in backoff of lib/auth/sign-in-backoff.ts, counted in the database
 * (auth_sign_in_failures) so every server process of `npm start` sees the same failures. Rows:
 * one per account (`client` ''), one per account and client address.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { col } from '@/db/rows';
import { decideAttempt, FORGET_AFTER_MS, type BackoffDecision } from '@/lib/auth/sign-in-backoff';

/** A client whose address nothing trustworthy reports: all such clients count as one. */
const UNKNOWN_CLIENT = 'unknown';
const ACCOUNT = '';

/** The account key as better-auth's username plugin looks it up (lower case), bounded. */
export function accountKey(username: string): string {
  return username.trim().toLowerCase().slice(0, 64);
}

const clientKey = (client: string | null) => client ?? UNKNOWN_CLIENT;

export async function signInBackoff(db: Db, username: string, client: string | null, now: number): Promise<BackoffDecision> {
  const rows = await db.all(
    sql`select client, failures, last_failure_at from auth_sign_in_failures where username = ${accountKey(username)} and client in (${ACCOUNT}, ${clientKey(client)})`,
    { client: col.text, failures: col.number, last_failure_at: col.number },
  );
  const find = (c: string) => {
    const r = rows.find((x) => x.client === c);
    return r ? { failures: r.failures, lastFailureAt: r.last_failure_at } : null;
  };
  return decideAttempt(find(ACCOUNT), find(clientKey(client)), now);
}

/** One more failure for the account and for the client on it (a count older than FORGET_AFTER_MS starts again). */
export async function recordSignInFailure(db: Db, username: string, client: string | null, now: number): Promise<void> {
  const u = accountKey(username);
  const stale = now - FORGET_AFTER_MS;
  await db.run(
    sql`insert into auth_sign_in_failures (username, client, failures, last_failure_at)
      values (${u}, ${ACCOUNT}, 1, ${now}), (${u}, ${clientKey(client)}, 1, ${now})
      on conflict (username, client) do update set
        failures = case when auth_sign_in_failures.last_failure_at < ${stale} then 1 else auth_sign_in_failures.failures + 1 end,
        last_failure_at = excluded.last_failure_at`,
  );
  await db.run(sql`delete from auth_sign_in_failures where last_failure_at < ${stale}`);
}

/**
 * A successful sign-in from `client`: that client's failures on the account are forgotten. The
 * account's own count stays (until FORGET_AFTER_MS without failures), so the user signing in
 * does not hand an attacker elsewhere a fresh set of free attempts.
 */
export async function clearSignInFailures(db: Db, username: string, client: string | null): Promise<void> {
  await db.run(sql`delete from auth_sign_in_failures where username = ${accountKey(username)} and client = ${clientKey(client)}`);
}
