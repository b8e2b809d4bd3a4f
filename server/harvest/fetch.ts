/**
 * The harvester's HTTP client (undici, Node's own): polite to each portal and safe for us.
 *
 * Polite: at most `perHost` requests to a host at a time (default 1) with `delayMs` between their
 * starts (default 1 s, or the host's robots.txt Crawl-delay when longer); robots.txt honoured
 * (robots-parser, RFC 9309: a missing file allows everything, an unreachable one nothing); a
 * User-Agent naming the product and a contact; 429 and 5xx retried with exponential backoff or
 * the server's Retry-After.
 * Safe: http(s) only; every address checked by the SSRF guard (address-guard.ts) before it is
 * connected to, for the first request and for each redirect (followed by hand, at most 5); a time
 * limit on headers and on the body; a size cap per file (before reading, from Content-Length, and
 * while reading) and per job.
 */
import { Agent, request } from 'undici';
import robotsParser from 'robots-parser';
import { MAX_DOCUMENT_BYTES } from '../../lib/source/limits';
import { AddressRefused, checkLiteralHost, guardedLookup, systemResolver, type Resolver } from './address-guard';

export const PRODUCT_TOKEN = 'Gongkai-harvester';

export interface FetchOptions {
  /** Allow 127.0.0.0/8 and ::1 (the tests' fixture portal); everything else non-public stays refused. */
  allowLoopback?: boolean;
  resolver?: Resolver;
  /** Who to contact about the crawler (an e-mail or URL), named in the User-Agent (HARVEST_CONTACT). */
  contact?: string;
  /** Requests to one host at a time (default 1). */
  perHost?: number;
  /** Milliseconds between the starts of two requests to one host (default 1000). */
  delayMs?: number;
  /** Milliseconds to wait for the response headers, and for each chunk of the body (default 30 s). */
  timeoutMs?: number;
  /** Largest body accepted (default: the largest report file lib/source reads, 20 MB). */
  maxFileBytes?: number;
  /** Bytes one harvest may download in all (default 2 GB). */
  maxJobBytes?: number;
  /** Retries of a 429 or 5xx answer or a dropped connection (default 3). */
  retries?: number;
  /** The first retry's wait; each next one doubles it (default 2 s). */
  retryBaseMs?: number;
  /** Honour robots.txt (default true). */
  robots?: boolean;
  /** Told of every request made (for progress). */
  onRequest?: (url: string) => void;
}

export interface Fetched {
  /** The URL asked for. */
  url: string;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  status: number;
  contentType: string;
  /** The charset of the Content-Type header, if it names one. */
  charset?: string;
  bytes: Uint8Array;
  etag?: string;
  lastModified?: string;
  fetchedAt: string;
}

export type FetchErrorKind = 'scheme' | 'address' | 'robots' | 'status' | 'too-large' | 'job-bytes' | 'timeout' | 'network' | 'redirects';

export class HarvestFetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    readonly url: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const MAX_REDIRECTS = 5;
/** The longest Retry-After honoured: a portal asking for more is treated as failing. */
const MAX_RETRY_AFTER_MS = 120_000;

