/**
 * The harvester against the fixture portal (test/helpers/portal.ts, 127.0.0.1 only): every report
 * published there in each form is stored once, with the values the same file gets when imported by
 * hand; what is not a report, is gone, is forbidden or too big is skipped or failed with its reason.
 * Runs on SQLite and on PostgreSQL (npm run test:pg).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../db/import';
import type { Db } from '../db/client';
import { harvest, type HarvestItem, type HarvestSummary } from '../server/harvest/harvest';
import type { FetchOptions } from '../server/harvest/fetch';
import { col, count, rows, testDb } from './helpers/db';
import { FIXTURES } from './helpers/fixtures';
import { startPortal, type Portal } from './helpers/portal';

/** No real name is ever resolved: a host name in a test is an error. */
const noDns = async (host: string) => {
  throw new Error(`test resolver: no DNS for ${host}`);
};

const FETCH: FetchOptions = {
  allowLoopback: true,
  resolver: noDns,
  delayMs: 0,
  // Long enough that no page but the one that never answers comes near it on a busy machine (the
  // limit is the code's own budget; the test does not time anything).
  timeoutMs: 4000,
  retryBaseMs: 10,
  maxFileBytes: 2 * 1024 * 1024,
};

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A report's values as key → value (status too), for comparing two stores of the same file. */
async function valuesOf(db: Db, reportId: number): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of await rows(
    db,
    'select key, value, status from report_values where report_id = ? order by key',
    { key: col.text, value: col.numberOrNull, status: col.text },
    reportId,
  )) {
    out[r.key] = `${r.value ?? ''}/${r.status}`;
  }
  return out;
}

async function idByHash(db: Db, hash: string): Promise<number | undefined> {
  return (await rows(db, 'select id from reports where content_hash = ?', { id: col.number }, hash))[0]?.id;
}

