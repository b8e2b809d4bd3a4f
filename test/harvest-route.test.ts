/**
 * POST /api/harvest called as Next calls it: refused to anonymous and cross-site callers; for a
 * reviewer, checked input and a preview that never reaches a loopback address (the browser has no
 * way past the SSRF guard) and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb, type Db } from '../db/client';
import { createUser } from '../server/users';
import * as harvestRoute from '../app/api/harvest/route';
import { count, freshDatabaseUrl } from './helpers/db';
import { signInCookie } from './helpers/sign-in';
import { startPortal, type Portal } from './helpers/portal';

const ORIGIN = 'http://127.0.0.1:3000';
let db: Db;
let drop: () => Promise<void>;
let portal: Portal;
let cookie: string;

function post(body: unknown, opts: { cookie?: string; origin?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { origin: opts.origin ?? ORIGIN, host: '127.0.0.1:3000', 'content-type': 'application/json' };
  if (opts.cookie) headers.cookie = opts.cookie;
  return harvestRoute.POST(new Request(`${ORIGIN}/api/harvest`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

const written = async () => ({
  reports: await count(db, 'select count(*) as n from reports'),
  audit: await count(db, "select count(*) as n from audit_log where action <> 'account'"),
});

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = 'harvest-route-secret-harvest-route-0123';
  const fresh = await freshDatabaseUrl('harvest_route');
  drop = fresh.drop;
  process.env.DATABASE_URL = fresh.url;
  db = await getDb();
  await createUser(db, { username: 'huaian', password: 'huaian-password-1', role: 'reviewer', regionCode: '320800' });
  cookie = await signInCookie(db, ORIGIN, 'huaian', 'huaian-password-1', '10.2.0.1');
  portal = await startPortal();
});
afterAll(async () => {
  await portal.close();
  await closeDb();
  await drop();
});

describe('POST /api/harvest', () => {
  it('refuses anonymous (401) and cross-site (403) callers, writing nothing', async () => {
    const before = await written();
    expect((await post({ urls: portal.columns.trs })).status).toBe(401);
    expect((await post({ urls: portal.columns.trs, confirm: true }, { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect(await written()).toEqual(before);
    expect(portal.requests).toHaveLength(0);
  });

  it('checks what it is given, in one Chinese line', async () => {
    const bad = async (body: unknown) => (await (await post(body, { cookie })).json()).error as string;
    expect(await bad({ urls: '' })).toBe('请填写至少一个网址');
    expect(await bad({ urls: 'file:///etc/passwd' })).toBe('不是 http(s) 网址：file:///etc/passwd');
    expect(await bad({ urls: portal.columns.trs, years: 'soon' })).toContain('年份格式错误');
    expect(await bad({ urls: Array.from({ length: 51 }, (_, i) => `https://x${i}.gov.cn/`).join('\n') })).toBe('一次最多 50 个网址');
  });

  it('never fetches from a loopback address, even for a reviewer, and a preview writes nothing', async () => {
    const before = await written();
    const res = await post({ urls: `${portal.columns.trs}\n${portal.direct.docx}`, years: '2019-2025' }, { cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { url: string; status: string; reason?: string }[]; counts: Record<string, number> };
    expect(body.items).toHaveLength(2);
    for (const item of body.items) expect(item).toMatchObject({ status: 'failed', reason: expect.stringContaining('(loopback)') });
    expect(portal.requests).toHaveLength(0);
    expect(await written()).toEqual(before);
  });
});
