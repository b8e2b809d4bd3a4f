/**
 * Issue 24 finding 6: /audit showed the newest 1,000 rows and ignored `?p=`, so 1,000 identical
 * re-uploads pushed evidence out of sight. The log is now paged (100 rows, newest first, counted
 * from the first page's newest row), filtered by action, account, report and date range, and
 * exported as CSV with the same filters (signed-in `view_audit` only). SQLite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { createElement } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeDb, getDb, type Db } from '../db/client';
import { auditBatches, getAuditPage, listAudit } from '../db/queries/audit';
import { AUDIT_ACTIONS, parseAuditQuery } from '../lib/audit/view';
import { CSV_BOM } from '../lib/charts/csv';
import { authFor } from '../server/auth';
import { createUser } from '../server/users';
import { AuditTable } from '../components/audit/AuditLog';
import * as exportRoute from '../app/audit/export/route';
import { freshDatabaseUrl } from './helpers/db';

const ORIGIN = 'http://127.0.0.1:3000';
const N = 1050;
const ACTIONS = Object.keys(AUDIT_ACTIONS);
const USERS = ['alice', 'bob', 'carol'];

/** The rows written, as the test generated them (row i has id i: the log is empty before). */
const made = Array.from({ length: N }, (_, k) => {
  const i = k + 1;
  const day = String(1 + Math.floor(k / 100)).padStart(2, '0');
  return {
    id: i,
    at: `2026-01-${day}T08:${String(k % 60).padStart(2, '0')}:00.000Z`,
    user: USERS[i % 3],
    action: ACTIONS[i % 5],
    reportId: i % 7 === 0 ? 42 : null,
    target: i === 2 ? `=HYPERLINK("x")\u202efdp.txt` : `file-${i}.txt`,
  };
});

let db: Db;
let drop: () => Promise<void>;
let cookie: string;

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = 'audit-test-secret-audit-test-secret-0123';
  const fresh = await freshDatabaseUrl('audit');
  drop = fresh.drop;
  process.env.DATABASE_URL = fresh.url;
  db = await getDb();
  await db.write(function* (tx) {
    for (const r of made) {
      yield* tx.send(
        sql`insert into audit_log (at, user_id, user_name, action, report_id, target, detail)
          values (${r.at}, ${null}, ${r.user}, ${r.action}, ${r.reportId}, ${r.target}, ${JSON.stringify({ outcome: 'unchanged', n: r.id })})`,
      );
    }
  });
  await createUser(db, { username: 'auditor', password: 'auditor-password-1', role: 'reviewer', regionCode: '320800' });
  const res = await authFor(db).handler(
    new Request(`${ORIGIN}/api/auth/sign-in/username`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': '10.9.0.1' },
      body: JSON.stringify({ username: 'auditor', password: 'auditor-password-1' }),
    }),
  );
  expect(res.status).toBe(200);
  cookie = /gongkai\.session_token=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  // Creating and signing in the test account writes its own audit rows (account events): leave only the rows made above.
  await db.run(sql`delete from audit_log where id > ${N}`);
});
afterAll(async () => {
  await closeDb();
  await drop();
});

const newestFirst = (rows: typeof made) => [...rows].sort((a, b) => b.id - a.id).map((r) => r.id);

