/**
 * Issue 24, findings 1, 5 and 7, through the route handlers as Next calls them (SQLite, or
 * PostgreSQL with TEST_DATABASE=postgres):
 * - a reviewer cannot take another region's report over by re-uploading its bytes with a new
 *   declaration: the stored report's region is decided on, not only the requested one;
 * - each write and its audit row are one transaction: with the audit insert made to fail (a
 *   trigger in the test database), the change is not there either;
 * - two reviewers correcting one cell from the same page: one succeeds, the other gets 409 with
 *   the value now in force and who set it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
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
import { signInCookie } from './helpers/sign-in';

const ORIGIN = 'http://127.0.0.1:3000';
const HONGZE = join(FIXTURES, 'real', '002_hongze-district-2023.txt');
/** 罗庄区 (临沂市, 371311) 2023: the report of finding 1. */
const LUOZHUANG = join(FIXTURES, 'seeds', '004_be8f56aee3e3e289.txt');
const HUAIAN = join(FIXTURES, 'real', '001_huaian-city-2024.txt');
let db: Db;
let drop: () => Promise<void>;
let hongze: number;
let luozhuang: number;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};

const signIn = (username: string, password: string) => signInCookie(db, ORIGIN, username, password, `10.2.0.${Object.keys(cookies).length + 1}`);

function post(path: string, body: BodyInit, as: string, json = true): Request {
  const headers: Record<string, string> = { origin: ORIGIN, host: '127.0.0.1:3000', cookie: cookies[as] };
  if (json) headers['content-type'] = 'application/json';
  return new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body });
}

const params = (id: string | number) => ({ params: Promise.resolve({ id: String(id) }) });

function uploadForm(file: string, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  f.set('file', new File([readFileSync(file)], file.split('/').pop()!));
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

const PLACED = {
  region_code: col.textOrNull,
  town_code: col.textOrNull,
  agency: col.textOrNull,
  year: col.numberOrNull,
  declared: col.textOrNull,
  uploaded_by: col.textOrNull,
};
const placed = async (id: number) =>
  (
    await rows(
      db,
      'select r.region_code, r.town_code, a.name as agency, r.year, r.declared, r.uploaded_by from reports r left join agencies a on a.id = r.agency_id where r.id = ?',
      PLACED,
      id,
    )
  )[0];

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = 'write-integrity-secret-0123456789abcdef';
  const fresh = await freshDatabaseUrl('writes');
  drop = fresh.drop;
  process.env.DATABASE_URL = fresh.url;
  db = await getDb();
  [hongze, luozhuang] = (await importFiles(db, [HONGZE, LUOZHUANG])).map((o) => o.reportId!);
  for (const [name, role, region] of [
    ['wuwei', 'reviewer', '620600'],
    ['huaian', 'reviewer', '320800'],
    ['hongze', 'reviewer', '320813'],
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

describe('a re-upload cannot move another region’s report (finding 1)', () => {
  it('a reviewer of 武威市 (620600) re-uploading 罗庄区’s exact bytes declared as 620600 → 403; the report stays in 371311, no audit row claims success', async () => {
    const before = await placed(luozhuang);
    expect(before).toMatchObject({ region_code: '371311', year: 2023, declared: null });
    const res = await upload.POST(
      post('/api/upload', uploadForm(LUOZHUANG, { region_code: '620600', agency: '武威市人民政府办公室', year: '2023' }), 'wuwei', false),
    );
    expect(res.status).toBe(403);
    const out = await res.json();
    expect(out).toMatchObject({ outcome: 'failed', reportId: null, error: '该报告已存在，但不在您负责的地区内' });
    expect(await placed(luozhuang)).toEqual(before);
    // The attempt is kept (refused, no report named); nothing says the report was re-parsed or re-declared.
    expect(await count(db, 'select count(*) as n from audit_log where report_id = ?', luozhuang)).toBe(0);
    const attempts = await rows(db, "select detail from audit_log where action = 'upload' and user_name = 'wuwei'", { detail: col.text });
    expect(attempts.map((a) => JSON.parse(a.detail).outcome)).toEqual(['failed']);
  });

  it('nor by re-uploading it unchanged, nor by the metadata route', async () => {
    const before = await placed(luozhuang);
    const plain = await upload.POST(post('/api/upload', uploadForm(LUOZHUANG), 'wuwei', false));
    expect(plain.status).toBe(403);
    const edit = await meta.POST(post(`/api/reports/${luozhuang}/meta`, JSON.stringify({ region_code: '620600' }), 'wuwei'), params(luozhuang));
    expect(edit.status).toBe(403);
    expect(await placed(luozhuang)).toEqual(before);
  });

  it('a reviewer of 洪泽区 cannot re-declare a 洪泽区 report into 淮安市’s other counties: the requested region is decided on too', async () => {
    const before = await placed(hongze);
    const res = await upload.POST(post('/api/upload', uploadForm(HONGZE, { region_code: '320812' }), 'hongze', false));
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/不在您负责的地区（.*洪泽区）内/);
    expect(await placed(hongze)).toEqual(before);
  });

  it('a national admin may re-declare it by upload: one audit row, in the same transaction, with the metadata before and after', async () => {
    const res = await upload.POST(post('/api/upload', uploadForm(LUOZHUANG, { agency: '临沂市罗庄区人民政府办公室' }), 'admin', false));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'reparsed', reportId: luozhuang });
    expect(await placed(luozhuang)).toMatchObject({ region_code: '371311', agency: '临沂市罗庄区人民政府办公室' });
    const audit = await rows(db, 'select user_name, detail from audit_log where report_id = ?', { user_name: col.text, detail: col.text }, luozhuang);
    expect(audit).toHaveLength(1);
    const detail = JSON.parse(audit[0].detail);
    expect(audit[0].user_name).toBe('admin');
    expect(detail).toMatchObject({
      outcome: 'redeclared',
      before: { region_code: '371311', year: 2023, declared: null },
      after: { region_code: '371311', agency: '临沂市罗庄区人民政府办公室', year: 2023 },
    });
    expect(detail.before.agency).not.toBe('临沂市罗庄区人民政府办公室');
  });
});