describe('harvesting the fixture portal', () => {
  let portal: Portal;
  let db: Db;
  let first: HarvestSummary;
  let inputs: string[];
  const itemAt = (s: HarvestSummary, path: string): HarvestItem | undefined => s.items.find((i) => i.url === portal.origin + path);

  beforeAll(async () => {
    portal = await startPortal();
    db = await testDb('harvest');
    inputs = [
      ...Object.values(portal.columns),
      portal.direct.webbuilder,
      portal.direct.webbuilderPdf,
      portal.direct.artInfo,
      portal.direct.docx,
      portal.direct.huge,
    ];
    first = await harvest(db, inputs, { years: { from: 2019, to: 2025 }, fetch: FETCH });
  }, 120_000);

  afterAll(async () => {
    await portal?.close();
    await db?.close();
  });

  it('stores every report of every form once', async () => {
    // 11 files served as they are, and the two shells' content (WebBuilder, /art/info).
    expect(first.counts.stored).toBe(13);
    expect(await count(db, 'select count(*) as n from reports')).toBe(13);
    for (const [path, bytes] of portal.served) expect(await idByHash(db, sha(bytes)), path).toBeDefined();
    const stored = first.items.filter((i) => i.status === 'stored').map((i) => i.url.slice(portal.origin.length));
    expect(stored.sort()).toEqual(
      [
        '/trs/art/t1.html',
        // Given directly and attached to t2: stored once, as the input that came first.
        '/trs/files/jianou-2022.docx',
        '/trs/art/t3.html',
        '/home/a/gbk.htm',
        '/home/old/2021.htm',
        '/q/art/2025.html',
        '/jpage/art/r007.html',
        '/jpage/art/s001.html',
        '/jpage/art/s002.html',
        '/jpage/art/s004.html',
        `/wb/showinfo.html?infoGuid=${'6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'}`,
        `/wb/showinfo.html?infoGuid=${'0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d'}`,
        '/art/info/12/345',
      ].sort(),
    );
  });

  it('stores the same values as importing the same files by hand', async () => {
    const direct = await testDb('harvest_direct');
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-harvest-direct-'));
    try {
      const files = [...portal.served].map(([path, bytes], i) => {
        const name = join(dir, `${i}${/\.(pdf|docx)$/.exec(path)?.[0] ?? '.html'}`);
        writeFileSync(name, bytes);
        return name;
      });
      const out = await importFiles(direct, files);
      expect(out.filter((o) => o.outcome === 'imported')).toHaveLength(files.length);
      for (const [path, bytes] of portal.served) {
        const a = await valuesOf(db, (await idByHash(db, sha(bytes)))!);
        const b = await valuesOf(direct, (await idByHash(direct, sha(bytes)))!);
        expect(Object.keys(a).length, path).toBeGreaterThan(50);
        expect(a, path).toEqual(b);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await direct.close();
    }
    // The /art/info shell's content is 001's text: its values are those the truth file gives.
    const truth = JSON.parse(readFileSync(join(FIXTURES, 'real', '001_huaian-city-2024.truth.json'), 'utf8')) as {
      values: Record<string, number | null>;
    };
    const artInfo = itemAt(first, '/art/info/12/345')!;
    const values = await valuesOf(db, artInfo.reportId!);
    const wrong = Object.entries(truth.values).filter(([k, v]) => (values[k]?.split('/')[0] ?? '') !== (v === null ? '' : String(v)));
    expect(wrong).toEqual([]);
  });

  it('keeps each report’s 原文链接 and the portal’s 发布日期', async () => {
    const provenance = async (path: string) =>
      (
        await rows(
          db,
          'select source_url, published from reports where id = ?',
          { source_url: col.textOrNull, published: col.textOrNull },
          itemAt(first, path)!.reportId,
        )
      )[0];
    expect(await provenance('/home/a/gbk.htm')).toEqual({ source_url: `${portal.origin}/home/a/gbk.htm`, published: '2020-01-20' });
    expect(await provenance('/jpage/art/s002.html')).toEqual({ source_url: `${portal.origin}/jpage/art/s002.html`, published: '2024-02-21' });
  });

  it('says why it left out what it did not store', () => {
    expect(itemAt(first, '/trs/art/gone.html')).toMatchObject({ status: 'failed', reason: expect.stringContaining('HTTP 404') });
    expect(itemAt(first, '/trs/art/old.html')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('2015年不在所选年份') });
    expect(itemAt(first, '/private/r.html')).toMatchObject({ status: 'failed', reason: expect.stringContaining('robots.txt') });
    expect(itemAt(first, '/home/slow/2023.htm')).toMatchObject({ status: 'failed', reason: expect.stringContaining('超时') });
    expect(itemAt(first, '/big/huge.pdf')).toMatchObject({ status: 'failed', reason: expect.stringContaining('超过上限') });
    // The DOCX listed again at a mirror URL, and given directly (the same URL as t2's attachment).
    expect(itemAt(first, '/q/mirror/report.docx')).toMatchObject({ status: 'unchanged', reason: expect.stringContaining('内容相同') });
    expect(itemAt(first, '/trs/art/t2.html')).toMatchObject({
      status: 'unchanged',
      reason: expect.stringContaining('/trs/files/jianou-2022.docx 内容相同'),
    });
    // A page with the report inline and attached: the inline one is parsed, the attachment named.
    expect(itemAt(first, '/trs/art/t3.html')!.reason).toContain('/trs/files/attached.pdf');
    expect(portal.requests.some((r) => r.path === '/trs/files/attached.pdf')).toBe(false);
    // A notice about the reports is not an entry at all.
    expect(first.items.some((i) => i.url.endsWith('/trs/art/notice.html'))).toBe(false);
    expect(first.counts).toMatchObject({ stored: 13, unchanged: 2, failed: 4 });
  });

  it('asks for each URL once, honours robots.txt, and keeps to one request at a time', () => {
    const gets = portal.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    const twice = gets.filter((p, i) => gets.indexOf(p) !== i);
    // Only the page that answered 429 first was asked again.
    expect(twice).toEqual(['/q/art/2025.html']);
    expect(gets.filter((p) => p === '/robots.txt')).toHaveLength(1);
    expect(gets.some((p) => p.startsWith('/private/'))).toBe(false);
    expect(portal.maxInFlight).toBe(1);
    // The JPage proxy was asked for records 3–4 with the widget's parameters.
    const proxy = portal.requests.find((r) => r.path.startsWith('/module/web/jpage/dataproxy.jsp'))!;
    expect(proxy.path).toContain('startrecord=3&endrecord=4&perpage=2');
    expect(new URLSearchParams(proxy.body).get('columnid')).toBe('4711');
  });

  it('records the harvest in the audit log', async () => {
    const [a] = await rows(db, "select user_name, target, detail from audit_log where action = 'harvest'", {
      user_name: col.text,
      target: col.text,
      detail: col.text,
    });
    expect(a.user_name).toBe('命令行');
    expect(a.target).toContain(portal.columns.trs);
    expect(JSON.parse(a.detail)).toMatchObject({ inputs: inputs.length, stored: 13, unchanged: 2, failed: 4 });
  });

  it('stores nothing twice when run again', async () => {
    const again = await harvest(db, inputs, { years: { from: 2019, to: 2025 }, fetch: FETCH });
    expect(again.counts.stored).toBe(0);
    expect(again.counts.unchanged).toBe(first.counts.stored + first.counts.unchanged);
    expect(await count(db, 'select count(*) as n from reports')).toBe(13);
  }, 120_000);
});

describe('harvest options', () => {
  it('keeps only the years asked for', async () => {
    const portal = await startPortal();
    const db = await testDb('harvest_years');
    try {
      const s = await harvest(db, [portal.columns.trs], { years: { from: 2023, to: 2023 }, fetch: FETCH });
      expect(s.items.filter((i) => i.status === 'stored').map((i) => i.url)).toEqual([`${portal.origin}/trs/art/t3.html`]);
      expect(s.items.find((i) => i.url.endsWith('/trs/art/t1.html'))).toMatchObject({
        status: 'skipped',
        reason: expect.stringContaining('2019年不在所选年份'),
      });
      // Entries outside the years are not fetched.
      expect(portal.requests.some((r) => r.path === '/trs/art/t1.html')).toBe(false);
    } finally {
      await portal.close();
      await db.close();
    }
  });

  it('never has more requests in flight at one host than allowed', async () => {
    const portal = await startPortal({ slowMs: 30 });
    const db = await testDb('harvest_per_host');
    try {
      await harvest(db, [portal.columns.jpage, portal.columns.query, portal.direct.artInfo], { fetch: { ...FETCH, perHost: 2 }, parallel: 6 });
      expect(portal.maxInFlight).toBeLessThanOrEqual(2);
      expect(portal.maxInFlight).toBeGreaterThanOrEqual(1);
    } finally {
      await portal.close();
      await db.close();
    }
  });
});