describe('audit log pages', () => {
  test('100 rows a page, newest first; the 1,001st newest row and the oldest are reachable', async () => {
    const first = await getAuditPage(db, {});
    expect(first).toMatchObject({ total: N, pages: 11, page: 0, pageSize: 100, upto: N });
    expect(first.rows.map((r) => r.id)).toEqual(newestFirst(made).slice(0, 100));
    const last = await getAuditPage(db, {}, { page: 10, upto: first.upto });
    expect(last.rows.map((r) => r.id)).toEqual(newestFirst(made).slice(1000));
    expect(last.rows[0].id).toBe(N - 1000); // the 1,001st newest
    expect(last.rows.at(-1)).toMatchObject({
      id: 1,
      userName: 'bob',
      action: 'correction',
      target: 'file-1.txt',
      detail: { outcome: 'unchanged', n: 1 },
    });
    // A page past the end is the last page.
    expect((await getAuditPage(db, {}, { page: 99 })).page).toBe(10);
  });

  test('rows written while paging do not shift the pages counted from the first page', async () => {
    const first = await getAuditPage(db, {});
    const page5 = await getAuditPage(db, {}, { page: 5, upto: first.upto });
    await db.write(function* (tx) {
      for (let i = 0; i < 7; i++)
        yield* tx.send(
          sql`insert into audit_log (at, user_name, action, target) values (${'2026-02-01T00:00:00.000Z'}, ${'mallory'}, ${'upload'}, ${'same.txt'})`,
        );
    });
    expect((await getAuditPage(db, {}, { page: 5, upto: first.upto })).rows).toEqual(page5.rows);
    const now = await getAuditPage(db, {}, { page: 5 });
    expect(now.total).toBe(N + 7);
    expect(now.rows[0].id).toBe(page5.rows[0].id + 7);
    await db.run(sql`delete from audit_log where user_name = ${'mallory'}`);
  });

  test('filters: action, account, report, date range (inclusive), combined', async () => {
    const upto = N;
    const expectFilter = async (f: Parameters<typeof getAuditPage>[1], keep: (r: (typeof made)[number]) => boolean) => {
      const want = newestFirst(made.filter(keep));
      const p = await getAuditPage(db, f, { upto, pageSize: 2000 });
      expect(p.total, JSON.stringify(f)).toBe(want.length);
      expect(p.rows.map((r) => r.id)).toEqual(want);
      return want.length;
    };
    expect(await expectFilter({ action: 'upload' }, (r) => r.action === 'upload')).toBe(210);
    expect(await expectFilter({ user: 'bob' }, (r) => r.user === 'bob')).toBe(350);
    expect(await expectFilter({ reportId: 42 }, (r) => r.reportId === 42)).toBe(150);
    expect(await expectFilter({ from: '2026-01-03', to: '2026-01-04' }, (r) => r.at >= '2026-01-03' && r.at < '2026-01-05')).toBe(200);
    expect(await expectFilter({ to: '2026-01-01' }, (r) => r.at < '2026-01-02')).toBe(100);
    await expectFilter(
      { action: 'correction', user: 'carol', from: '2026-01-05' },
      (r) => r.action === 'correction' && r.user === 'carol' && r.at >= '2026-01-05',
    );
    // The older keyset reader gives the same rows in batches.
    const batched: number[] = [];
    for await (const b of auditBatches(db, { user: 'bob' }, { batch: 64 })) {
      expect(b.length).toBeLessThanOrEqual(64);
      batched.push(...b.map((r) => r.id));
    }
    expect(batched).toEqual(newestFirst(made.filter((r) => r.user === 'bob')));
    expect((await listAudit(db, { action: 'upload', limit: 3 })).map((r) => r.id)).toEqual(
      newestFirst(made.filter((r) => r.action === 'upload')).slice(0, 3),
    );
  });

  test('the URL: ?p= and the filters are read; bad values are named, one line each, and not applied', () => {
    const q = parseAuditQuery(new URLSearchParams('p=10&upto=1050&action=upload&user=bob&report=42&from=2026-01-03&to=2026-01-04'));
    expect(q).toEqual({
      filter: { action: 'upload', user: 'bob', reportId: 42, from: '2026-01-03', to: '2026-01-04' },
      page: 10,
      upto: 1050,
      errors: [],
    });
    const bad = parseAuditQuery(new URLSearchParams('action=drop&report=-1&from=2026-02-30&to=yesterday'));
    expect(bad.filter).toEqual({});
    expect(bad.errors).toEqual([
      '未知的操作类型“drop”，已忽略',
      '报告编号“-1”不是正整数，已忽略',
      '起始日期“2026-02-30”应为 YYYY-MM-DD，已忽略',
      '截止日期“yesterday”应为 YYYY-MM-DD，已忽略',
    ]);
    expect(parseAuditQuery(new URLSearchParams('from=2026-01-05&to=2026-01-01')).errors).toEqual([
      '起始日期 2026-01-05 晚于截止日期 2026-01-01，已忽略日期范围',
    ]);
  });

  test('the table shows a target with U+202E in stored order', async () => {
    const rows = (await getAuditPage(db, {}, { page: 10 })).rows;
    const html = await new Response(await renderToReadableStream(createElement(AuditTable, { rows }))).text();
    expect(html).toContain('=HYPERLINK(&quot;x&quot;)fdp.txt');
    expect(html).not.toMatch(/\u202e/);
    expect(html.match(/data-audit-id=/g)).toHaveLength(50);
  });
});

describe('CSV export (/audit/export)', () => {
  const get = (query: string, withCookie = true) =>
    exportRoute.GET(
      new NextRequest(`${ORIGIN}/audit/export?${query}`, { headers: withCookie ? { cookie, host: '127.0.0.1:3000' } : { host: '127.0.0.1:3000' } }),
    );

  test('anonymous → 401, nothing exported', async () => {
    const res = await get('', false);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: '请先登录' });
  });

  test('every row of the filter, newest first, UTF-8 with BOM, formula-like text neutralised', async () => {
    const res = await get('user=carol&upto=1050');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('编号,时间（UTC）,账号,操作,报告编号,对象,内容,详情（JSON）');
    const carol = newestFirst(made.filter((r) => r.user === 'carol'));
    expect(lines.length - 1).toBe(carol.length);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(carol);
    // Row 2: its target starts with `=` (a formula in a spreadsheet) and hides a U+202E.
    const json = '"{""outcome"":""unchanged"",""n"":2}"';
    expect(lines.at(-1)).toBe(`2,2026-01-01T08:01:00.000Z,carol,修改报告信息,,"'=HYPERLINK(""x"")fdp.txt",${json},${json}`);
  });

  test('the filters apply as on the page; a bad filter is a 400 with its reason', async () => {
    const text = await (await get('action=correction&from=2026-01-10')).text();
    const want = newestFirst(made.filter((r) => r.action === 'correction' && r.at >= '2026-01-10'));
    expect(
      text
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => Number(l.split(',')[0])),
    ).toEqual(want);
    const bad = await get('report=abc');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: '报告编号“abc”不是正整数，已忽略' });
  });
});
