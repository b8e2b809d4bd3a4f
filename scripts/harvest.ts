/**
 * npm run harvest -- [--years A-B] [--sources FILE] [--allow-loopback] [--jsonl] URL...
 *
 * Harvests annual reports from government portals into DATABASE_URL: each URL is a report file, a
 * detail page, or a 年报 column (its paging followed, its entries of the years kept). docs/harvest.md.
 *
 * --years A-B        keep a column's reports on these years (default: all)
 * --sources FILE     CSV (body,region_code,url) or JSON list of the sources to harvest
 * --per-host N       requests to one host at a time (default 1)
 * --delay-ms N       milliseconds between two requests to one host (default 1000)
 * --contact TEXT     who to contact about the crawler, sent in the User-Agent (or HARVEST_CONTACT)
 * --allow-loopback   fetch from 127.0.0.1 (tests' fixture portals); everything else private stays refused
 * --jsonl            one JSON line per item on stdout (the summary goes to stderr)
 *
 * Progress on stderr; a line per item that failed; exit code 1 when any item failed, 2 on bad flags.
 */
import { readFileSync } from 'node:fs';
import { closeDb, DEFAULT_DATABASE_URL, getDb } from '../db/client';
import { createParsePool } from '../db/parse-pool';
import { parseSources, type Source } from '../lib/harvest/sources';
import type { HarvestStatus } from '../lib/harvest/view';
import { parseYearRange, type YearRange } from '../lib/harvest/title';
import { errorLine } from '../lib/text/display';
import { harvest, type HarvestEvent, type HarvestSummary } from '../server/harvest/harvest';
import { parseCommandLine, usageError } from './cli';

const USAGE = 'npm run harvest -- [--years A-B] [--sources FILE] [--per-host N] [--delay-ms N] [--contact TEXT] [--allow-loopback] [--jsonl] URL...';

/** The command line, checked (scripts/cli.ts ends the script with one line and exit code 2 on a problem). */
function readOptions() {
  const { values: v, positionals } = parseCommandLine({
    name: 'harvest',
    usage: USAGE,
    flags: {
      years: { type: 'string' },
      sources: { type: 'string' },
      'per-host': { type: 'integer', min: 1 },
      'delay-ms': { type: 'integer', min: 0 },
      contact: { type: 'string' },
      'allow-loopback': { type: 'boolean' },
      jsonl: { type: 'boolean' },
    },
    positionals: { max: Infinity, name: 'URL' },
  });
  let years: YearRange | undefined;
  if (v.years !== undefined) {
    try {
      years = parseYearRange(v.years);
    } catch (e) {
      usageError('harvest', `--${(e as Error).message}`);
    }
  }
  const inputs: Source[] = [];
  if (v.sources !== undefined) {
    let text = '';
    try {
      text = readFileSync(v.sources, 'utf8');
    } catch (e) {
      usageError('harvest', `${v.sources}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    try {
      inputs.push(...parseSources(text, v.sources));
    } catch (e) {
      usageError('harvest', (e as Error).message);
    }
  }
  for (const url of positionals) {
    if (!/^https?:\/\//i.test(url)) usageError('harvest', `not an http(s) URL: "${url}"`);
    inputs.push({ url });
  }
  if (!inputs.length) usageError('harvest', `no URL and no --sources file (usage: ${USAGE})`);
  return {
    years,
    inputs,
    jsonl: v.jsonl,
    fetch: { allowLoopback: v['allow-loopback'], perHost: v['per-host'], delayMs: v['delay-ms'], contact: v.contact },
  };
}

/** A progress line on stderr (redrawn on a terminal, every 5 s otherwise). */
function progress(): (e: HarvestEvent) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  let requests = 0;
  let items = 0;
  const counts: Record<HarvestStatus, number> = { new: 0, stored: 0, unchanged: 0, skipped: 0, failed: 0 };
  return (e) => {
    if (e.kind === 'fetch') requests = e.requests;
    if (e.kind === 'column') process.stderr.write(`${tty ? '\r\x1b[K' : ''}${e.url}: ${e.entries} entries\n`);
    if (e.kind === 'item') {
      items = e.done;
      counts[e.item.status]++;
    }
    const now = Date.now();
    if (now - last < (tty ? 250 : 5000)) return;
    last = now;
    const line = `  ${requests} requests · ${items} items: ${counts.stored} stored, ${counts.unchanged} already stored, ${counts.skipped} skipped, ${counts.failed} failed`;
    process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  };
}

function report(s: HarvestSummary, secs: number, jsonl: boolean): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  for (const item of s.items) {
    if (jsonl) process.stdout.write(JSON.stringify(item) + '\n');
    else if (item.status === 'failed') process.stderr.write(errorLine(item.url, item.reason ?? 'failed') + '\n');
  }
  const c = s.counts;
  const rate = c.stored / Math.max(secs, 0.001);
  const line =
    `harvest: stored ${c.stored}, unchanged ${c.unchanged}, skipped ${c.skipped}, failed ${c.failed} ` +
    `(${s.requests} requests, ${(s.bytes / 1024 / 1024).toFixed(1)} MB in ${secs.toFixed(1)} s, ${rate.toFixed(1)} reports/s)\n`;
  (jsonl ? process.stderr : process.stdout).write(line);
}

async function main(): Promise<number> {
  const o = readOptions();
  const db = await getDb();
  if (db.readOnly) {
    process.stderr.write(`harvest: error: ${db.where} is read-only; nothing can be harvested into it\n`);
    return 1;
  }
  const t0 = Date.now();
  // Reports are parsed in worker threads, as a large import's are: a column or a sources file
  // brings many, and the threads' start (about a second) is small beside the politeness delay.
  const pool = createParsePool();
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const summary = await harvest(db, o.inputs, {
    years: o.years,
    fetch: o.fetch,
    onProgress: progress(),
    importOptions: { parser: pool.parse, crossYear: { compute: (ids) => pool.crossYear(url, ids), parallel: pool.size } },
  }).finally(() => pool.close());
  report(summary, (Date.now() - t0) / 1000, o.jsonl);
  return summary.counts.failed > 0 ? 1 : 0;
}

main().then(
  async (code) => {
    await closeDb();
    process.exit(code);
  },
  (err) => {
    process.stderr.write(errorLine('harvest', (err as Error).message) + '\n');
    process.exit(1);
  },
);
