/**
 * Every write route, called as Next calls it (a Request to the route handler), anonymously, as a
 * reviewer of another region, and cross-site: refused with 401/403 and nothing written. Then the
 * same writes as the right accounts succeed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { closeDb, getDb, type Db } from '../db/client';
import { importFiles } from '../db/import';
import { createUser } from '../server/users';
import { FIXTURES } from './helpers/fixtures';
import { col, count, freshDatabaseUrl, rows } from './helpers/db';
import * as upload from '../app/api/upload/route';
import * as corrections from '../app/api/reports/[id]/corrections/route';
import * as meta from '../app/api/reports/[id]/meta/route';
import * as version from '../app/api/reports/[id]/version/route';
import * as users from '../app/api/users/route';
import * as user from '../app/api/users/[id]/route';
import * as account from '../app/api/account/route';
import * as briefing from '../app/briefing/[file]/route';
import { proxy } from '../proxy';
import { docxParts } from './helpers/docx';
import { signInCookie } from './helpers/sign-in';

const ORIGIN = 'http://127.0.0.1:3000';
const HONGZE = join(FIXTURES, 'real', '002_hongze-district-2023.txt');
let db: Db;
let drop: () => Promise<void>;
let hongze: number;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};

const signIn = (username: string, password: string) => signInCookie(db, ORIGIN, username, password, `10.1.0.${Object.keys(cookies).length + 1}`);

function req(path: string, body: BodyInit, as: string | null, opts: { json?: boolean; origin?: string } = {}): Request {
  const headers: Record<string, string> = { origin: opts.origin ?? ORIGIN, host: '127.0.0.1:3000' };
  if (as) headers.cookie = cookies[as];
  if (opts.json !== false) headers['content-type'] = 'application/json';
  return new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body });
}

const params = (id: string | number) => ({ params: Promise.resolve({ id: String(id) }) });

function uploadForm(): FormData {
  const f = new FormData();
  f.set('file', new File([readFileSync(join(FIXTURES, 'real', '001_huaian-city-2024.txt'))], '001_huaian-city-2024.txt'));
  return f;
}

/** Every write route with a valid body, as a function of who calls it (and from where). */
const WRITES: [string, (as: string | null, origin?: string) => Promise<Response>][] = [
  ['POST /api/upload', (as, origin) => upload.POST(req('/api/upload', uploadForm(), as, { json: false, origin }))],
  [
    'POST /api/reports/:id/corrections',
    (as, origin) =>
      corrections.POST(
        req(
          `/api/reports/${hongze}/corrections`,
          JSON.stringify({ kind: 'entered', target: 't3.other.other.total', entered: '0', expected: null }),
          as,
          { origin },
        ),
        params(hongze),
      ),
  ],
  [
    'POST /api/reports/:id/meta',
    (as, origin) => meta.POST(req(`/api/reports/${hongze}/meta`, JSON.stringify({ year: '2023' }), as, { origin }), params(hongze)),
  ],
  [
    'POST /api/reports/:id/version',
    (as, origin) => version.POST(req(`/api/reports/${hongze}/version`, JSON.stringify({ pin: 'withdrawn' }), as, { origin }), params(hongze)),
  ],
  [
    'POST /api/users',
    (as, origin) =>
      users.POST(
        req('/api/users', JSON.stringify({ username: 'newbie', password: 'long-enough-1', role: 'reviewer', regionCode: '320813' }), as, { origin }),
      ),
  ],
  [
    'POST /api/users/:id',
    (as, origin) => user.POST(req(`/api/users/${ids.huaian}`, JSON.stringify({ disabled: true }), as, { origin }), params(ids.huaian)),
  ],
];

