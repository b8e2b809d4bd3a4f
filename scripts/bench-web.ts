/**
 * npm run bench:web [-- --db FILE_OR_URL] [--runs 15] [--skip-build] [--port N]
 *
 * Dashboard performance against a production build on the synthetic national database built by
 * `npm run bench:store`: bench-out/bench.db, or with DATABASE_URL=postgres://…/NAME the PostgreSQL
 * database NAME_bench that bench:store made on that server; `--db` names another (a SQLite file,
 * `file:…` or `postgres://…`).
 * - server response time of every page (full body received), median and p95 over varied
 *   parameters (regions of every level, years, reports), first request per URL (cold) and repeats;
 * - JavaScript shipped to a chart page (/compare), gzipped: every script the browser loads,
 *   including the lazily loaded ECharts chunk (measured in Chromium when it is installed,
 *   otherwise from the page's <script> tags).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { openDb, type Db } from '../db/client';
import { col } from '../db/rows';
import { BENCH_SQLITE, benchPgUrl, isPgUrl, percentile } from './bench-common';
import { buildApp, CHROMIUM, CHROMIUM_ARGS, startApp } from './e2e';
import { parseCommandLine } from './cli';

/** n items spread evenly over the list (deterministic), starting at an offset. */
function pick<T>(xs: T[], n: number, offset = 0): T[] {
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, (_, i) => xs[(offset + Math.floor((i * xs.length) / n)) % xs.length]);
}

async function timeGet(url: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { redirect: 'manual' });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status, bytes: body.byteLength };
}

interface Sample {
  page: string;
  urls: string[];
}

async function samples(db: Db): Promise<Sample[]> {
  // Ordered, so both databases pick the same places and reports.
  const codes = (
    await db.all(
      sql`select distinct a.region_code as c from reports r join agencies a on a.id = r.agency_id where r.is_current = 1 and a.region_code is not null order by 1`,
      {
        c: col.text,
      },
    )
  ).map((r) => r.c);
  const provinces = [...new Set(codes.map((c) => `${c.slice(0, 2)}0000`))];
  const cities = [...new Set(codes.map((c) => `${c.slice(0, 4)}00`))].filter((c) => !c.endsWith('0000'));
  const counties = codes.filter((c) => !c.endsWith('00'));
  const years = (await db.all(sql`select distinct year as y from reports where year is not null order by year`, { y: col.number })).map((r) => r.y);
  const ids = (await db.all(sql`select id from reports where is_current = 1 order by id`, { id: col.number })).map((r) => r.id);
  const P = pick(provinces, 8);
  const C = pick(cities, 10, 3);
  const K = pick(counties, 10, 11);
  const Y = years;
  return [
    { page: '/ (national)', urls: ['/', ...Y.map((y) => `/?y=${y}`)] },
    { page: '/?r= (region overview)', urls: [...P.map((p) => `/?r=${p}`), ...C.map((c) => `/?r=${c}`)] },
    {
      page: '/compare (2–4 regions)',
      urls: [
        ...P.slice(0, 4).map((p, i) => `/compare?r=${p}~${P[(i + 1) % P.length]}`),
        ...C.slice(0, 4).map((c, i) => `/compare?r=${c}~${K[i]}~${C[(i + 3) % C.length]}&y=${Y[0]}-${Y[Y.length - 1]}`),
        `/compare?r=${P.slice(0, 4).join('~')}&t=line`,
        `/compare?r=${C[0]}~${C[1]}&m=total_processed`,
      ],
    },
    { page: '/regions/[code]', urls: [...P.slice(0, 4), ...C.slice(0, 4), ...K.slice(0, 4)].map((c) => `/regions/${c}`) },
    { page: '/reports/[id]', urls: pick(ids, 12, 5).map((id) => `/reports/${id}`) },
    {
      page: '/reports (drill-down list)',
      urls: [
        ...C.slice(0, 5).map((c) => `/reports?r=${c}&y=${Y[Y.length - 1]}`),
        ...P.slice(0, 3).map((p) => `/reports?r=${p}&y=${Y[0]}`),
        '/reports',
      ],
    },
    { page: '/quality', urls: ['/quality', ...P.slice(0, 4).map((p) => `/quality?r=${p}`), `/quality?y=${Y[0]}`, '/quality?rule=t3.balance'] },
    { page: '/regions', urls: ['/regions'] },
    {
      page: '/charts/*.svg (SSR)',
      urls: [
        ...P.slice(0, 3).map((p, i) => `/charts/compare-volume.svg?r=${p}~${P[i + 1]}`),
        ...C.slice(0, 3).map((c) => `/charts/region-children.svg?code=${c}`),
        '/charts/overview-volume.svg',
      ],
    },
    { page: '/api/places (search)', urls: ['淮安', '朝阳', '街道', '人民政府', '镇'].map((s) => `/api/places?q=${encodeURIComponent(s)}`) },
  ];
}

