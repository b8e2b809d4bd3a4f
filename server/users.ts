/**
 * Accounts: creation with better-auth's own password hashing (its context's `password.hash`,
 * scrypt) and its internal adapter, so a created account signs in through better-auth like any
 * other. Used by `npm run user:add` and the admin's user page.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { col } from '@/db/rows';
import { parseRole, type Role } from '@/lib/auth/policy';
import { regionByCode } from '@/lib/region/gazetteer';
import { authFor } from './auth';

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  regionCode: string | null;
  /** Display name; the username when absent. */
  name?: string;
}

export const USERNAME_RE = /^[a-z0-9_.-]{2,32}$/;

/** One-line reasons (Chinese) for input that cannot make an account; empty when it can. */
export function userProblems(u: { username: string; password: string; role: string; regionCode: string | null }): string[] {
  const out: string[] = [];
  if (!USERNAME_RE.test(u.username)) out.push('用户名须为 2–32 位小写字母、数字或 _ . -');
  if (u.password.length < 10) out.push('密码至少 10 位');
  if (u.password.length > 128) out.push('密码最多 128 位');
  if (!parseRole(u.role)) out.push(`角色须为 reviewer 或 admin（收到“${u.role}”）`);
  if (u.regionCode != null && (!/^\d{6}(\d{3})?$/.test(u.regionCode) || !regionByCode(u.regionCode))) out.push(`地区代码 ${u.regionCode} 不在 GB/T 2260 中`);
  return out;
}

export async function createUser(db: Db, u: NewUser): Promise<{ id: string }> {
  const problems = userProblems(u);
  if (problems.length) throw new Error(problems.join('；'));
  const existing = await db.one(sql`select id from auth_users where username = ${u.username}`, { id: col.text });
  if (existing) throw new Error(`用户名 ${u.username} 已存在`);
  const ctx = await authFor(db).$context;
  const hash = await ctx.password.hash(u.password);
  const user = await ctx.internalAdapter.createUser(
    {
      name: u.name ?? u.username,
      // better-auth keys users by email; accounts here sign in by username, so the address is a
      // reserved, undeliverable one (RFC 2606 .invalid).
      email: `${u.username}@users.gongkai.invalid`,
      emailVerified: true,
      username: u.username,
      displayUsername: u.username,
      role: u.role,
      regionCode: u.regionCode,
    },
    { method: 'admin' },
  );
  await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash });
  return { id: user.id };
}

const USER = {
  id: col.text,
  username: col.textOrNull,
  name: col.text,
  role: col.text,
  regionCode: col.textOrNull,
  disabled: col.flag,
};
export type UserRecord = { [K in keyof typeof USER]: ReturnType<(typeof USER)[K]> };
const USER_COLUMNS = sql.raw('id, username, name, role, region_code as "regionCode", case when disabled_at is null then 0 else 1 end as disabled');

export function listUsers(db: Db): Promise<UserRecord[]> {
  return db.all(sql`select ${USER_COLUMNS} from auth_users order by username`, USER);
}

export async function findUser(db: Db, id: string): Promise<UserRecord | null> {
  return (await db.one(sql`select ${USER_COLUMNS} from auth_users where id = ${id}`, USER)) ?? null;
}

/** Changes an account's role, region or disabled state; a changed or disabled account signs in again. */
export async function updateUser(db: Db, id: string, change: { role: Role; regionCode: string | null; disabled: boolean }, signOut: boolean): Promise<void> {
  const now = new Date();
  await db.write(function* (tx) {
    // better-auth's own columns hold Dates its adapter converts per database: written here the same way.
    const stamp = db.dialect === 'postgres' ? now.toISOString() : now.getTime();
    yield* tx.run(
      sql`update auth_users set role = ${change.role}, region_code = ${change.regionCode},
        disabled_at = ${change.disabled ? stamp : null}, updated_at = ${stamp} where id = ${id}`,
    );
    if (signOut) yield* tx.run(sql`delete from auth_sessions where user_id = ${id}`);
  });
}