/** Makes every audit insert matching `when` (SQL over `new`) fail while `fn` runs. */
async function withFailingAudit<T>(when: string, fn: () => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') {
    await db.run(
      sql.raw(
        `create or replace function gk_fail_audit() returns trigger language plpgsql as $$ begin raise exception 'injected audit failure'; end $$`,
      ),
    );
    await db.run(sql.raw(`create trigger gk_fail_audit before insert on audit_log for each row when (${when}) execute function gk_fail_audit()`));
  } else {
    await db.run(
      sql.raw(`create trigger gk_fail_audit before insert on audit_log when ${when} begin select raise(abort, 'injected audit failure'); end`),
    );
  }
  try {
    return await fn();
  } finally {
    await db.run(sql.raw(db.dialect === 'postgres' ? 'drop trigger gk_fail_audit on audit_log' : 'drop trigger gk_fail_audit'));
  }
}

/** A route call that may fail (a 500 is a thrown error in a route handler): its status, or 'threw'. */
const settle = (p: Promise<Response>) =>
  p.then(
    (r) => r.status,
    () => 'threw' as const,
  );

describe('a write and its audit row are one transaction (finding 5)', () => {
  it('upload: the audit insert fails → no report stored', async () => {
    const before = await count(db, 'select count(*) as n from reports');
    // The upload's own row names the report; the attempt row written after a failure does not.
    const out = await withFailingAudit("new.action = 'upload' and new.report_id is not null", async () => {
      const res = await upload.POST(post('/api/upload', uploadForm(HUAIAN), 'huaian', false));
      return { status: res.status, body: await res.json() };
    });
    expect(out.body).toMatchObject({ outcome: 'failed', reportId: null });
    expect(out.body.reason).toContain('injected audit failure');
    expect(await count(db, 'select count(*) as n from reports')).toBe(before);
    expect(await count(db, "select count(*) as n from reports where source_file like '%001_huaian-city-2024%'")).toBe(0);
    // Stored now that the audit works, with its row.
    const ok = await upload.POST(post('/api/upload', uploadForm(HUAIAN), 'huaian', false));
    const { reportId } = await ok.json();
    expect(ok.status).toBe(200);
    expect(await count(db, "select count(*) as n from audit_log where action = 'upload' and report_id = ?", reportId)).toBe(1);
  });

  it('metadata: the audit insert fails → the report keeps its year and declarations', async () => {
    const before = await placed(hongze);
    const status = await withFailingAudit("new.action = 'metadata'", () =>
      settle(meta.POST(post(`/api/reports/${hongze}/meta`, JSON.stringify({ year: '2022' }), 'huaian'), params(hongze))),
    );
    expect(status).toBe('threw');
    expect(await placed(hongze)).toEqual(before);
    expect(before.year).toBe(2023);
  });

  it('version: the audit insert fails → no pin', async () => {
    const status = await withFailingAudit("new.action = 'version'", () =>
      settle(version.POST(post(`/api/reports/${hongze}/version`, JSON.stringify({ pin: 'withdrawn' }), 'admin'), params(hongze))),
    );
    expect(status).toBe('threw');
    expect(await count(db, 'select count(*) as n from reports where version_pin is not null')).toBe(0);
  });

  it('account create and change: the audit insert fails → no account, no change, sessions kept', async () => {
    const accounts = await count(db, 'select count(*) as n from auth_users');
    const created = await withFailingAudit("new.action = 'user'", () =>
      settle(
        users.POST(
          post('/api/users', JSON.stringify({ username: 'newbie', password: 'long-enough-1', role: 'reviewer', regionCode: '320813' }), 'admin'),
        ),
      ),
    );
    expect(created).toBe('threw');
    expect(await count(db, 'select count(*) as n from auth_users')).toBe(accounts);
    const sessions = await count(db, 'select count(*) as n from auth_sessions where user_id = ?', ids.hongze);
    expect(sessions).toBeGreaterThan(0);
    const changed = await withFailingAudit("new.action = 'user'", () =>
      settle(user.POST(post(`/api/users/${ids.hongze}`, JSON.stringify({ disabled: true }), 'admin'), params(ids.hongze))),
    );
    expect(changed).toBe('threw');
    expect(await count(db, 'select count(*) as n from auth_users where disabled_at is not null')).toBe(0);
    expect(await count(db, 'select count(*) as n from auth_sessions where user_id = ?', ids.hongze)).toBe(sessions);
  });

  it('correction: the audit insert fails → no correction, the metric unchanged', async () => {
    const status = await withFailingAudit("new.action = 'correction'", () =>
      settle(
        corrections.POST(
          post(
            `/api/reports/${hongze}/corrections`,
            JSON.stringify({ kind: 'entered', target: 't3.other.overdue_fee.total', entered: '0', expected: null }),
            'huaian',
          ),
          params(hongze),
        ),
      ),
    );
    expect(status).toBe('threw');
    expect(await count(db, 'select count(*) as n from corrections')).toBe(0);
    expect(await count(db, 'select reviewed_cells as n from reports where id = ?', hongze)).toBe(0);
  });
});

