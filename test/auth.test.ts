/**
 * Accounts through the /api/auth route handler, as `npm start` serves it (scripts/serve.mjs puts
 * the TCP peer in x-gongkai-peer): username sign-in, cookie attributes, sign-in limits per client
 * address and per account that X-Forwarded-For cannot dodge and a stranger cannot turn against
 * the user, disabled accounts, endpoints that are off, password change, account events in the
 * audit log.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb, openDb, type Db } from '../db/client';
import { authFor, authRequest, SIGN_IN_LIMIT } from '../server/auth';
import { createUser, findUser, updateUser, userProblems } from '../server/users';
import { FREE_FAILURES } from '../lib/auth/sign-in-backoff';
import { trustConfig } from '../lib/http/trust';
import * as route from '../app/api/auth/[...all]/route';
import { count, rows, col, freshDatabaseUrl } from './helpers/db';

let db: Db;
let drop: () => Promise<void>;
const ORIGIN = 'http://127.0.0.1:3000';

function post(path: string, body: unknown, peer: string, extra: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: '127.0.0.1:3000', origin: ORIGIN, 'x-gongkai-peer': peer, ...extra },
    body: JSON.stringify(body),
  });
}

const signIn = (username: string, password: string, peer: string, extra: Record<string, string> = {}) =>
  route.POST(post('/sign-in/username', { username, password }, peer, extra));
const tokenOf = (res: Response) => /gongkai\.session_token=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
const sessionOf = async (token: string | undefined) =>
  authFor(db).api.getSession({ headers: new Headers({ cookie: `gongkai.session_token=${token}` }) });

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = 'test-secret-test-secret-test-secret-0123';
  // As scripts/serve.mjs does: the peer header is the server's own.
  process.env.GONGKAI_PEER_HEADER = '1';
  delete process.env.TRUSTED_PROXIES;
  const fresh = await freshDatabaseUrl('auth');
  drop = fresh.drop;
  process.env.DATABASE_URL = fresh.url;
  db = await getDb();
  await createUser(db, { username: 'huaian', password: 'review-pass-1', role: 'reviewer', regionCode: '320800' });
});
afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
});
afterAll(async () => {
  await closeDb();
  await drop();
});

describe('accounts', () => {
  it("stores better-auth's hash, never the password", async () => {
    const [row] = await rows(db, "select a.password from auth_accounts a join auth_users u on u.id = a.user_id where u.username = 'huaian'", {
      password: col.text,
    });
    expect(row.password).not.toContain('review-pass-1');
    expect(row.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/); // better-auth's scrypt salt:key
  });

  it('signs in by username with an httpOnly, SameSite=Lax session cookie whose session is in the database, and audits it', async () => {
    const res = await signIn('huaian', 'review-pass-1', '10.0.0.1');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/gongkai\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    const session = await sessionOf(tokenOf(res));
    expect(session?.user).toMatchObject({ username: 'huaian', role: 'reviewer', regionCode: '320800' });
    expect(await count(db, 'select count(*) as n from auth_sessions')).toBe(1);
    const [audit] = await rows(db, "select user_name, target, detail from audit_log where action = 'account' order by id desc", {
      user_name: col.text,
      target: col.text,
      detail: col.text,
    });
    expect(audit.user_name).toBe('huaian');
    expect(JSON.parse(audit.detail)).toEqual({ event: 'sign_in', client: '10.0.0.1' });
  });

  it('refuses a wrong password (audited with the username tried and the client address), then rate-limits sign-in from the address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT.max + 2; i++) statuses.push((await signIn('huaian', 'wrong-password', '10.0.0.2')).status);
    expect(statuses.slice(0, SIGN_IN_LIMIT.max).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(SIGN_IN_LIMIT.max)).toEqual([429, 429]);
    const failed = await rows(
      db,
      "select user_id, target, detail from audit_log where action = 'account' and target = 'huaian' and detail like '%sign_in_failed%'",
      { user_id: col.textOrNull, target: col.text, detail: col.text },
    );
    // Only the attempts that reached the password check: the limited ones never did.
    expect(failed).toHaveLength(SIGN_IN_LIMIT.max);
    expect(failed[0]).toMatchObject({ user_id: null, target: 'huaian' });
    expect(JSON.parse(failed[0].detail)).toEqual({ event: 'sign_in_failed', client: '10.0.0.2' });
    // Another address is not affected.
    expect((await signIn('huaian', 'review-pass-1', '10.0.0.3')).status).toBe(200);
  });

  it('a different X-Forwarded-For on each attempt does not escape the limit (no proxy is trusted)', async () => {
    await createUser(db, { username: 'spoofed', password: 'spoofed-pass-1', role: 'reviewer', regionCode: null });
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT.max + 1; i++)
      statuses.push((await signIn('spoofed', 'wrong-password', '10.0.0.20', { 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
    expect(statuses).toEqual([...new Array(SIGN_IN_LIMIT.max).fill(401), 429]);
    // Not even the right password gets through from that client within the window.
    expect((await signIn('spoofed', 'spoofed-pass-1', '10.0.0.20', { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
  });

  it('behind a trusted proxy, the client is the address the proxy saw: a spoofed list neither escapes the limit nor locks out others', async () => {
    await createUser(db, { username: 'proxied', password: 'proxied-pass-1', role: 'reviewer', regionCode: null });
    process.env.TRUSTED_PROXIES = '127.0.0.1';
    const viaProxy = (password: string, forwardedFor: string) => signIn('proxied', password, '127.0.0.1', { 'x-forwarded-for': forwardedFor });
    const statuses: number[] = [];
    // The attacker at 203.0.113.50 writes a new fake address each time; the proxy appends the real one.
    for (let i = 0; i < SIGN_IN_LIMIT.max + 1; i++) statuses.push((await viaProxy('wrong-password', `192.0.2.${i + 1}, 203.0.113.50`)).status);
    expect(statuses).toEqual([...new Array(SIGN_IN_LIMIT.max).fill(401), 429]);
    // The user at 203.0.113.60, whose list ends in the same fake entry, signs in.
    expect((await viaProxy('proxied-pass-1', '192.0.2.1, 203.0.113.60')).status).toBe(200);
  });

  it('a stranger failing from many addresses cannot lock the user out: only the failing clients are slowed', async () => {
    await createUser(db, { username: 'victim', password: 'victim-pass-1', role: 'reviewer', regionCode: null });
    // Enough failures for a backoff of minutes (2^(n − FREE_FAILURES) s), one per attacker address.
    const n = FREE_FAILURES + 8;
    for (let i = 0; i < n; i++) {
      // The finding's shape: a header listing several addresses, the same last one each time.
      expect((await signIn('victim', 'wrong-password', `203.0.113.${100 + i}`, { 'x-forwarded-for': `10.${i}.0.1, 10.2.2.2` })).status).toBe(401);
    }
    // An attacker address that failed is held back, even with the right password, and told for how long.
    const held = await signIn('victim', 'victim-pass-1', '203.0.113.100', { 'x-forwarded-for': '10.3.3.3, 10.2.2.2' });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('x-retry-after'))).toBeGreaterThan(60);
    // The user, from an address that has not failed, signs in at once.
    const ok = await signIn('victim', 'victim-pass-1', '198.51.100.200', { 'x-forwarded-for': '10.3.3.3, 10.2.2.2' });
    expect(ok.status).toBe(200);
    expect(await count(db, "select failures as n from auth_sign_in_failures where username = 'victim' and client = ''")).toBe(n);
  });

  it('counts sign-in attempts in the database, shared by every server process', async () => {
    // A second connection to the same database, as a second `npm start` worker process has.
    await createUser(db, { username: 'shared', password: 'shared-pass-1', role: 'reviewer', regionCode: null });
    const other = await openDb(
      db.sqlite ? db.sqlite.name : (db.pgPool as unknown as { options: { connectionString: string } }).options.connectionString,
    );
    try {
      const statuses: number[] = [];
      const trust = trustConfig({ GONGKAI_PEER_HEADER: '1' });
      for (let i = 0; i < SIGN_IN_LIMIT.max + 1; i++) {
        const auth = authFor(i % 2 ? other : db);
        statuses.push(
          (await authRequest(auth, post('/sign-in/username', { username: 'shared', password: 'wrong-password' }, '10.0.0.9'), trust)).status,
        );
      }
      expect(statuses).toEqual([...new Array(SIGN_IN_LIMIT.max).fill(401), 429]);
      expect(await count(db, "select count(*) as n from auth_rate_limits where key like '10.0.0.9%'")).toBe(1);
      expect(await count(db, "select failures as n from auth_sign_in_failures where username = 'shared' and client = '10.0.0.9'")).toBe(
        SIGN_IN_LIMIT.max,
      );
    } finally {
      await other.close();
    }
  });

  it('has no public sign-up, no e-mail sign-in and no username lookup', async () => {
    const users = await count(db, 'select count(*) as n from auth_users');
    const res = await route.POST(post('/sign-up/email', { email: 'x@example.org', password: 'whatever-123', name: 'x' }, '10.0.0.4'));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await count(db, 'select count(*) as n from auth_users')).toBe(users);
    expect((await route.POST(post('/sign-in/email', { email: 'huaian@example.org', password: 'review-pass-1' }, '10.0.0.4'))).status).toBe(404);
    expect((await route.POST(post('/is-username-available', { username: 'huaian' }, '10.0.0.4'))).status).toBe(404);
  });

  it('a reviewer cannot rename themselves or set an image through better-auth', async () => {
    const res = await signIn('huaian', 'review-pass-1', '10.0.0.30');
    expect(res.status).toBe(200);
    const cookie = `gongkai.session_token=${tokenOf(res)}`;
    const upd = await route.POST(
      post('/update-user', { username: 'chief.admin', name: 'chief (管理员)', image: 'javascript:alert(1)' }, '10.0.0.30', { cookie }),
    );
    expect(upd.status).toBe(404);
    const [u] = await rows(db, "select username, name, image from auth_users where username in ('huaian', 'chief.admin')", {
      username: col.text,
      name: col.text,
      image: col.textOrNull,
    });
    expect(u).toEqual({ username: 'huaian', name: 'huaian', image: null });
  });

  it('a disabled account with the right password gets 403 账号不可用 (not 500), a wrong one 401', async () => {
    const { id } = await createUser(db, { username: 'gone', password: 'review-pass-2', role: 'reviewer', regionCode: null });
    expect((await signIn('gone', 'review-pass-2', '10.0.0.6')).status).toBe(200);
    await updateUser({ db, actor: { id: 'u-admin', role: 'admin', regionCode: null }, who: { userId: null, userName: 'test' } }, id, {
      role: 'reviewer',
      regionCode: null,
      disabled: true,
    });
    expect(await findUser(db, id)).toMatchObject({ disabled: true });
    expect(await count(db, 'select count(*) as n from auth_sessions where user_id = ?', id)).toBe(0);
    const res = await signIn('gone', 'review-pass-2', '10.0.0.5');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ message: '账号不可用' });
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/session_token=[^;]{8,}/);
    expect(await count(db, 'select count(*) as n from auth_sessions where user_id = ?', id)).toBe(0);
    expect((await signIn('gone', 'wrong-password', '10.0.0.5')).status).toBe(401);
    expect(
      await count(
        db,
        "select count(*) as n from audit_log where action = 'account' and target = 'gone' and detail like '%sign_in_refused_disabled%'",
      ),
    ).toBe(1);
  });

  it("a password change ends the account's other sessions and is audited", async () => {
    const { id } = await createUser(db, { username: 'mover', password: 'old-password-1', role: 'reviewer', regionCode: null });
    const first = tokenOf(await signIn('mover', 'old-password-1', '10.0.0.40'));
    const second = tokenOf(await signIn('mover', 'old-password-1', '10.0.0.41'));
    expect(await sessionOf(first)).not.toBeNull();
    // The client does not ask for the other sessions to end: they end anyway.
    const res = await route.POST(
      post('/change-password', { currentPassword: 'old-password-1', newPassword: 'new-password-2' }, '10.0.0.41', {
        cookie: `gongkai.session_token=${second}`,
      }),
    );
    expect(res.status).toBe(200);
    expect(await sessionOf(first)).toBeNull();
    expect(await sessionOf(tokenOf(res))).not.toBeNull();
    const [audit] = await rows(db, "select user_id, user_name, detail from audit_log where action = 'account' and detail like '%password_change%'", {
      user_id: col.text,
      user_name: col.text,
      detail: col.text,
    });
    expect(audit).toMatchObject({ user_id: id, user_name: 'mover' });
    expect(JSON.parse(audit.detail)).toEqual({ event: 'password_change', client: '10.0.0.41', otherSessionsEnded: true });
    expect((await signIn('mover', 'new-password-2', '10.0.0.42')).status).toBe(200);
  });

  it('a sign-out is audited', async () => {
    const token = tokenOf(await signIn('huaian', 'review-pass-1', '10.0.0.50'));
    const res = await route.POST(post('/sign-out', {}, '10.0.0.50', { cookie: `gongkai.session_token=${token}` }));
    expect(res.status).toBe(200);
    expect(await sessionOf(token)).toBeNull();
    expect(
      await count(db, "select count(*) as n from audit_log where action = 'account' and user_name = 'huaian' and detail like '%sign_out%'"),
    ).toBe(1);
  });

  it('the session cookie is Secure behind a trusted https proxy, not when a client merely claims https', async () => {
    const claimed = await signIn('huaian', 'review-pass-1', '10.0.0.60', { 'x-forwarded-proto': 'https' });
    expect(claimed.status).toBe(200);
    expect(claimed.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
    process.env.TRUSTED_PROXIES = '127.0.0.1';
    const proxied = await signIn('huaian', 'review-pass-1', '127.0.0.1', {
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '198.51.100.61',
      'x-forwarded-host': '127.0.0.1:3000',
    });
    expect(proxied.status).toBe(200);
    expect(proxied.headers.getSetCookie().every((c) => /;\s*Secure/i.test(c))).toBe(true);
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
