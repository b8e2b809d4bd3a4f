/**
 * Issue 11 against the production build (see scripts/e2e.ts): security headers on every kind of
 * route (issue 11.7), a CSP that stops an injected inline script while the dashboard and its
 * ECharts charts keep working with no CSP violation, junk numeric parameters never a 500
 * (11.5), and the report page showing the source file name only (11.9).
 */
import { request as httpRequest } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/e2e';

const env = inject('e2e');

describe.skipIf(Boolean(env.skip))('hostile requests against the production build', () => {
  const base = env.baseUrl!;

  test('every kind of route sends the security headers; the nonce is fresh per request and on Next scripts', async () => {
    const asset = /\/_next\/static\/[^"]+\.js/.exec(await (await fetch(`${base}/`)).text())?.[0];
    expect(asset).toBeTruthy();
    const routes = [
      '/',
      '/compare?r=620600',
      '/reports/1',
      '/reports?p=2',
      '/regions',
      '/quality',
      '/no-such-page',
      '/api/places?parent=620000',
      asset!,
      '/charts/compare-volume.svg?r=620600',
      '/charts/compare-volume.png?r=620600',
    ];
    const nonces = new Set<string>();
    for (const route of routes) {
      const r = await fetch(`${base}${route}`, { redirect: 'manual' });
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(r.headers.get('x-frame-options'), route).toBe('DENY');
      expect(r.headers.get('x-content-type-options'), route).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), route).toBe('strict-origin-when-cross-origin');
      if (route.startsWith('/charts/')) {
        expect(csp, route).toMatch(/^default-src 'none'/); // a file route's own, stricter policy
        continue;
      }
      expect(csp, route).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'(;|$)/);
      expect(csp, route).toContain("frame-ancestors 'none'");
      expect(csp, route).toContain("object-src 'none'");
      expect(csp, route).not.toContain('unsafe-eval');
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      nonces.add(nonce);
      if (r.headers.get('content-type')?.startsWith('text/html')) {
        const html = await r.text();
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length, route).toBeGreaterThan(0);
        for (const s of scripts) expect(s, route).toContain(`nonce="${nonce}"`);
      }
    }
    expect(nonces.size).toBe(routes.length - 2); // all but the chart files
  });

  test('TRACE and other methods the site does not serve: 405 with Allow on every kind of route, never a 500 (issue 24)', async () => {
    const { hostname, port } = new URL(base);
    const send = (method: string, path: string) =>
      new Promise<{ status: number; allow?: string }>((resolve, reject) => {
        const req = httpRequest({ host: hostname, port, method, path }, (res) => {
          res.resume().on('end', () => resolve({ status: res.statusCode!, allow: res.headers.allow }));
        });
        req.on('error', reject).end();
      });
    for (const method of ['TRACE', 'PUT', 'DELETE', 'PROPFIND']) {
      for (const path of ['/', '/reports/1', '/api/upload', '/charts/compare-volume.png?r=620600', '/no-such-page']) {
        expect(await send(method, path), `${method} ${path}`).toEqual({ status: 405, allow: 'GET, HEAD, POST, OPTIONS' });
      }
    }
    expect((await send('GET', '/')).status).toBe(200);
  });

  test('junk numeric parameters never give a 500', async () => {
    const urls = [
      'p=1e17',
      'p=1e20',
      'p=Infinity',
      'p=-1',
      'p=abc',
      'p=99999999999999999999',
      'a=1e17',
      'a=99999999999999999999',
      'a=-1',
      'y=1e17',
      'p=1e17&y=2023',
    ]
      .map((q) => `/reports?${q}`)
      .concat([
        '/reports/99999999999999999999',
        '/reports/1e17',
        '/compare?a=99999999999999999999~1e20',
        '/quality?year=1e17',
        '/charts/compare-volume.svg?a=99999999999999999999',
      ]);
    for (const u of urls) {
      const r = await fetch(`${base}${u}`, { redirect: 'manual' });
      expect([200, 307, 404], u).toContain(r.status);
    }
    const page = await (await fetch(`${base}/reports?p=1e17`)).text();
    expect(page.includes('data-testid="report-list"') && page.includes('href="/reports/1"')).toBe(true); // fell back to the first page
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let page: Page;
    const cspErrors: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS.filter((a) => a !== '--headless') });
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      page.on('console', (m) => {
        if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) cspErrors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => pageErrors.push(e.message));
    });
    afterAll(async () => browser?.close());

    async function chartsRendered(p: Page): Promise<number> {
      await p.waitForSelector('[data-testid="chart-canvas"][data-rendered="1"]', { timeout: 0 });
      return p.locator('[data-testid="chart-canvas"][data-rendered="1"]').count();
    }

    test('overview, compare and a report render their charts with no CSP violation', async () => {
      await page.goto(`${base}/`);
      expect(await chartsRendered(page)).toBeGreaterThan(0);
      await page.goto(`${base}/compare?r=620600~371311`);
      expect(await chartsRendered(page)).toBeGreaterThan(0);
      await page.goto(`${base}/reports/1`);
      await page.waitForLoadState('networkidle');
      // Client-side navigation works (Next's scripts ran): follow the breadcrumb link.
      await page.locator('nav[aria-label="位置"] a', { hasText: '报告' }).first().click();
      await page.waitForURL(`${base}/reports`);
      expect(cspErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    test('an inline script injected into a page does not run, the page still works', async () => {
      await page.route(`${base}/`, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(
          '</main>',
          '<script>window.__injected = 1</script><img src="/x" onerror="window.__injected = 2"></main>',
        );
        await route.fulfill({ response, body });
      });
      const blocked: string[] = [];
      page.on('console', (m) => m.text().includes('Content Security Policy') && blocked.push(m.text()));
      await page.goto(`${base}/`);
      expect(await chartsRendered(page)).toBeGreaterThan(0);
      expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
      expect(blocked.length).toBeGreaterThanOrEqual(2); // the script and the handler were refused
      await page.unroute(`${base}/`);
      cspErrors.length = 0; // these violations were the point
    });

    test('the report page shows the source file name, not its server path', async () => {
      await page.goto(`${base}/reports/1`);
      const shown = await page.locator('dt', { hasText: '来源文件' }).locator('xpath=following-sibling::dd[1]').innerText();
      expect(shown).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
    });
  });
});
