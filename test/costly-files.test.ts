/**
 * Issue 24 finding 16: /charts/*.png took up to 10.8 s and /briefing/*.docx 5–7.7 s with four
 * anonymous requests in parallel, each rendered afresh. Now a repeated request is served from a
 * cache keyed by route, normalised query and the data version (counted by the renders the routes
 * run, not by timing), a write renders afresh, and renders are limited per client per minute
 * (429 with Retry-After; an injected clock moves the window).
 */
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeDb, getDb, type Db } from '../db/client';
import { recordAudit } from '../db/audit';
import { importFiles } from '../db/import';
import { normalisedQuery } from '../lib/cache/file-key';
import { SizedLru } from '../lib/cache/lru';
import { RateLimiter } from '../lib/http/rate-limit';
import { PEER_HEADER } from '../lib/http/trust';
import { clientKey, RATE_LIMITS, renderCounts, resetCostlyFiles } from '../server/costly-files';
import * as charts from '../app/charts/[file]/route';
import * as briefing from '../app/briefing/[file]/route';
import { FIXTURES } from './helpers/fixtures';
import { freshDatabaseUrl, TEST_DIALECT } from './helpers/db';

// Requests in these tests come as scripts/serve.mjs hands them on: with the TCP peer in PEER_HEADER.
process.env.GONGKAI_PEER_HEADER = '1';

const ORIGIN = 'http://127.0.0.1:3000';
const WUWEI = '620600';
const HONGZE = '320813';

describe('pure parts', () => {
  test('the query is normalised by parameter name, keeping the order of repeated ones', () => {
    expect(normalisedQuery(new URLSearchParams('y=2023&r=620600'))).toBe('r=620600&y=2023');
    expect(normalisedQuery(new URLSearchParams('r=2&y=1&r=1'))).toBe('r=2&r=1&y=1');
    expect(normalisedQuery(new URLSearchParams('r=1&r=2'))).not.toBe(normalisedQuery(new URLSearchParams('r=2&r=1')));
  });

  test('the rate limiter: a fixed window per client, refusals not counted, Retry-After the time left', () => {
    let t = 1_000_000;
    const rl = new RateLimiter(() => t);
    const limit = { max: 2, windowMs: 60_000 };
    expect(rl.take('a', limit)).toEqual({ ok: true, remaining: 1 });
    expect(rl.take('a', limit)).toEqual({ ok: true, remaining: 0 });
    t += 15_500;
    expect(rl.take('a', limit)).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(rl.take('b', limit)).toEqual({ ok: true, remaining: 1 });
    t += 44_500;
    expect(rl.take('a', limit)).toEqual({ ok: true, remaining: 1 });
  });

  test('the file cache is bounded by bytes as well as entries', () => {
    const c = new SizedLru<string, Uint8Array>(10, 100, (b) => b.byteLength);
    c.set('a', new Uint8Array(60));
    c.set('b', new Uint8Array(30));
    expect(c.get('a')?.byteLength).toBe(60); // a is now the most recent
    c.set('c', new Uint8Array(30)); // 120 > 100: b, used longest ago, goes
    expect([c.get('b'), c.size, c.weight]).toEqual([undefined, 2, 90]);
    c.set('huge', new Uint8Array(101));
    expect([c.get('huge'), c.size]).toEqual([undefined, 2]);
  });

  test('the client key: the peer our server reports, never a forwarded address it does not trust, else one shared key', () => {
    expect(clientKey(new Headers({ [PEER_HEADER]: '203.0.113.9' }))).toBe('ip:203.0.113.9');
    expect(clientKey(new Headers({ [PEER_HEADER]: '203.0.113.9', 'x-forwarded-for': '198.51.100.2' }))).toBe('ip:203.0.113.9');
    expect(clientKey(new Headers({ 'x-forwarded-for': '198.51.100.2' }))).toBe('ip:unknown');
  });
});

