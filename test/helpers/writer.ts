/**
 * The context of a write service (db/audit.ts) for tests that write as someone in particular: by
 * default a national admin named `tester`, whom the policy allows every write.
 */
import type { ReportWriteContext } from '../../db/audit';
import type { Db } from '../../db/client';
import type { Actor } from '../../lib/auth/policy';

export function writer(
  db: Db,
  who = { userId: 'u-test', userName: 'tester' },
  actor: Omit<Actor, 'id'> = { role: 'admin', regionCode: null },
): ReportWriteContext {
  return { db, who, actor: { id: who.userId, ...actor } };
}