async function jsShipped(base: string, path: string): Promise<{ files: { url: string; raw: number; gz: number }[]; how: string }> {
  const sizes = new Map<string, { raw: number; gz: number }>();
  if (existsSync(CHROMIUM)) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS.filter((a) => a !== '--headless') });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const pending: Promise<void>[] = [];
      page.on('response', (res) => {
        if (res.request().resourceType() !== 'script') return;
        pending.push(
          res
            .body()
            .then((b) => void sizes.set(res.url(), { raw: b.byteLength, gz: gzipSync(b, { level: 9 }).byteLength }))
            .catch(() => undefined),
        );
      });
      await page.goto(base + path, { waitUntil: 'networkidle' });
      await page.waitForSelector('[data-rendered="1"]', { timeout: 20_000 });
      await page.waitForTimeout(500);
      await Promise.all(pending);
      return {
        files: [...sizes].map(([url, s]) => ({ url: url.replace(base, ''), ...s })),
        how: 'Chromium: every script loaded by the page, incl. lazy chunks',
      };
    } finally {
      await browser.close();
    }
  }
  const html = await (await fetch(base + path)).text();
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  for (const s of new Set(srcs)) {
    const b = Buffer.from(await (await fetch(new URL(s, base))).arrayBuffer());
    sizes.set(s, { raw: b.byteLength, gz: gzipSync(b, { level: 9 }).byteLength });
  }
  return { files: [...sizes].map(([url, s]) => ({ url, ...s })), how: '<script> tags only (no Chromium: lazy chunks not counted)' };
}

/** CPU time (ms) used so far by every process of a process group (Linux /proc; 0 elsewhere). */
function groupCpuMs(pgid: number | undefined): number {
  if (!pgid) return 0;
  let ticks = 0;
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // Fields after the name: state ppid pgrp … utime (12th) stime (13th), 0-based from state.
        if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return 0;
  }
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/**
 * Load on the report page: `connections` concurrent clients on kept-alive connections, each
 * fetching report pages in turn, for at most `seconds` and `maxRequests` (bounded). Requests per
 * second and latency percentiles. A lean client (node:http, the body counted, not decompressed),
 * as load generators are: it runs on the same cores as the server, and fetch() decompressing
 * every page cost 1.8 ms of CPU per request against 0.5 here. It asks for the page as a browser
 * does (Accept-Encoding: gzip, deflate, br), so the server compresses as it would for a browser.
 */
