/**
 * The anonymous routes that cost seconds of CPU — chart images (app/charts/[file]) and Word
 * briefings (app/briefing/[file]) — served from a cache while the data are unchanged, and
 * rendered only within a per-client budget.
 *
 * - Cache: key = route + file + normalised query + the database's data version + what the file
 *   prints besides the data (date, site address) (lib/cache/file-key.ts). The data version is the
 *   report page's (db/queries/report-page.ts: SQLite's data_version and this connection's
 *   total_changes), so an import, a correction or any other write renders afresh. PostgreSQL has
 *   no such cheap version: nothing is cached there, and only the budget applies. In memory, per
 *   process, bounded by entries and bytes; a hit costs no rendering and no budget.
 * - Budget: renders per client per minute (RATE_LIMITS), answered 429 with Retry-After and a
 *   Chinese message beyond. Counted in this process's memory, not in the database like the
 *   sign-in limit: a counted request would be a database write, which changes the data version
 *   every cache here and the report page's cache depend on (in every process: SQLite's
 *   data_version moves with another connection's commit). So with `npm start`'s one process per
 *   core a client gets up to that many times the budget — each process still bounds its own CPU.
 */
import 'server-only';
import type { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { dataVersion } from '@/db/queries/report-page';
import { fileCacheKey } from '@/lib/cache/file-key';
import { SizedLru } from '@/lib/cache/lru';
import { RateLimiter, type Limit } from '@/lib/http/rate-limit';
import { actorFrom } from './session';
import { currentTrust, viewRequest } from '@/lib/http/trust';

export type CostlyRoute = 'chart' | 'briefing';

/** Renders allowed per client per minute (a cache hit is not a render). */
export const RATE_LIMITS: Record<CostlyRoute, { anonymous: number; signedIn: number }> = {
  chart: { anonymous: 30, signedIn: 150 },
  briefing: { anonymous: 10, signedIn: 50 },
};
const WINDOW_MS = 60_000;

/** Files kept: ~300 KB a chart PNG, ~1 MB a briefing. */
const CACHE_ENTRIES = 500;
const CACHE_BYTES = 64 * 1024 * 1024;

interface CachedFile {
  body: Uint8Array;
  headers: [string, string][];
}

interface State {
  cache: SizedLru<string, CachedFile>;
  limiter: RateLimiter;
  limits: typeof RATE_LIMITS;
  /** Renders run per route (the cache's tests count them: a hit must not render). */
  renders: Record<CostlyRoute, number>;
}
const g = globalThis as typeof globalThis & { __gongkaiCostlyFiles?: State };

function fresh(o: { now?: () => number; limits?: typeof RATE_LIMITS } = {}): State {
  return {
    cache: new SizedLru(CACHE_ENTRIES, CACHE_BYTES, (f) => f.body.byteLength),
    limiter: new RateLimiter(o.now),
    limits: o.limits ?? RATE_LIMITS,
    renders: { chart: 0, briefing: 0 },
  };
}
const state = (): State => (g.__gongkaiCostlyFiles ??= fresh());

/** How many renders each route has run in this process. */
export function renderCounts(): Readonly<Record<CostlyRoute, number>> {
  return { ...state().renders };
}

/** Empties the cache and the budgets (tests): an injected clock for the windows, other limits. */
export function resetCostlyFiles(o: { now?: () => number; limits?: typeof RATE_LIMITS } = {}): void {
  g.__gongkaiCostlyFiles = fresh(o);
}

/**
 * The key a client's renders are counted under: the client address as lib/http/trust.ts knows it
 * (the TCP peer from scripts/serve.mjs, X-Forwarded-For only through a trusted proxy). With no
 * trustworthy address (a bare `next start`), every such caller shares one budget: fails closed, a
 * flood slows the others' renders, never the server.
 */
export function clientKey(headers: Headers): string {
  const client = viewRequest(headers, currentTrust()).client;
  return client ? `ip:${client}` : 'ip:unknown';
}

/** The signed-in account's id when the request carries a session cookie (no lookup otherwise). */
async function signedInId(request: NextRequest): Promise<string | null> {
  if (!/session_token=/.test(request.headers.get('cookie') ?? '')) return null;
  return (await actorFrom(request.headers).catch(() => null))?.id ?? null;
}

function tooMany(retryAfter: number): Response {
  return new Response(`请求过于频繁，请 ${retryAfter} 秒后再试 / too many requests, retry in ${retryAfter} s\n`, {
    status: 429,
    headers: {
      'Retry-After': String(retryAfter),
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

/**
 * The file of `request` from the cache, or rendered by `render` within the client's budget (a
 * 200 answer is kept while the data version it was rendered at holds). `extra`: what the file
 * prints besides its data (the date, the site's address).
 */
export async function serveCostly(
  request: NextRequest,
  route: CostlyRoute,
  file: string,
  extra: string[],
  render: () => Promise<Response>,
): Promise<Response> {
  const s = state();
  const db = await getDb();
  const version = await dataVersion(db);
  const key = version === null ? null : fileCacheKey(route, file, request.nextUrl.searchParams, version, extra);
  const hit = key ? s.cache.get(key) : undefined;
  if (hit) {
    const etag = hit.headers.find(([k]) => k === 'etag')?.[1];
    if (etag && request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: hit.headers });
    return new Response(hit.body.slice(), { headers: hit.headers });
  }

  const user = await signedInId(request);
  const limit: Limit = { max: user ? s.limits[route].signedIn : s.limits[route].anonymous, windowMs: WINDOW_MS };
  const decision = s.limiter.take(`${route}:${user ? `user:${user}` : clientKey(request.headers)}`, limit);
  if (!decision.ok) return tooMany(decision.retryAfterSeconds);

  s.renders[route]++;
  const res = await render();
  if (!key || res.status !== 200) return res;
  const body = new Uint8Array(await res.arrayBuffer());
  const headers = [...res.headers.entries()];
  // Kept only if nothing was written while rendering (else the next request renders again).
  if ((await dataVersion(db)) === version) s.cache.set(key, { body, headers });
  return new Response(body.slice(), { status: 200, headers });
}