const writes = async () => ({
  corrections: await count(db, 'select count(*) as n from corrections'),
  audit: await count(db, 'select count(*) as n from audit_log'),
  reports: await count(db, 'select count(*) as n from reports'),
  users: await count(db, 'select count(*) as n from auth_users'),
  pins: await count(db, 'select count(*) as n from reports where version_pin is not null'),
  disabled: await count(db, 'select count(*) as n from auth_users where disabled_at is not null'),
});

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = 'route-test-secret-route-test-secret-0123';
  const fresh = await freshDatabaseUrl('routes');
  drop = fresh.drop;
  process.env.DATABASE_URL = fresh.url;
  db = await getDb();
  [{ reportId: hongze }] = (await importFiles(db, [HONGZE])) as { reportId: number }[];
  for (const [name, role, region] of [
    ['huaian', 'reviewer', '320800'],
    ['fujian', 'reviewer', '350000'],
    ['fujianadmin', 'admin', '350000'],
    ['admin', 'admin', null],
  ] as const) {
    ids[name] = (await createUser(db, { username: name, password: `${name}-password-1`, role, regionCode: region })).id;
    cookies[name] = await signIn(name, `${name}-password-1`);
  }
});
afterAll(async () => {
  await closeDb();
  await drop();
});

describe('write routes refuse', () => {
  it.each(WRITES)('%s: anonymous → 401, nothing written', async (_, call) => {
    const before = await writes();
    expect((await call(null)).status).toBe(401);
    expect(await writes()).toEqual(before);
  });

  it.each(WRITES)('%s: reviewer or admin of 福建省 on a 淮安市 report or account → 403, nothing written', async (name, call) => {
    const before = await writes();
    for (const as of ['fujian', 'fujianadmin']) expect((await call(as)).status).toBe(403);
    if (name === 'POST /api/upload') {
      // The refused upload is parsed (its region decides), stored nowhere, and kept in the audit as an attempt.
      expect(await writes()).toEqual({ ...before, audit: before.audit + 2 });
      expect(await count(db, "select count(*) as n from audit_log where action = 'upload' and detail like '%不在您负责的地区%'")).toBe(2);
    } else expect(await writes()).toEqual(before);
  });

  it.each(WRITES)('%s: a national admin from another site (CSRF) → 403, nothing written', async (_, call) => {
    const before = await writes();
    expect((await call('admin', 'https://evil.example')).status).toBe(403);
    expect(await writes()).toEqual(before);
  });
});

describe('write routes allow', () => {
  it('the 淮安市 reviewer uploads, corrects and sets metadata of a 淮安市 report; versions and users stay admin-only', async () => {
    const up = await upload.POST(req('/api/upload', uploadForm(), 'huaian', { json: false }));
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ outcome: 'imported', reason: null });
    const c = await WRITES[1][1]('huaian');
    expect(c.status).toBe(200);
    expect((await WRITES[2][1]('huaian')).status).toBe(200);
    expect((await WRITES[3][1]('huaian')).status).toBe(403);
    expect((await WRITES[4][1]('huaian')).status).toBe(403);
    expect(await count(db, "select count(*) as n from audit_log where user_name = 'huaian' and action <> 'account'")).toBe(3);
  });

  it('a bad correction is a 400 with one Chinese line', async () => {
    const res = await corrections.POST(
      req(
        `/api/reports/${hongze}/corrections`,
        JSON.stringify({ kind: 'entered', target: 't3.new_received.total', entered: '3', expected: 21 }),
        'huaian',
      ),
      params(hongze),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('该单元格已读出数值，请用“确认”或“改为”');
  });

  it('the national admin pins versions and manages accounts', async () => {
    expect((await WRITES[3][1]('admin')).status).toBe(200);
    expect((await WRITES[4][1]('admin')).status).toBe(200);
    expect((await WRITES[5][1]('admin')).status).toBe(200);
    expect(await count(db, 'select count(*) as n from auth_sessions where user_id = ?', ids.huaian)).toBe(0);
  });
});

/** A POST with exactly these headers (plus the admin's session cookie). */
function rawPost(path: string, body: string, headers: Record<string, string>): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies.admin, ...headers },
    body,
  });
}

