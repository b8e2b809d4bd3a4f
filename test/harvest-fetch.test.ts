/**
 * The harvester's HTTP client: the SSRF guard refuses non-public targets before connecting (also
 * through a redirect), size and time caps, retries, robots.txt and the User-Agent. Only 127.0.0.1
 * is ever connected to, and no real host name is resolved (the resolver is injected).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedRange } from '../server/harvest/address-guard';
import { Fetcher, HarvestFetchError, type FetchOptions } from '../server/harvest/fetch';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let origin: string;
let connections = 0;
const seen: { path: string; ua: string }[] = [];
const handlers = new Map<string, Handler>();
let robots: Handler = (_req, res) => (res.writeHead(404), res.end());

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', ua: String(req.headers['user-agent']) });
    if (req.url === '/robots.txt') return robots(req, res);
    const h = handlers.get(req.url ?? '');
    if (h) return h(req, res);
    res.writeHead(404);
    res.end();
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** Resolves the given names only (to the addresses given); any other name is an error. */
const resolverOf = (names: Record<string, string>) => async (host: string) => {
  if (!(host in names)) throw new Error(`test resolver: ${host} unknown`);
  return [{ address: names[host], family: names[host].includes(':') ? 6 : 4 }];
};
const fetcher = (o: FetchOptions = {}) =>
  new Fetcher({ allowLoopback: true, resolver: resolverOf({}), delayMs: 0, retryBaseMs: 5, timeoutMs: 10_000, ...o });

async function failure(p: Promise<unknown>): Promise<HarvestFetchError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HarvestFetchError) return e;
    throw e;
  }
  throw new Error('expected a HarvestFetchError');
}

describe('the SSRF guard', () => {
  it('refuses every non-public range and allows public unicast', () => {
    const refused: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'linkLocal',
      '100.100.100.200': 'carrierGradeNat',
      '0.0.0.0': 'unspecified',
      '255.255.255.255': 'broadcast',
      '224.0.0.1': 'multicast',
      '::1': 'loopback',
      'fe80::1': 'linkLocal',
      'fd00:ec2::254': 'uniqueLocal',
      '::ffff:10.0.0.1': 'private',
      '64:ff9b::a00:1': 'rfc6052',
      '2002:a00:1::': '6to4',
    };
    for (const [addr, range] of Object.entries(refused)) expect(refusedRange(addr), addr).toBe(range);
    expect(refusedRange('127.0.0.1', { allowLoopback: true })).toBeNull();
    expect(refusedRange('10.0.0.1', { allowLoopback: true })).toBe('private');
    expect(refusedRange('58.213.153.1')).toBeNull();
    expect(refusedRange('2400:da00::1')).toBeNull();
  });

  it('refuses a host name resolving to a private or metadata address before connecting', async () => {
    const before = connections;
    const f = fetcher({
      allowLoopback: false,
      robots: false,
      resolver: resolverOf({ 'intranet.example': '10.0.0.8', 'meta.example': '169.254.169.254', 'loop.example': '127.0.0.1' }),
    });
    for (const host of ['intranet.example', 'meta.example', 'loop.example']) {
      const e = await failure(f.fetch(`http://${host}:${new URL(origin).port}/x`));
      expect(e.kind, host).toBe('address');
    }
    await f.close();
    expect(connections).toBe(before);
  });

  it('refuses literal addresses and other schemes without connecting', async () => {
    const before = connections;
    const f = fetcher({ allowLoopback: false });
    expect((await failure(f.fetch(`${origin}/x`))).message).toContain('loopback');
    expect((await failure(f.fetch('http://[::ffff:192.168.0.1]/'))).kind).toBe('address');
    expect((await failure(f.fetch('http://localhost/'))).kind).toBe('address');
    expect((await failure(f.fetch('file:///etc/passwd'))).kind).toBe('scheme');
    expect((await failure(f.fetch('ftp://example.org/'))).kind).toBe('scheme');
    await f.close();
    expect(connections).toBe(before);
  });

  it('checks every redirect again', async () => {
    handlers.set('/to-meta', (_q, r) => (r.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }), r.end()));
    handlers.set('/to-zero', (_q, r) => (r.writeHead(301, { location: `http://0.0.0.0:${new URL(origin).port}/x` }), r.end()));
    handlers.set('/to-name', (_q, r) => (r.writeHead(307, { location: 'http://intranet.example/x' }), r.end()));
    const f = fetcher({ robots: false, resolver: resolverOf({ 'intranet.example': '192.168.3.4' }) });
    for (const path of ['/to-meta', '/to-zero', '/to-name']) expect((await failure(f.fetch(origin + path))).kind, path).toBe('address');
    await f.close();
  });

  it('follows at most 5 redirects', async () => {
    handlers.set('/loop', (_q, r) => (r.writeHead(302, { location: '/loop' }), r.end()));
    const f = fetcher({ robots: false });
    expect((await failure(f.fetch(`${origin}/loop`))).kind).toBe('redirects');
    await f.close();
  });
});

