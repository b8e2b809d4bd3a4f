/**
 * Accounts: creation with better-auth's own password hashing (its context's `password.hash`,
 * scrypt) and id generator, so a created account signs in through better-auth like any other;
 * each creation or change one transaction with its audit row. Used by `npm run user:add` and the
 * admin's user page.
 */
import { sql } from 'drizzle-orm';
import { auditSteps, nowOf, type WriteContext, type Who } from '@/db/audit';
import type { Db } from '@/db/client';
import { col } from '@/db/rows';
import { canManageUser, parseRole, type Actor, type Role } from '@/lib/auth/policy';
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
  if (u.regionCode != null && (!/^\d{6}(\d{3})?$/.test(u.regionCode) || !regionByCode(u.regionCode)))
    out.push(`地区代码 ${u.regionCode} 不在 GB/T 2260 中`);
  return out;
}

/** Why an account cannot be created or changed as asked (the route's status and one-line reason). */
export class AccountRefused extends Error {
  constructor(
    public readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** Who creates accounts from the command line (`npm run user:add`), as the audit log names them. */
export const COMMAND_LINE: Who = { userId: null, userName: 'npm run user:add' };

/**
 * Creates an account: better-auth's password hash (computed first, outside the transaction), then
 * the user row, its credential row and the audit row in one transaction — the rows better-auth's
 * adapter would write (its id generator, its columns), so the account signs in through
 * better-auth like any other, and no account exists without the audit row that created it.
 */
export async function createUser(db: Db, u: NewUser, by: Who = COMMAND_LINE, clock?: () => Date): Promise<{ id: string }> {
  const problems = userProblems(u);
  if (problems.length) throw new AccountRefused(400, problems.join('；'));
  const ctx = await authFor(db).$context;
  const hash = await ctx.password.hash(u.password);
  const id = ctx.generateId({ model: 'user' });
  const accountId = ctx.generateId({ model: 'account' });
  if (id === false || accountId === false) throw new Error('better-auth is configured without id generation');
  const now = nowOf({ clock });
  const stamp = dbStamp(db, now);
  const verified = db.dialect === 'postgres' ? true : 1;
  await db.write(function* (tx) {
    const existing = yield* tx.one(sql`select id from auth_users where username = ${u.username}`, { id: col.text });
    if (existing) throw new AccountRefused(400, `用户名 ${u.username} 已存在`);
    yield* tx.run(
      sql`insert into auth_users (id, name, email, email_verified, created_at, updated_at, username, display_username, role, region_code)
        values (${id}, ${u.name ?? u.username}, ${emailOf(u.username)}, ${verified}, ${stamp}, ${stamp}, ${u.username}, ${u.username}, ${u.role}, ${u.regionCode})`,
    );
    yield* tx.run(
      sql`insert into auth_accounts (id, account_id, provider_id, user_id, password, created_at, updated_at) values (${accountId}, ${id}, 'credential', ${id}, ${hash}, ${stamp}, ${stamp})`,
    );
    yield* auditSteps(tx, by, { action: 'user', target: u.username, detail: { created: id, role: u.role, regionCode: u.regionCode } }, now);
  });
  return { id };
}

// better-auth keys users by email; accounts here sign in by username, so the address is a
// reserved, undeliverable one (RFC 2606 .invalid).
const emailOf = (username: string) => `${username}@users.gongkai.invalid`;

/** better-auth's own date columns, as its adapter writes them per database (SQLite: milliseconds; PostgreSQL: timestamptz). */
const dbStamp = (db: Db, at: Date): string | number => (db.dialect === 'postgres' ? at.toISOString() : at.getTime());

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

export interface AccountChange {
  role: Role;
  regionCode: string | null;
  disabled: boolean;
}

/**
 * Changes an account's role, region or disabled state; a disabled account, or one whose rights
 * changed, signs in again. The policy decides on the account as stored (read in the transaction)
 * and as it would be; the change, the signing out and the audit row (before/after) are one
 * transaction.
 */
export async function updateUser(ctx: WriteContext & { actor: Actor }, id: string, change: AccountChange): Promise<void> {
  const { db } = ctx;
  const now = nowOf(ctx);
  const stamp = dbStamp(db, now);
  await db.write(function* (tx) {
    const user = yield* tx.one(sql`select ${USER_COLUMNS} from auth_users where id = ${id}`, USER);
    if (!user) throw new AccountRefused(404, '账号不存在');
    const before = { role: (parseRole(user.role) ?? 'reviewer') as Role, regionCode: user.regionCode, disabled: user.disabled };
    if (canManageUser(ctx.actor, before) !== 'allow') throw new AccountRefused(403, '无权管理此账号');
    if (canManageUser(ctx.actor, change) !== 'allow') throw new AccountRefused(403, '不能授予超出自己范围的权限');
    yield* tx.run(
      sql`update auth_users set role = ${change.role}, region_code = ${change.regionCode},
        disabled_at = ${change.disabled ? stamp : null}, updated_at = ${stamp} where id = ${id}`,
    );
    if (change.disabled || change.role !== before.role || change.regionCode !== before.regionCode)
      yield* tx.run(sql`delete from auth_sessions where user_id = ${id}`);
    yield* auditSteps(tx, ctx.who, { action: 'user', target: user.username ?? user.name, detail: { before, after: change } }, now);
  });
}