describe('the site a request is for', () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXIES;
    delete process.env.GONGKAI_PEER_HEADER;
  });
  const metaWrite = (headers: Record<string, string>) =>
    meta.POST(rawPost(`/api/reports/${hongze}/meta`, JSON.stringify({ year: '2023' }), headers), params(hongze));

  it('X-Forwarded-Host from a client is ignored by the same-origin check', async () => {
    const before = await writes();
    const res = await metaWrite({ host: '127.0.0.1:3000', 'x-forwarded-host': 'evil.example', origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: '跨站请求被拒绝' });
    expect(await writes()).toEqual(before);
  });

  it('the scheme counts: an https Origin on the http site is another site', async () => {
    const before = await writes();
    expect((await metaWrite({ host: '127.0.0.1:3000', origin: 'https://127.0.0.1:3000' })).status).toBe(403);
    expect((await metaWrite({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' })).status).toBe(403);
    expect(await writes()).toEqual(before);
  });

  it('behind a trusted proxy, the site is the one the proxy forwards (https://gk.example)', async () => {
    process.env.TRUSTED_PROXIES = '127.0.0.1';
    process.env.GONGKAI_PEER_HEADER = '1';
    const viaProxy = { host: '127.0.0.1:3000', 'x-gongkai-peer': '127.0.0.1', 'x-forwarded-host': 'gk.example', 'x-forwarded-proto': 'https' };
    expect((await metaWrite({ ...viaProxy, origin: 'https://gk.example' })).status).toBe(200);
    expect((await metaWrite({ ...viaProxy, origin: 'http://127.0.0.1:3000' })).status).toBe(403);
  });

  it("a briefing's links never point at a client's X-Forwarded-Host", async () => {
    const [{ agency }] = await rows(db, 'select agency_id as agency from reports where id = ?', { agency: col.number }, hongze);
    const res = await briefing.GET(
      new NextRequest(`${ORIGIN}/briefing/agency.docx?id=${agency}`, {
        headers: { host: '127.0.0.1:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
      }),
      { params: Promise.resolve({ file: 'agency.docx' }) },
    );
    expect(res.status).toBe(200);
    const xml = [...docxParts(new Uint8Array(await res.arrayBuffer())).values()].join('\n');
    expect(xml).not.toContain('evil.example');
    const links = new Set(xml.match(/https?:\/\/[^"<\s]+/g)?.filter((l) => !l.includes('schemas.')));
    expect(links).toContain(`http://127.0.0.1:3000/agencies/${agency}`);
    expect([...links].some((l) => l.startsWith('http://127.0.0.1:3000/charts/'))).toBe(true);
  });

  it('HSTS on responses to https through a trusted proxy, not when a client merely claims https', async () => {
    const page = (headers: Record<string, string>) => proxy(new NextRequest(`${ORIGIN}/`, { headers: { host: '127.0.0.1:3000', ...headers } }));
    process.env.GONGKAI_PEER_HEADER = '1';
    expect(page({ 'x-gongkai-peer': '203.0.113.9', 'x-forwarded-proto': 'https' }).headers.get('strict-transport-security')).toBeNull();
    process.env.TRUSTED_PROXIES = '127.0.0.1';
    expect(page({ 'x-gongkai-peer': '127.0.0.1', 'x-forwarded-proto': 'https' }).headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(page({ 'x-gongkai-peer': '127.0.0.1', 'x-forwarded-proto': 'http' }).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('POST /api/account (display name)', () => {
  const rename = (as: string | null, name: unknown, origin?: string) => account.POST(req('/api/account', JSON.stringify({ name }), as, { origin }));
  const nameOf = async (username: string) => (await rows(db, 'select name from auth_users where username = ?', { name: col.text }, username))[0].name;

  it('refuses anonymous and cross-site calls', async () => {
    expect((await rename(null, '王审核')).status).toBe(401);
    expect((await rename('fujian', '王审核', 'https://evil.example')).status).toBe(403);
    expect(await nameOf('fujian')).toBe('fujian');
  });

  it('refuses a fake role label or invisible characters in one line, and changes nothing', async () => {
    const res = await rename('fujian', 'chief (管理员)');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: '显示名称不能含“管理员”“审核员”（页面会自动标出角色）' });
    expect((await rename('fujian', 'chief\u202Enimda')).status).toBe(400);
    expect(await nameOf('fujian')).toBe('fujian');
  });

  it('changes the display name only, audited under the unchanged username', async () => {
    const res = await rename('fujian', ' 王审核 ');
    expect(res.status).toBe(200);
    expect(await nameOf('fujian')).toBe('王审核');
    const [row] = await rows(db, "select user_name, target, detail from audit_log where action = 'account' order by id desc", {
      user_name: col.text,
      target: col.text,
      detail: col.json<Record<string, unknown>>(),
    });
    expect(row).toEqual({ user_name: 'fujian', target: 'fujian', detail: { event: 'profile_change', before: 'fujian', after: '王审核' } });
  });
});
