/**
 * What an account changes about itself: its display name (the password changes through
 * better-auth's /change-password, audited in server/auth.ts). The username and role never change
 * here — an admin changes the role (server/users.ts).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { auditSteps } from '@/db/audit';
import type { Db } from '@/db/client';
import type { SignedIn } from './session';

/** Sets the actor's display name (already checked by lib/auth/display-name.ts) and its audit row, in one transaction. */
export async function changeDisplayName(db: Db, actor: SignedIn, name: string): Promise<void> {
  const now = new Date();
  // better-auth's own columns hold Dates its adapter converts per database: written the same way.
  const stamp = db.dialect === 'postgres' ? now.toISOString() : now.getTime();
  await db.write(function* (tx) {
    yield* tx.run(sql`update auth_users set name = ${name}, updated_at = ${stamp} where id = ${actor.id}`);
    yield* auditSteps(
      tx,
      { userId: actor.id, userName: actor.username },
      { action: 'account', target: actor.username, detail: { event: 'profile_change', before: actor.name, after: name } },
      now,
    );
  });
}