describe.skipIf(TEST_DIALECT !== 'sqlite')('chart and briefing routes (SQLite: cached by its data version)', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let t = 5_000_000;

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl('costly');
    drop = fresh.drop;
    process.env.DATABASE_URL = fresh.url;
    db = await getDb();
    await importFiles(db, [join(FIXTURES, 'real', '002_hongze-district-2023.txt'), 'data/samples/003_6790f04c403e7862.txt']);
  });
  afterAll(async () => {
    await closeDb();
    await drop();
  });

  const chart = (path: string, headers: Record<string, string> = {}) => {
    const file = path.slice(0, path.indexOf('?') < 0 ? undefined : path.indexOf('?'));
    return charts.GET(new NextRequest(`${ORIGIN}/charts/${path}`, { headers: { [PEER_HEADER]: '10.0.0.7', ...headers } }), {
      params: Promise.resolve({ file }),
    });
  };
  const bytes = async (r: Response) => Buffer.from(await r.arrayBuffer());

  test('a repeated PNG request is served from the cache: rendered once, the same bytes, also in another parameter order', async () => {
    resetCostlyFiles();
    const first = await chart(`compare-volume.png?r=${WUWEI}~${HONGZE}&y=2023`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    const png = await bytes(first);
    expect(renderCounts().chart).toBe(1);
    const again = await chart(`compare-volume.png?r=${WUWEI}~${HONGZE}&y=2023`);
    const reordered = await chart(`compare-volume.png?y=2023&r=${WUWEI}~${HONGZE}`);
    expect((await bytes(again)).equals(png)).toBe(true);
    expect((await bytes(reordered)).equals(png)).toBe(true);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.headers.get('content-security-policy')).toContain("default-src 'none'");
    // A conditional request with the cached ETag: 304, still no render.
    const notModified = await chart(`compare-volume.png?r=${WUWEI}~${HONGZE}&y=2023`, { 'if-none-match': first.headers.get('etag')! });
    expect(notModified.status).toBe(304);
    expect(renderCounts().chart).toBe(1);
    // Another chart, or the SVG of the same, is another file.
    expect((await chart(`compare-volume.svg?r=${WUWEI}~${HONGZE}&y=2023`)).status).toBe(200);
    expect(renderCounts().chart).toBe(2);
  });

  test('a write to the database renders afresh', async () => {
    resetCostlyFiles();
    await chart(`compare-cases.svg?r=${WUWEI}`);
    await chart(`compare-cases.svg?r=${WUWEI}`);
    expect(renderCounts().chart).toBe(1);
    await recordAudit(db, { userId: null, userName: 'tester' }, { action: 'version', reportId: 1, detail: { before: null, after: null } });
    await chart(`compare-cases.svg?r=${WUWEI}`);
    expect(renderCounts().chart).toBe(2);
  });

  test('renders beyond the per-client budget get 429 with Retry-After and a Chinese message; cache hits and other clients do not', async () => {
    resetCostlyFiles({ now: () => t, limits: { chart: { anonymous: 2, signedIn: 10 }, briefing: RATE_LIMITS.briefing } });
    expect((await chart(`overview-volume.svg?r=${WUWEI}`)).status).toBe(200);
    expect((await chart(`overview-cases.svg?r=${WUWEI}`)).status).toBe(200);
    t += 20_000;
    const refused = await chart(`region-volume.svg?code=${HONGZE}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(await refused.text()).toBe('请求过于频繁，请 40 秒后再试 / too many requests, retry in 40 s\n');
    expect(renderCounts().chart).toBe(2);
    // Already rendered: served from the cache, whatever the budget.
    expect((await chart(`overview-volume.svg?r=${WUWEI}`)).status).toBe(200);
    // Another client has its own budget.
    expect((await chart(`region-volume.svg?code=${HONGZE}`, { [PEER_HEADER]: '10.0.0.8' })).status).toBe(200);
    // A new window, a new budget.
    t += 40_000;
    expect((await chart(`region-cases.svg?code=${HONGZE}`)).status).toBe(200);
    expect(renderCounts().chart).toBe(4);
    // An unknown chart is a 404 that costs no budget.
    expect((await chart('no-such-chart.png')).status).toBe(404);
    expect(renderCounts().chart).toBe(4);
  });

  test('a repeated briefing request is served from the cache: built once, the same document', async () => {
    resetCostlyFiles();
    const get = () =>
      briefing.GET(
        new NextRequest(`${ORIGIN}/briefing/compare.docx?r=${WUWEI}~${HONGZE}`, { headers: { [PEER_HEADER]: '10.0.0.9', host: '127.0.0.1:3000' } }),
        {
          params: Promise.resolve({ file: 'compare.docx' }),
        },
      );
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('wordprocessingml');
    const doc = await bytes(first);
    const again = await get();
    expect((await bytes(again)).equals(doc)).toBe(true);
    expect(again.headers.get('content-disposition')).toBe(first.headers.get('content-disposition'));
    expect(renderCounts().briefing).toBe(1);
  });
});