interface HostGate {
  active: number;
  waiting: (() => void)[];
  nextStart: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Fetcher {
  /** Requests sent, and body bytes received, over the fetcher's life. */
  requests = 0;
  bytes = 0;
  private readonly agent: Agent;
  private readonly gates = new Map<string, HostGate>();
  /** A host's robots.txt Crawl-delay, once its robots.txt is read. */
  private readonly crawlDelayMs = new Map<string, number>();
  private readonly robotsByOrigin = new Map<string, Promise<{ allowed: (url: string) => boolean }>>();
  private readonly o: Required<Omit<FetchOptions, 'resolver' | 'contact' | 'onRequest'>> & Pick<FetchOptions, 'onRequest'>;
  readonly userAgent: string;

  constructor(opts: FetchOptions = {}) {
    this.o = {
      allowLoopback: opts.allowLoopback ?? false,
      perHost: Math.max(1, opts.perHost ?? 1),
      delayMs: Math.max(0, opts.delayMs ?? 1000),
      timeoutMs: opts.timeoutMs ?? 30_000,
      maxFileBytes: opts.maxFileBytes ?? MAX_DOCUMENT_BYTES,
      maxJobBytes: opts.maxJobBytes ?? 2 * 1024 ** 3,
      retries: opts.retries ?? 3,
      retryBaseMs: opts.retryBaseMs ?? 2000,
      robots: opts.robots ?? true,
      onRequest: opts.onRequest,
    };
    // Header values are ASCII: a contact with other characters would make every request fail.
    const contact = (opts.contact ?? process.env.HARVEST_CONTACT ?? '').replace(/[^\x20-\x7e]/g, '').trim();
    this.userAgent = `${PRODUCT_TOKEN}/1.0 (annual-report statistics; ${contact || 'contact not set: HARVEST_CONTACT'})`;
    this.agent = new Agent({
      connect: { lookup: guardedLookup(opts.resolver ?? systemResolver, { allowLoopback: this.o.allowLoopback }), timeout: this.o.timeoutMs },
      headersTimeout: this.o.timeoutMs,
      bodyTimeout: this.o.timeoutMs,
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** GETs (or POSTs a form to) a URL: redirects followed and checked, robots.txt asked, retried. */
  fetch(url: string, init: { method?: 'GET' | 'POST'; form?: string } = {}): Promise<Fetched> {
    return this.follow(url, init, this.o.robots);
  }

  /** The request and its redirects (at most MAX_REDIRECTS), each hop checked again; robots.txt asked when `askRobots`. */
  private async follow(url: string, init: { method?: 'GET' | 'POST'; form?: string }, askRobots: boolean): Promise<Fetched> {
    let current = url;
    let method = init.method ?? 'GET';
    let form = init.form;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const u = this.checkUrl(current);
      if (askRobots && !(await this.robotsFor(u)).allowed(u.href)) {
        throw new HarvestFetchError('robots', current, `${current}: robots.txt 不允许抓取`);
      }
      const res = await this.withRetries(u, method, form);
      if (res.location) {
        // 301/302/303 turn a POST into a GET, as browsers do; 307/308 keep it.
        if (res.status !== 307 && res.status !== 308) {
          method = 'GET';
          form = undefined;
        }
        current = new URL(res.location, u).href;
        continue;
      }
      return { ...res.fetched!, url };
    }
    throw new HarvestFetchError('redirects', url, `${url}: 重定向超过 ${MAX_REDIRECTS} 次`);
  }

  /** Scheme and literal-address checks (host names are checked at connect time, after DNS). */
  private checkUrl(url: string): URL {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new HarvestFetchError('scheme', url, `${url}: 不是网址`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new HarvestFetchError('scheme', url, `${url}: 只抓取 http(s) 网址`);
    if (u.username || u.password) throw new HarvestFetchError('scheme', url, `${url}: 网址中不得含用户名或密码`);
    try {
      checkLiteralHost(u.hostname, { allowLoopback: this.o.allowLoopback });
    } catch (e) {
      throw new HarvestFetchError('address', url, `${url}: ${(e as Error).message}`);
    }
    return u;
  }

  private async withRetries(u: URL, method: 'GET' | 'POST', form?: string): Promise<{ status: number; location?: string; fetched?: Fetched }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(u, method, form);
      } catch (e) {
        const err = e as HarvestFetchError & { retryAfterMs?: number };
        const retryable = (err.kind === 'status' && (err.status === 429 || (err.status ?? 0) >= 500)) || err.kind === 'network';
        if (!retryable || attempt >= this.o.retries) throw err;
        const backoff = this.o.retryBaseMs * 2 ** attempt;
        if ((err.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) throw err;
        await sleep(Math.max(backoff, err.retryAfterMs ?? 0));
      }
    }
  }

  /** One request through the host's gate. */
  private async once(u: URL, method: 'GET' | 'POST', form?: string): Promise<{ status: number; location?: string; fetched?: Fetched }> {
    const release = await this.acquire(u.host);
    try {
      this.requests++;
      this.o.onRequest?.(u.href);
      let res;
      try {
        res = await request(u, {
          dispatcher: this.agent,
          method,
          headers: {
            'user-agent': this.userAgent,
            accept: '*/*',
            ...(form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' } : {}),
          },
          body: form,
        });
      } catch (e) {
        throw this.networkError(u, e);
      }
      // Destroying the body below (a cap reached) must not surface as an unhandled stream error.
      res.body.on('error', () => undefined);
      const header = (name: string) => {
        const v = res.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      if (res.statusCode >= 300 && res.statusCode < 400 && header('location')) {
        await res.body.dump();
        return { status: res.statusCode, location: header('location') };
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump();
        const err = new HarvestFetchError('status', u.href, `${u.href}: HTTP ${res.statusCode}`, res.statusCode) as HarvestFetchError & {
          retryAfterMs?: number;
        };
        err.retryAfterMs = retryAfterMs(header('retry-after'));
        throw err;
      }
      const declared = Number(header('content-length'));
      if (Number.isFinite(declared) && declared > this.o.maxFileBytes) {
        res.body.destroy();
        throw new HarvestFetchError('too-large', u.href, `${u.href}: 文件 ${mb(declared)} 超过上限 ${mb(this.o.maxFileBytes)}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of res.body) {
          size += chunk.length;
          this.bytes += chunk.length;
          if (size > this.o.maxFileBytes) {
            res.body.destroy();
            throw new HarvestFetchError('too-large', u.href, `${u.href}: 文件超过上限 ${mb(this.o.maxFileBytes)}`);
          }
          if (this.bytes > this.o.maxJobBytes) {
            res.body.destroy();
            throw new HarvestFetchError('job-bytes', u.href, `${u.href}: 本次抓取的下载量超过上限 ${mb(this.o.maxJobBytes)}`);
          }
          chunks.push(chunk);
        }
      } catch (e) {
        if (e instanceof HarvestFetchError) throw e;
        throw this.networkError(u, e);
      }
      const contentType = header('content-type') ?? '';
      return {
        status: res.statusCode,
        fetched: {
          url: u.href,
          finalUrl: u.href,
          status: res.statusCode,
          contentType,
          charset: /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1]?.toLowerCase(),
          bytes: new Uint8Array(Buffer.concat(chunks)),
          etag: header('etag'),
          lastModified: header('last-modified'),
          fetchedAt: new Date().toISOString(),
        },
      };
    } finally {
      release();
    }
  }

  private networkError(u: URL, e: unknown): HarvestFetchError {
    const cause = (e as { cause?: unknown }).cause ?? e;
    if (cause instanceof AddressRefused || e instanceof AddressRefused) {
      return new HarvestFetchError('address', u.href, `${u.href}: ${(cause as Error).message}`);
    }
    const code = (e as { code?: string }).code ?? (cause as { code?: string }).code ?? '';
    if (/TIMEOUT/i.test(code)) return new HarvestFetchError('timeout', u.href, `${u.href}: 超时（${this.o.timeoutMs / 1000} 秒）`);
    return new HarvestFetchError('network', u.href, `${u.href}: 连接失败（${code || (e as Error).message}）`);
  }

  /** Waits for a free request slot on the host and for its politeness delay. */
  private async acquire(host: string): Promise<() => void> {
    let gate = this.gates.get(host);
    if (!gate) this.gates.set(host, (gate = { active: 0, waiting: [], nextStart: 0 }));
    while (gate.active >= this.o.perHost) await new Promise<void>((r) => gate.waiting.push(r));
    gate.active++;
    const delay = Math.max(this.o.delayMs, this.crawlDelayMs.get(host) ?? 0);
    const wait = gate.nextStart - Date.now();
    gate.nextStart = Math.max(Date.now(), gate.nextStart) + delay;
    if (wait > 0) await sleep(wait);
    return () => {
      gate.active--;
      gate.waiting.shift()?.();
    };
  }

  private robotsFor(u: URL): Promise<{ allowed: (url: string) => boolean }> {
    const origin = u.origin;
    let robots = this.robotsByOrigin.get(origin);
    if (!robots) {
      robots = this.readRobots(origin);
      this.robotsByOrigin.set(origin, robots);
    }
    return robots;
  }

  /**
   * RFC 9309: 4xx, or more than five redirects (the file "unavailable") → no rules; 5xx or
   * unreachable → nothing may be fetched; otherwise the rules.
   */
  private async readRobots(origin: string): Promise<{ allowed: (url: string) => boolean }> {
    const robotsUrl = `${origin}/robots.txt`;
    let text: string;
    try {
      text = Buffer.from((await this.follow(robotsUrl, {}, false)).bytes).toString('utf8');
    } catch (e) {
      const err = e as HarvestFetchError;
      if (err.kind === 'redirects') return { allowed: () => true };
      if (err.kind === 'status' && (err.status ?? 0) >= 400 && (err.status ?? 0) < 500) return { allowed: () => true };
      if (err.kind === 'address' || err.kind === 'scheme') throw err;
      return { allowed: () => false };
    }
    const robot = robotsParser(robotsUrl, text);
    const seconds = robot.getCrawlDelay(PRODUCT_TOKEN);
    if (seconds) this.crawlDelayMs.set(new URL(origin).host, Math.min(seconds, 60) * 1000);
    return { allowed: (url) => robot.isAllowed(url, PRODUCT_TOKEN) !== false };
  }
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
