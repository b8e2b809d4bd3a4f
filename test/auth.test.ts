/**
 * Accounts through better-auth's own HTTP handler (what /api/auth/* serves): username sign-in,
 * cookie attributes, rate-limited sign-in, disabled accounts, no public sign-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/client';
import { authFor, SIGN_IN_LIMIT } from '../server/auth';
import { createUser, findUser, updateUser, userProblems } from '../server/users';
import { count, rows, col, testDb } from './helpers/db';

let db: Db;
const ORIGIN = 'http://127.0.0.1:3000';

function post(path: string, body: unknown, ip: string, cookie?: string): Request {
  return new Request(`${ORIGIN}/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = 'test-secret-test-secret-test-secret-0123';
  db = await testDb('auth');
  await createUser(db, { username: 'huaian', password: 'review-pass-1', role: 'reviewer', regionCode: '320800' });
});
afterAll(() => db.close());

describe('accounts', () => {
  it('stores better-auth\'s hash, never the password', async () => {
    const [row] = await rows(db, "select a.password from auth_accounts a join auth_users u on u.id = a.user_id where u.username = 'huaian'", { password: col.text });
    expect(row.password).not.toContain('review-pass-1');
    expect(row.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/); // better-auth's scrypt salt:key
  });

  it('signs in by username with an httpOnly, SameSite=Lax session cookie whose session is in the database', async () => {
    const auth = authFor(db);
    const res = await auth.handler(post('/sign-in/username', { username: 'huaian', password: 'review-pass-1' }, '10.0.0.1'));
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/gongkai\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = /gongkai\.session_token=([^;]+)/.exec(cookie)![1];
    const session = await auth.api.getSession({ headers: new Headers({ cookie: `gongkai.session_token=${token}` }) });
    expect(session?.user).toMatchObject({ username: 'huaian', role: 'reviewer', regionCode: '320800' });
    expect(await count(db, 'select count(*) as n from auth_sessions')).toBe(1);
  });

  it('refuses a wrong password, then rate-limits sign-in from the address', async () => {
    const auth = authFor(db);
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT.max + 2; i++) {
      statuses.push((await auth.handler(post('/sign-in/username', { username: 'huaian', password: 'wrong-password' }, '10.0.0.2'))).status);
    }
    expect(statuses.slice(0, SIGN_IN_LIMIT.max).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(SIGN_IN_LIMIT.max)).toEqual([429, 429]);
    // Another address is not affected.
    expect((await auth.handler(post('/sign-in/username', { username: 'huaian', password: 'review-pass-1' }, '10.0.0.3'))).status).toBe(200);
  });

  it('counts sign-in attempts in the database, shared by every server process', async () => {
    // A second connection to the same database, as a second `npm start` worker process has.
    const other = await openDb(db.sqlite ? db.sqlite.name : (db.pgPool as unknown as { options: { connectionString: string } }).options.connectionString);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < SIGN_IN_LIMIT.max + 1; i++) {
        const auth = authFor(i % 2 ? other : db);
        statuses.push((await auth.handler(post('/sign-in/username', { username: 'huaian', password: 'wrong-password' }, '10.0.0.9'))).status);
      }
      expect(statuses).toEqual([...new Array(SIGN_IN_LIMIT.max).fill(401), 429]);
      expect(await count(db, "select count(*) as n from auth_rate_limits where key like '10.0.0.9%'")).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('has no public sign-up', async () => {
    const res = await authFor(db).handler(post('/sign-up/email', { email: 'x@example.org', password: 'whatever-123', name: 'x' }, '10.0.0.4'));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await count(db, 'select count(*) as n from auth_users')).toBe(1);
  });

  it('a disabled account cannot sign in', async () => {
    const { id } = await createUser(db, { username: 'gone', password: 'review-pass-2', role: 'reviewer', regionCode: null });
    const ok = await authFor(db).handler(post('/sign-in/username', { username: 'gone', password: 'review-pass-2' }, '10.0.0.6'));
    expect(ok.status).toBe(200);
    await updateUser({ db, actor: { id: 'u-admin', role: 'admin', regionCode: null }, who: { userId: null, userName: 'test' } }, id, { role: 'reviewer', regionCode: null, disabled: true });
    expect(await findUser(db, id)).toMatchObject({ disabled: true });
    expect(await count(db, 'select count(*) as n from auth_sessions where user_id = ?', id)).toBe(0);
    const res = await authFor(db).handler(post('/sign-in/username', { username: 'gone', password: 'review-pass-2' }, '10.0.0.5'));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/session_token=[^;]{8,}/);
  });

  it('explains bad account input in one line each', () => {
    expect(userProblems({ username: 'A b', password: 'short', role: 'boss', regionCode: '999999' })).toEqual([
      '用户名须为 2–32 位小写字母、数字或 _ . -',
      '密码至少 10 位',
      '角色须为 reviewer 或 admin（收到“boss”）',
      '地区代码 999999 不在 GB/T 2260 中',
    ]);
  });
});