async function loadReportPage(base: string, ids: number[], connections = 50, seconds = 10, maxRequests = 4000) {
  const target = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(
        { host: target.hostname, port: target.port, path, agent, headers: { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' } },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error('no answer in 30 s')));
    });
  const times: number[] = [];
  let sent = 0;
  let failed = 0;
  const stop = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      while (performance.now() < stop && sent < maxRequests) {
        const id = ids[(sent++ * 7 + c) % ids.length];
        const s = performance.now();
        try {
          if ((await get(`/reports/${id}`)) !== 200) failed++;
        } catch {
          failed++;
        }
        times.push(performance.now() - s);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  return { requests: times.length, failed, rps: times.length / secs, p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function main() {
  // The database bench:store built (see scripts/bench-common.ts), or the one --db names.
  const { values: flags } = parseCommandLine({
    name: 'bench:web',
    usage: 'npm run bench:web [-- --db FILE_OR_URL] [--runs 15] [--skip-build] [--port N]',
    flags: { db: { type: 'string' }, runs: { type: 'integer' }, 'skip-build': { type: 'boolean' }, port: { type: 'integer', max: 65535 } },
  });
  const given = flags.db;
  const target =
    given && /^(file:|postgres(ql)?:\/\/)/.test(given)
      ? given
      : given
        ? `file:${resolve(given)}`
        : isPgUrl(process.env.DATABASE_URL)
          ? benchPgUrl(process.env.DATABASE_URL).toString()
          : `file:${resolve(BENCH_SQLITE)}`;
  const runs = flags.runs ?? 15;
  if (target.startsWith('file:') && !existsSync(target.slice('file:'.length))) {
    console.error(`no database at ${target.slice('file:'.length)}: run \`npm run bench:store\` first (or pass --db FILE_OR_URL)`);
    process.exit(2);
  }
  const db = await openDb(target, { createFolder: false });
  const n = (await db.one(sql`select count(*) as n from reports where is_current = 1`, { n: col.number }))!.n;
  if (n === 0) {
    await db.close();
    console.error(`${db.where} holds no reports: run \`npm run bench:store\` first (or pass --db FILE_OR_URL)`);
    process.exit(2);
  }
  const sets = await samples(db);
  if (!flags['skip-build']) buildApp();
  const app = await startApp(target, flags.port);
  try {
    console.log(
      `database: ${db.where} (${n} current reports); server: scripts/serve.mjs (${Math.floor(Number(process.env.WEB_CONCURRENCY)) || availableParallelism()} processes) at ${app.url}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
    );
    console.log(`\nserver response, full body (ms): cold = first request of each URL; warm = ${runs} more rounds over the same URLs`);
    console.log(
      `${'page'.padEnd(30)} ${'URLs'.padStart(4)} ${'cold p50'.padStart(9)} ${'cold max'.padStart(9)} ${'p50'.padStart(7)} ${'p95'.padStart(7)}  ≤200ms`,
    );
    const summary: { page: string; p50: number }[] = [];
    for (const s of sets) {
      const cold: number[] = [];
      for (const u of s.urls) {
        const r = await timeGet(app.url + u);
        if (r.status >= 400) throw new Error(`${u}: HTTP ${r.status}`);
        cold.push(r.ms);
      }
      const warm: number[] = [];
      for (let i = 0; i < runs; i++) for (const u of s.urls) warm.push((await timeGet(app.url + u)).ms);
      const all = [...cold, ...warm];
      const p50 = percentile(all, 50);
      summary.push({ page: s.page, p50 });
      console.log(
        `${s.page.padEnd(30)} ${String(s.urls.length).padStart(4)} ${percentile(cold, 50).toFixed(1).padStart(9)} ${Math.max(...cold)
          .toFixed(1)
          .padStart(9)} ${p50.toFixed(1).padStart(7)} ${percentile(all, 95).toFixed(1).padStart(7)}  ${p50 <= 200 ? 'yes' : 'NO'}`,
      );
    }
    // The report page: bytes sent (the source text travels once) and throughput at 50 connections.
    const reportIds = sets.find((x) => x.page === '/reports/[id]')!.urls.map((u) => Number(u.split('/').pop()));
    const textLength = Buffer.byteLength((await db.one(sql`select text from reports where id = ${reportIds[0]}`, { text: col.text }))!.text);
    const page = Buffer.from(await (await fetch(`${app.url}/reports/${reportIds[0]}`)).arrayBuffer());
    console.log(
      `\n/reports/${reportIds[0]}: source text ${(textLength / 1024).toFixed(1)} KB; page ${(page.byteLength / 1024).toFixed(1)} KB (${(gzipSync(page).byteLength / 1024).toFixed(1)} KB gzipped)`,
    );
    // Twice: the 12 sample reports over and over (the page's data is kept in memory between
    // requests, db/queries/report-page), then 2,000 different reports (each read from the database).
    const manyIds = (await db.all(sql`select id from reports where is_current = 1 order by id`, { id: col.number })).map((x) => x.id);
    // Unmeasured first: 5 s of the same load on other reports, so each server process has compiled
    // its hot paths (the rounds above send each process only a few hundred requests).
    await loadReportPage(app.url, pick(manyIds, 500, 7), 50, 5);
    for (const [what, ids] of [
      ['12 reports, repeated', reportIds],
      ['2,000 different reports', pick(manyIds, 2000, 1)],
    ] as const) {
      const cpu0 = groupCpuMs(app.pid);
      const load = await loadReportPage(app.url, [...ids]);
      const cpuPerRequest = (groupCpuMs(app.pid) - cpu0) / Math.max(1, load.requests);
      console.log(
        `/reports/[id] at 50 connections, ${what} (bounded: 10 s, ≤ 4,000 requests): ${load.requests} requests, ${load.failed} failed, ` +
          `${load.rps.toFixed(0)} requests/s, p50 ${load.p50.toFixed(0)} ms, p99 ${load.p99.toFixed(0)} ms (target ≥ 150/s: ${load.rps >= 150 ? 'met' : 'NOT met'})`,
      );
      if (cpuPerRequest > 0) {
        console.log(
          `  server CPU ${cpuPerRequest.toFixed(1)} ms per request → at most ${(1000 / cpuPerRequest).toFixed(0)} requests/s per free core ` +
            `(load average now ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`,
        );
      }
    }
    const chartPage = '/compare?r=' + sets[2].urls[0].split('r=')[1];
    const js = await jsShipped(app.url, chartPage);
    const gz = js.files.reduce((a, f) => a + f.gz, 0);
    const raw = js.files.reduce((a, f) => a + f.raw, 0);
    console.log(`\nJavaScript shipped to a chart page (${chartPage}; ${js.how}):`);
    for (const f of js.files.sort((a, b) => b.gz - a.gz))
      console.log(`  ${(f.gz / 1024).toFixed(1).padStart(7)} KB gz  ${(f.raw / 1024).toFixed(1).padStart(7)} KB  ${f.url}`);
    console.log(
      `  ${(gz / 1024).toFixed(1).padStart(7)} KB gz  ${(raw / 1024).toFixed(1).padStart(7)} KB  total (${js.files.length} files) — budget 350 KB gz: ${gz / 1024 <= 350 ? 'within' : 'OVER'}`,
    );
    const worst = summary.reduce((a, b) => (b.p50 > a.p50 ? b : a));
    console.log(`\nslowest page median: ${worst.page} ${worst.p50.toFixed(1)} ms (budget 200 ms: ${worst.p50 <= 200 ? 'within' : 'OVER'})`);
  } finally {
    await app.stop();
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