describe('two reviewers correct one cell at the same moment (finding 7)', () => {
  const cell = 't3.other.other.total';
  const correct = (as: string, entered: string, expected: number | null, expectedCorrection?: number | null) =>
    corrections.POST(
      post(`/api/reports/${hongze}/corrections`, JSON.stringify({ kind: 'entered', target: cell, entered, expected, expectedCorrection }), as),
      params(hongze),
    );

  it('both saw the cell unread (null): exactly one succeeds, the other gets 409 with the value in force and who set it', async () => {
    const [a, b] = await Promise.all([correct('huaian', '0', null, null), correct('hongze', '5', null, null)]);
    const answers = [
      { as: 'huaian', entered: 0, status: a.status, body: await a.json() },
      { as: 'hongze', entered: 5, status: b.status, body: await b.json() },
    ];
    expect(answers.map((x) => x.status).sort()).toEqual([200, 409]);
    const won = answers.find((x) => x.status === 200)!;
    const lost = answers.find((x) => x.status === 409)!;
    expect(lost.body.current).toMatchObject({ value: won.entered, correction: { kind: 'entered', userName: won.as } });
    expect(lost.body.error).toContain(`现行值为 ${won.entered}`);
    const stored = await rows(
      db,
      'select entered_value as v, user_name as u from corrections where report_id = ? and target = ?',
      { v: col.number, u: col.text },
      hongze,
      cell,
    );
    expect(stored).toEqual([{ v: won.entered, u: won.as }]);
    expect(await count(db, "select count(*) as n from audit_log where action = 'correction' and target = ?", cell)).toBe(1);
  });

  it('the one who lost, having seen the value now in force, may correct it', async () => {
    const [{ v, id }] = await rows(
      db,
      'select entered_value as v, id from corrections where report_id = ? and target = ?',
      { v: col.number, id: col.number },
      hongze,
      cell,
    );
    // Stale still: the value is right but the correction in force is not the one seen.
    expect((await correct('hongze', '7', v, null)).status).toBe(409);
    const res = await correct('hongze', '7', v, id);
    expect(res.status).toBe(200);
    expect(await count(db, 'select count(*) as n from corrections where report_id = ? and target = ?', hongze, cell)).toBe(2);
  });

  it('a correction without what the reviewer saw is a 400', async () => {
    const res = await corrections.POST(
      post(`/api/reports/${hongze}/corrections`, JSON.stringify({ kind: 'entered', target: cell, entered: '1' }), 'huaian'),
      params(hongze),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain('expected');
  });
});
