/**
 * Supervisors in the browser (issue 8), against a production build on its own freshly seeded
 * database (the sample reports), with accounts made by `npm run user:add`: sign in; upload three
 * files (one bad) and see three results; review a report with a missing cell, enter the value and
 * see the compare chart and its CSV change with the 已人工核对 mark; every write route refuses an
 * anonymous visitor (401) and a reviewer of another region (403); sign out.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, seedDatabase, startApp, type RunningApp } from '../../scripts/e2e';

const env = inject('e2e');
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const FIX = join(process.cwd(), 'test', 'fixtures');
// 洪泽区 2023 (region 320813): its PDF text lost the three （六）其他处理 rows (21 cells missing).
const HONGZE = join(FIX, 'real', '002_hongze-district-2023.txt');
// A real PDF (上海市人民政府办公厅 2019): read in the import's PDF worker, inside the server.
const SHANGHAI_PDF = join(FIX, 'source', '014-shanghai-2019.pdf');
const BAD = join(FIX, 'source', 'not-a-report.txt');

function userAdd(dbPath: string, args: string[], password: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/user-add.ts', ...args], {
    input: `${password}\n`,
    env: { ...process.env, DATABASE_URL: `file:${dbPath}` },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`user:add failed: ${r.stderr}`);
  return r.stderr;
}

async function csvOf(page: Page, chart: string): Promise<string[]> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-chart="${chart}"] [data-action="csv"]`)]);
  return readFileSync((await dl.path())!)
    .toString('utf8')
    .slice(1)
    .trim()
    .split('\r\n');
}

describe.skipIf(Boolean(env.skip))('upload and review in Chromium', () => {
  let dir: string;
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let hongzeId: number;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-review-e2e-'));
    const dbPath = join(dir, 'review.db');
    await seedDatabase(dbPath);
    expect(userAdd(dbPath, ['chief', '--role', 'admin'], 'chief-password-1')).toContain('created admin chief');
    userAdd(dbPath, ['fuzhou', '--role', 'reviewer', '--region', '350100'], 'fuzhou-password-1');
    app = await startApp(dbPath);
    base = app.url;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS.filter((a) => a !== '--headless') });
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
    page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('upload and review pages send an anonymous visitor to sign in', async () => {
    for (const p of ['/upload', '/review', '/audit']) {
      const res = await fetch(`${base}${p}`, { redirect: 'manual' });
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toContain(`/login?next=${encodeURIComponent(p)}`);
    }
  });

  test('sign in', async () => {
    await page.goto(`${base}/upload`);
    await page.waitForURL(/\/login\?next=/);
    await page.fill('input[name=username]', 'chief');
    await page.fill('input[name=password]', 'wrong-password-1');
    await page.click('[data-testid=sign-in-form] button[type=submit]');
    await expect(page.getByTestId('sign-in-error').textContent()).resolves.toBe('用户名或密码错误');
    await page.fill('input[name=password]', 'chief-password-1');
    await page.click('[data-testid=sign-in-form] button[type=submit]');
    await page.waitForURL(`${base}/upload`);
    await expect(page.getByTestId('signed-in-as').textContent()).resolves.toContain('chief（管理员）');
  });

  test('upload three files (one bad) and see three results', async () => {
    await page.setInputFiles('[data-testid=file-input]', [HONGZE, SHANGHAI_PDF, BAD]);
    await expect(page.getByTestId('upload-row').count()).resolves.toBe(3);
    await page.click('[data-testid=upload-start]');
    await page.waitForFunction(() => document.querySelector('[data-testid=upload-summary]')?.textContent?.includes('3 / 3'), null, {
      timeout: 60_000,
    });
    const rows = page.getByTestId('upload-row');
    const outcomes = await rows.evaluateAll((els) => els.map((e) => [e.textContent ?? '', e.getAttribute('data-outcome')]));
    expect(outcomes.map((o) => o[1])).toEqual(['imported', 'imported', 'failed']);
    expect(outcomes[2][0]).toContain('不是政府信息公开工作年度报告');
    const href = await rows.nth(0).locator('a', { hasText: '审核' }).getAttribute('href');
    hongzeId = Number(/\/review\/(\d+)/.exec(href ?? '')![1]);
    await page.screenshot({ path: join(SHOTS, 'upload-desktop.png'), fullPage: true });
    // Sent again: the same content is stored once.
    await page.setInputFiles('[data-testid=file-input]', [HONGZE]);
    await page.click('[data-testid=upload-start]');
    await page.waitForFunction(() => document.querySelector('[data-testid=upload-summary]')?.textContent?.includes('4 / 4'), null, {
      timeout: 60_000,
    });
    await expect(rows.nth(3).getAttribute('data-outcome')).resolves.toBe('unchanged');
  });

  test('every write route refuses an anonymous visitor (401) and a reviewer of another region (403)', async () => {
    const signIn = await fetch(`${base}/api/auth/sign-in/username`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: 'fuzhou', password: 'fuzhou-password-1' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = /gongkai\.session_token=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
    const file = () => {
      const f = new FormData();
      f.set('file', new Blob([readFileSync(HONGZE)]), 'hongze-copy.txt');
      return f;
    };
    const json = (o: unknown) => JSON.stringify(o);
    const writes: [string, () => BodyInit][] = [
      ['/api/upload', file],
      [`/api/reports/${hongzeId}/corrections`, () => json({ kind: 'entered', target: 't3.other.other.total', entered: '0' })],
      [`/api/reports/${hongzeId}/meta`, () => json({ year: '2023' })],
      [`/api/reports/${hongzeId}/version`, () => json({ pin: 'withdrawn' })],
      ['/api/users', () => json({ username: 'intruder', password: 'intruder-pass-1', role: 'admin' })],
      ['/api/users/some-id', () => json({ role: 'admin' })],
    ];
    for (const [path, body] of writes) {
      const b = body();
      const headers: Record<string, string> = { origin: base, ...(typeof b === 'string' ? { 'content-type': 'application/json' } : {}) };
      expect([path, (await fetch(`${base}${path}`, { method: 'POST', headers, body: b })).status]).toEqual([path, 401]);
      expect([path, (await fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, cookie }, body: body() })).status]).toEqual([path, 403]);
    }
  });

  test('review missing cells: the compare chart and its CSV change, with the 已人工核对 mark', async () => {
    await page.goto(`${base}/compare?r=320813`);
    const before = await csvOf(page, 'compare-outcomes');
    expect(before[0]).toContain('其他处理（件）');
    // The review columns follow the figures; a partial sum adds the 说明 column after them.
    const header = before[0].split(',');
    const otherCol = header.indexOf('其他处理（件）');
    const reviewedCol = header.indexOf('已人工核对（项）');
    expect(header[reviewedCol + 1]).toBe('存疑未核对（项）');
    expect(header.at(-1)).toBe('说明');
    const row = (lines: string[]) => lines.find((l) => l.startsWith('2023'))!.split(','); // one place: categories are years
    const reviewCounts = (lines: string[]) => row(lines).slice(reviewedCol, reviewedCol + 2);
    expect(row(before)[otherCol]).toBe(''); // the three 其他处理 rows were not read: the report lacks the figure
    expect(row(before).at(-1)).toContain('其他处理（件）：缺此项');
    expect(reviewCounts(before)).toEqual(['0', '21']);

    await page.goto(`${base}/review/${hongzeId}`);
    await expect(page.getByTestId('review-item').count()).resolves.toBe(23); // 21 cells + 2 failed 表四 checks
    // 其他处理 sums three 表三 rows, none read: the figure is complete once all three are reviewed.
    const keys = ['t3.other.other.total', 't3.other.overdue_correction.total', 't3.other.overdue_fee.total'];
    for (const [i, key] of keys.entries()) {
      const item = page.locator(`[data-item="cell:${key}"]`);
      await expect(item.getByTestId('review-excerpt').isVisible()).resolves.toBe(true);
      await item.getByTestId('review-value').fill('0');
      if (i === 0) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(SHOTS, 'review-desktop.png'), fullPage: false });
      }
      await item.getByTestId('review-submit').click();
      await page.waitForSelector(`td[data-key="${key}"][data-reviewed="1"]`);
      await expect(page.getByTestId('review-item').count()).resolves.toBe(22 - i);
    }
    await expect(page.getByTestId('correction-history').textContent()).resolves.toContain('chief 录入');

    await page.goto(`${base}/compare?r=320813`);
    await expect(page.locator('[data-chart="compare-outcomes"] [data-testid="review-summary"]').textContent()).resolves.toContain(
      '已人工核对的数字 3 项',
    );
    const after = await csvOf(page, 'compare-outcomes');
    expect(row(after)[otherCol]).toBe('0');
    expect(reviewCounts(after)).toEqual(['3', '18']);
    // The public report page marks the reviewed figures too.
    await page.goto(`${base}/reports/${hongzeId}`);
    await expect(page.getByTestId('reviewed-count').textContent()).resolves.toContain('已人工核对 3 个');
    // And the audit lists the upload and the correction.
    await page.goto(`${base}/audit`);
    const audit = await page.getByTestId('audit-log').textContent();
    expect(audit).toContain('更正');
    expect(audit).toContain('002_hongze-district-2023.txt');
  });

  test('a cell corrected by someone else since the page was rendered: the submit is refused (409) and the item says the value now in force', async () => {
    await page.goto(`${base}/review/${hongzeId}`);
    const item = page
      .locator('[data-testid="review-item"][data-item^="cell:"]')
      .filter({ has: page.getByTestId('review-value') })
      .first();
    const key = (await item.getAttribute('data-item'))!.slice('cell:'.length);
    // Another tab (the same account's session) enters 4 first, from what it saw: the cell unread.
    const other = await page.request.post(`${base}/api/reports/${hongzeId}/corrections`, {
      headers: { origin: base, 'content-type': 'application/json' },
      data: { kind: 'entered', target: key, entered: '4', expected: null, expectedCorrection: null },
    });
    expect(other.status()).toBe(200);
    await item.getByTestId('review-value').fill('9');
    await item.getByTestId('review-submit').click();
    const alert = item.getByTestId('review-error');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('该项已被他人更正');
    expect(text).toContain('chief');
    expect(text).toContain('现行值为 4');
  });

  test('upload 100 real-size reports in one go: progress per file and overall, all finish', async () => {
    // Copies of the bundled real reports, each with a distinguishing last line (so each is new content).
    const sources = ['real', 'seeds'].flatMap((d) =>
      readdirSync(join(FIX, d))
        .filter((f) => !f.endsWith('.json') && f !== 'README.md')
        .map((f) => join(FIX, d, f)),
    );
    const copies = join(dir, 'hundred');
    mkdirSync(copies);
    const files = Array.from({ length: 100 }, (_, i) => {
      const src = sources[i % sources.length];
      const name = join(copies, `copy-${String(i + 1).padStart(3, '0')}-${basename(src)}`);
      writeFileSync(name, Buffer.concat([readFileSync(src), Buffer.from(`\n（测试副本 ${i + 1}）\n`)]));
      return name;
    });
    const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
    await page.goto(`${base}/upload`);
    await page.setInputFiles('[data-testid=file-input]', files);
    const t0 = Date.now();
    await page.click('[data-testid=upload-start]');
    // Progress is shown while it runs: some files done, not all.
    await page.waitForFunction(() => {
      const p = document.querySelector<HTMLProgressElement>('[data-testid=upload-progress]');
      return p != null && p.value > 0 && p.value < 100;
    });
    await page.waitForFunction(() => document.querySelector('[data-testid=upload-summary]')?.textContent?.includes('100 / 100'), null, {
      timeout: 300_000,
    });
    const seconds = (Date.now() - t0) / 1000;
    const outcomes = await page.getByTestId('upload-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')));
    expect(outcomes.filter((o) => o === 'imported')).toHaveLength(100);
    console.log(`upload of 100 reports (${(bytes / 1048576).toFixed(1)} MB): ${seconds.toFixed(1)} s, ${(100 / seconds).toFixed(1)} reports/s`);
  });

  test('sign out', async () => {
    await page.goto(`${base}/`);
    // The three 其他处理 cells, and the cell the other tab corrected first in the 409 test.
    await expect(page.getByTestId('overview-review').textContent()).resolves.toContain('已人工核对 4 个数字');
    await page.click('[data-testid=sign-out]');
    // The sign-out reloads the page: the account links go, the sign-in link comes back.
    await page.waitForSelector('[data-testid=account-nav]', { state: 'detached' });
    await expect(page.locator('nav[aria-label="账号"] a[href="/login"]').count()).resolves.toBe(1);
    await page.goto(`${base}/review`);
    await page.waitForURL(/\/login/);
    expect(errors).toEqual([]);
  });
});
