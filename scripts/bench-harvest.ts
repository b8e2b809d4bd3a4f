/**
 * npm run bench:harvest [-- --reports N] [--per-host N]
 *
 * Harvesting end to end against a portal on 127.0.0.1 with the politeness delay at 0: a TRS-style
 * 年报 column of N entries (20 a page, createPageHTML paging), each a detail page holding a report
 * inline: synthetic reports of N different bodies (scripts/synth.ts, as bench:store uses), so each
 * is a report of its own rather than a new version of another. Prints the
 * reports/s of fetch + parse + store into a fresh SQLite file (bench-out/harvest.db) or, with
 * DATABASE_URL=postgres://…, a `…_bench_harvest` database on that server. What the harvest costs
 * the program, not the portals: real runs are bound by the per-host delay (1 s by default).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openDb } from '../db/client';
import { createParsePool } from '../db/parse-pool';
import { harvest } from '../server/harvest/harvest';
import { benchPgUrl, isPgUrl } from './bench-common';
import { parseCommandLine } from './cli';
import { renderReport, rng, synthValues } from './synth';

const PER_PAGE = 20;
const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

async function main() {
  const { values } = parseCommandLine({
    name: 'bench:harvest',
    usage: 'npm run bench:harvest [-- --reports N] [--per-host N]',
    flags: { reports: { type: 'integer' }, 'per-host': { type: 'integer' } },
  });
  const n = values.reports ?? 500;
  const perHost = values['per-host'] ?? 4;
  const yearOf = (i: number) => 2019 + (i % 7);
  const agencyOf = (i: number) => `淮安市第${i + 1}局`;
  const titleOf = (i: number) => `${agencyOf(i)}${yearOf(i)}年政府信息公开工作年度报告`;
  const pages = Math.ceil(n / PER_PAGE);
  const detail = (i: number) => {
    const text = renderReport(agencyOf(i), yearOf(i), `${yearOf(i) + 1}-01-20`, synthValues(rng(i + 1), 120, false));
    return `<!doctype html><html><head><meta charset="utf-8"><title>${titleOf(i)}</title></head><body>${text
      .split('\n')
      .map((l) => `<p>${esc(l)}</p>`)
      .join('')}</body></html>`;
  };
  const list = (p: number) => {
    const items = [];
    for (let i = p * PER_PAGE; i < Math.min(n, (p + 1) * PER_PAGE); i++)
      items.push(`<li><a href="/art/${i}.html">${titleOf(i)}</a><span>${yearOf(i) + 1}-01-20</span></li>`);
    return `<!doctype html><html><head><meta charset="utf-8"><title>年报</title></head><body><ul>${items.join('')}</ul><script>createPageHTML(${pages}, ${p}, "index", "html");</script></body></html>`;
  };
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const path = req.url ?? '/';
    const page = /^\/col\/index(?:_(\d+))?\.html$/.exec(path);
    const art = /^\/art\/(\d+)\.html$/.exec(path);
    if (page) return res.end(list(Number(page[1] ?? 0)));
    if (art && Number(art[1]) < n) return res.end(detail(Number(art[1])));
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let url: string;
  if (isPgUrl(process.env.DATABASE_URL)) {
    const target = benchPgUrl(process.env.DATABASE_URL, '_harvest');
    const admin = await import('pg');
    const c = new admin.default.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`drop database if exists ${target.pathname.slice(1)} with (force)`);
    await c.query(`create database ${target.pathname.slice(1)}`);
    await c.end();
    url = target.href;
  } else {
    mkdirSync('bench-out', { recursive: true });
    for (const f of ['harvest.db', 'harvest.db-wal', 'harvest.db-shm']) rmSync(join('bench-out', f), { force: true });
    url = 'file:bench-out/harvest.db';
  }
  const db = await openDb(url);
  const pool = createParsePool();
  console.log(
    `portal: ${n} reports in a column of ${pages} pages on 127.0.0.1; per-host ${perHost}, delay 0; into ${isPgUrl(url) ? 'PostgreSQL' : 'SQLite'}`,
  );
  const t0 = performance.now();
  let fetched = 0;
  const summary = await harvest(db, [`${origin}/col/index.html`], {
    fetch: { allowLoopback: true, delayMs: 0, perHost, robots: true },
    parallel: perHost * 2,
    importOptions: {
      onStage: (stage, ms) => console.log(`  ${stage}: ${(ms / 1000).toFixed(1)} s`),
      parser: pool.parse,
      crossYear: { compute: (ids) => pool.crossYear(url, ids), parallel: pool.size },
    },
    onProgress: (e) => {
      if (e.kind === 'fetch' && ++fetched === n + pages) console.log(`  fetched in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    },
  });
  const secs = (performance.now() - t0) / 1000;
  await pool.close();
  await db.close();
  server.close();
  console.log(
    `harvest: ${summary.counts.stored} stored, ${summary.counts.failed} failed, ${requests} requests, ${(summary.bytes / 1024 / 1024).toFixed(1)} MB in ${secs.toFixed(1)} s: ${(summary.counts.stored / secs).toFixed(1)} reports/s end to end`,
  );
}

main().catch((e) => {
  console.error(`bench:harvest: error: ${(e as Error).message}`);
  process.exit(1);
});
