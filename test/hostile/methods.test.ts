/**
 * Issue 24 finding 15: TRACE (or any method the site does not serve) on any path was a 500.
 * TRACE, TRACK and CONNECT cannot even become a web Request, so Next failed on them before its
 * proxy ran: `npm start`'s server refuses them first (scripts/method-guard.mjs, tested here over
 * a real HTTP connection); proxy.ts refuses the other unknown methods under `next start`/`dev`.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALLOWED_METHODS, proxy } from '../../proxy';
import { ALLOWED_METHODS as SERVER_METHODS, guardMethods } from '../../scripts/method-guard.mjs';

const ALLOW = 'GET, HEAD, POST, OPTIONS';

describe('unknown methods at the server edge (scripts/method-guard.mjs)', () => {
  let server: Server;
  let port = 0;
  const handled: string[] = [];
  beforeAll(async () => {
    server = createServer(
      guardMethods((req, res) => {
        handled.push(`${req.method} ${req.url}`);
        res.end('next');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (method: string, path: string) =>
    new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }));
      });
      req.on('error', reject).end();
    });

  test.each([
    ['TRACE', '/'],
    ['TRACE', '/reports/1'],
    ['PATCH', '/charts/compare-volume.png'],
    ['PUT', '/api/upload'],
    ['PROPFIND', '/audit'],
  ])('%s %s → 405 with Allow, never handed to Next', async (method, path) => {
    const res = await send(method, path);
    expect(res).toEqual({ status: 405, allow: ALLOW, body: '不支持该请求方法 / method not allowed\n' });
    expect(handled).not.toContain(`${method} ${path}`);
  });

  test('the served methods reach Next', async () => {
    expect((await send('GET', '/compare')).body).toBe('next');
    expect((await send('POST', '/api/upload')).body).toBe('next');
    expect(handled).toEqual(['GET /compare', 'POST /api/upload']);
  });
});

describe('unknown methods in proxy.ts (next start, next dev)', () => {
  const request = (method: string, path: string) => new NextRequest(`http://127.0.0.1:3000${path}`, { method });

  test('the same list as the server edge', () => {
    expect([...ALLOWED_METHODS]).toEqual([...SERVER_METHODS]);
  });

  test.each([
    ['PUT', '/charts/compare-volume.png'],
    ['DELETE', '/api/users/x'],
    ['PROPFIND', '/audit'],
  ])('%s %s → 405 with Allow', async (method, path) => {
    const res = proxy(request(method, path));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(ALLOW);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toMatch(/不支持该请求方法/);
  });

  test('the methods the site serves pass through to Next, with the security headers', () => {
    for (const method of ALLOWED_METHODS) {
      const res = proxy(request(method, '/compare'));
      expect(res.status, method).toBe(200);
      expect(res.headers.get('x-middleware-next'), method).toBe('1');
      expect(res.headers.get('content-security-policy'), method).toMatch(/nonce-/);
    }
  });
});
