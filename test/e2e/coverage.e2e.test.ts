/**
 * Coverage, deadlines and year over year in a real browser: its own database (the samples plus
 * the real 平潭 2023 and 2024 reports, test/fixtures/real and meta) served by the production build the
 * global setup made. The region page shows coverage and the missing bodies; the body page shows
 * both years side by side and the 表二 cross-year finding (470 + 62 − 33 = 499, printed 440).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, seedDatabase, startApp, type RunningApp } from '../../scripts/e2e';

const env = inject('e2e');
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const PINGTAN = [join('real', '007_pingtan-2023.txt'), join('meta', '012_pingtan-2024.txt')].map((f) => join(process.cwd(), 'test', 'fixtures', f));

// Needs the build of the global setup (not an external E2E_BASE_URL server, whose data is unknown).
describe.skipIf(Boolean(env.skip) || !env.dbPath)('coverage and year over year in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let app: RunningApp;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-e2e-yoy-'));
  const errors: string[] = [];

  beforeAll(async () => {
    await seedDatabase(join(dir, 'yoy.db'), [join(process.cwd(), 'data', 'samples'), ...PINGTAN]);
    app = await startApp(join(dir, 'yoy.db'));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS.filter((a) => a !== '--headless') });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the 平潭 region page shows published / expected per year and the missing bodies', async () => {
    await page.goto(`${app.url}/regions/350128`);
    const years = page.getByTestId('coverage-years');
    await expect(years.locator('tbody tr').count()).resolves.toBe(2);
    // 平潭县: its government and 7 townships are expected; only the government published.
    const row2024 = years.locator('tbody tr', { hasText: '2024' });
    await expect(row2024.locator('td').nth(1).textContent()).resolves.toBe('1');
    await expect(row2024.locator('td').nth(2).textContent()).resolves.toBe('8');
    const missing = page.getByTestId('missing');
    await expect(missing.textContent()).resolves.toContain('乡镇政府、街道办事处：应报 7，已发布 0，未发布 7');
    await expect(missing.getByText('海坛街道办事处').isVisible()).resolves.toBe(true);
    // Every cross-year chart of the region states the coverage per year.
    for (const id of ['region-volume', 'region-outcomes', 'region-cases']) {
      await expect(page.locator(`[data-chart="${id}"]`).textContent()).resolves.toContain('报告覆盖（已发布/应报）：2023 年 1/8 · 2024 年 1/8');
    }
    await expect(page.getByTestId('late-list').textContent()).resolves.toContain('无逾期发布的报告');
    await page.screenshot({ path: join(SHOTS, 'region-coverage-desktop.png'), fullPage: true });
  });

  test('the body page shows 2024 beside 2023 and the cross-year finding, both reports linked', async () => {
    await page.goto(`${app.url}/regions/350128`);
    // The region page's list of its own bodies links each to its body page.
    await page.locator('a[href^="/agencies/"]', { hasText: '平潭综合实验区管委会' }).first().click();
    await page.waitForURL(/\/agencies\/\d+$/);
    const years = page.getByTestId('agency-years');
    await expect(years.locator('tbody tr').allTextContents()).resolves.toEqual([expect.stringContaining('2023'), expect.stringContaining('2024')]);
    await expect(page.getByTestId('agency-tables-title').textContent()).resolves.toBe('2024 年度与 2023 年度对照');
    const stock = page.locator('td[data-key="t2.normative_docs.in_force"]');
    await expect(stock.textContent()).resolves.toContain('440');
    await expect(stock.locator('[data-previous]').getAttribute('data-previous')).resolves.toBe('470');
    const finding = page.getByTestId('cross-year').locator('li[data-severity="verify"]');
    await expect(finding.textContent()).resolves.toContain('请核实');
    await expect(finding.textContent()).resolves.toContain('应为 499 件，但平潭综合实验区管委会2024年度报告印为 440 件');
    await page.screenshot({ path: join(SHOTS, 'agency-desktop.png'), fullPage: true });
    // Both reports are linked; the 2024 report page repeats the finding.
    await finding.getByRole('link', { name: '2024 年度报告' }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    await expect(page.getByTestId('cross-year').textContent()).resolves.toContain('470');
    expect(errors).toEqual([]);
  });
});