describe('caps, time limits and retries', () => {
  it('refuses a file over the cap, declared or streamed', async () => {
    handlers.set('/declared', (_q, r) => (r.writeHead(200, { 'content-length': String(3000) }), r.end(Buffer.alloc(3000))));
    handlers.set('/streamed', (_q, r) => {
      r.writeHead(200);
      r.write(Buffer.alloc(2000));
      r.end(Buffer.alloc(2000));
    });
    const f = fetcher({ robots: false, maxFileBytes: 2500 });
    expect((await failure(f.fetch(`${origin}/declared`))).kind).toBe('too-large');
    expect((await failure(f.fetch(`${origin}/streamed`))).kind).toBe('too-large');
    await f.close();
    const job = fetcher({ robots: false, maxJobBytes: 3500 });
    handlers.set('/small', (_q, r) => r.end(Buffer.alloc(2000)));
    handlers.set('/small2', (_q, r) => r.end(Buffer.alloc(2000)));
    await job.fetch(`${origin}/small`);
    expect((await failure(job.fetch(`${origin}/small2`))).kind).toBe('job-bytes');
    await job.close();
  });

  it('ends a request that does not answer', async () => {
    handlers.set('/hang', () => undefined);
    const f = fetcher({ robots: false, timeoutMs: 500 });
    expect((await failure(f.fetch(`${origin}/hang`))).kind).toBe('timeout');
    await f.close();
  });

  it('retries 429 and 5xx, not 404', async () => {
    let hits = 0;
    handlers.set('/flaky', (_q, r) => (++hits < 3 ? (r.writeHead(hits === 1 ? 503 : 429, { 'retry-after': '0' }), r.end()) : r.end('ok')));
    const f = fetcher({ robots: false });
    expect(Buffer.from((await f.fetch(`${origin}/flaky`)).bytes).toString()).toBe('ok');
    expect(hits).toBe(3);
    const before = seen.filter((s) => s.path === '/nothing').length;
    handlers.delete('/nothing');
    expect(await failure(f.fetch(`${origin}/nothing`))).toMatchObject({ kind: 'status', status: 404 });
    expect(seen.filter((s) => s.path === '/nothing').length - before).toBe(1);
    await f.close();
  });
});

describe('politeness', () => {
  it('honours robots.txt (RFC 9309: rules, a missing file, an unreachable one)', async () => {
    handlers.set('/open/a', (_q, r) => r.end('a'));
    handlers.set('/closed/b', (_q, r) => r.end('b'));
    robots = (_q, r) => r.end('User-agent: *\nDisallow: /closed/\n');
    let f = fetcher();
    await f.fetch(`${origin}/open/a`);
    expect((await failure(f.fetch(`${origin}/closed/b`))).kind).toBe('robots');
    await f.close();
    robots = (_q, r) => (r.writeHead(500), r.end());
    f = fetcher({ retries: 0 });
    expect((await failure(f.fetch(`${origin}/open/a`))).kind).toBe('robots');
    await f.close();
    robots = (_q, r) => (r.writeHead(404), r.end());
    f = fetcher();
    expect(Buffer.from((await f.fetch(`${origin}/closed/b`)).bytes).toString()).toBe('b');
    await f.close();
  });

  it('names the product and the contact in the User-Agent', async () => {
    handlers.set('/ua', (_q, r) => r.end('x'));
    const f = fetcher({ robots: false, contact: 'ops@gongkai.example' });
    await f.fetch(`${origin}/ua`);
    await f.close();
    expect(seen.filter((s) => s.path === '/ua').pop()!.ua).toMatch(/^Gongkai-harvester\/1\.0 \(.*ops@gongkai\.example\)$/);
  });
});
