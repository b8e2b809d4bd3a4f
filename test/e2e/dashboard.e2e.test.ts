/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against a
 * production build on a database seeded from data/samples (see scripts/e2e.ts):
 * overview, comparing two regions, drill-down from a chart click to the highlighted source,
 * PNG / SVG / CSV export, and screenshots of every page at desktop and phone widths.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/e2e';
import { parseReport } from '../../lib/report/parse';
import { readSource } from '../../lib/source';

const env = inject('e2e');
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');

// Two sample reports: 武威市人民政府 2023 (region 620600) and 罗庄区人民政府 2023 (371311).
const WUWEI = { code: '620600', name: '武威市', file: 'data/samples/003_6790f04c403e7862.txt' };
const LUOZHUANG = { code: '371311', name: '罗庄区', file: 'data/samples/004_be8f56aee3e3e289.txt' };
const LEGAL = ['commercial', 'research', 'social_org', 'legal_service', 'other_org'];

async function expected(file: string) {
  const src = await readSource(new Uint8Array(readFileSync(file)), file);
  const parsed = parseReport(src.text, { sourceKind: src.kind });
  const v = parsed.values;
  return {
    natural: v['t3.new_received.natural_person'] ?? 0,
    legal: LEGAL.reduce((s, c) => s + (v[`t3.new_received.${c}`] ?? 0), 0),
    doubtful: Object.values(parsed.cells).filter((c) => c.status === 'missing' || c.status === 'inferred').length,
  };
}

/** Share of the chart canvas's pixels that are not background: > 0 means something was drawn. */
async function ink(page: Page, chartId: string): Promise<number> {
  const host = page.locator(`[data-chart="${chartId}"] [data-testid="chart-canvas"]`);
  await host.scrollIntoViewIfNeeded();
  await page.waitForSelector(`[data-chart="${chartId}"] [data-testid="chart-canvas"][data-rendered="1"]`, { timeout: 0 });
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-chart="${id}"] [data-testid="chart-canvas"] canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++;
    return n / (canvas.width * canvas.height);
  }, chartId);
}

/** Viewport position of the centre of bar `dataIndex` of series `seriesIndex`. */
async function barCentre(page: Page, chartId: string, seriesIndex: number, dataIndex: number) {
  await page.locator(`[data-chart="${chartId}"] [data-testid="chart-canvas"]`).scrollIntoViewIfNeeded();
  return page.evaluate(
    ([id, si, di]) => {
      type Layout = { x: number; y: number; width: number; height: number };
      const charts = (
        window as unknown as {
          __charts: Record<string, { getModel(): { getSeriesByIndex(i: number): { getData(): { getItemLayout(i: number): Layout } } } }>;
        }
      ).__charts;
      const host = document.querySelector(`[data-chart="${id}"] [data-testid="chart-canvas"]`)!.getBoundingClientRect();
      const l = charts[id].getModel().getSeriesByIndex(si).getData().getItemLayout(di);
      return { x: host.left + l.x + l.width / 2, y: host.top + l.y + l.height / 2 };
    },
    [chartId, seriesIndex, dataIndex] as const,
  );
}

function pngSize(buf: Buffer): { width: number; height: number } {
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(buf.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe.skipIf(Boolean(env.skip))('dashboard in Chromium', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const base = env.baseUrl!;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS.filter((a) => a !== '--headless') });
    ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
    page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the overview renders the sample data', async () => {
    await page.goto(`${base}/`);
    await expect(page.locator('h1').textContent()).resolves.toContain('政府信息公开工作年度报告概览');
    await expect(page.getByTestId('count-reports').textContent()).resolves.toBe('5');
    await expect(page.getByTestId('stat-received').isVisible()).resolves.toBe(true);
    expect(await ink(page, 'overview-volume')).toBeGreaterThan(0.005);
    await expect(page.getByTestId('quality-link').getAttribute('href')).resolves.toBe('/quality');
    expect(errors).toEqual([]);
  });

  test('compare two regions picked by search: the charts draw, the URL holds the view', async () => {
    await page.goto(`${base}/compare`);
    for (const r of [WUWEI, LUOZHUANG]) {
      await page.getByTestId('place-search').fill(r.name.slice(0, 2));
      await page.locator(`[data-place="region:${r.code}"]`).click();
      await page.waitForURL((u) => u.searchParams.get('r')?.split('~').includes(r.code) ?? false);
    }
    expect(new URL(page.url()).searchParams.get('r')).toBe(`${WUWEI.code}~${LUOZHUANG.code}`);
    await expect(page.getByTestId('selection').textContent()).resolves.toMatch(/武威市.*罗庄区/);
    for (const id of ['compare-volume', 'compare-outcomes', 'compare-cases']) expect(await ink(page, id)).toBeGreaterThan(0.005);

    // The same URL reproduces the view, including a panel switched to its table.
    await page.goto(`${base}/compare?r=${WUWEI.code}~${LUOZHUANG.code}&tbl=volume`);
    const table = page.locator('[data-chart="compare-volume"] [data-testid="chart-table"]');
    const w = await expected(WUWEI.file);
    await expect(table.locator('tbody tr').first().textContent()).resolves.toContain(String(w.natural));
    expect(errors).toEqual([]);
  });

  test('a click on a bar opens the report behind it with its source cell highlighted, and back', async () => {
    await page.goto(`${base}/compare?r=${WUWEI.code}~${LUOZHUANG.code}`);
    expect(await ink(page, 'compare-volume')).toBeGreaterThan(0);
    const p = await barCentre(page, 'compare-volume', 0, 0); // 自然人, 武威市
    await page.mouse.click(p.x, p.y);
    await page.waitForURL(/\/reports\/\d+\?key=t3\.new_received\.natural_person/);
    await expect(page.getByTestId('report-title').textContent()).resolves.toContain('武威');

    const mark = page.locator('[data-testid="source-text"] mark.is-active').first();
    await expect(mark.getAttribute('data-keys')).resolves.toContain('t3.new_received.natural_person');
    await expect(mark.textContent()).resolves.toBe(String((await expected(WUWEI.file)).natural));
    await page.waitForFunction(() => {
      const m = document.querySelector('[data-testid="source-text"] mark.is-active');
      if (!m) return false;
      const r = m.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    await expect(page.locator('td.cell-active').getAttribute('data-key')).resolves.toBe('t3.new_received.natural_person');

    // Cell → source.
    await page.locator('td[data-key="t3.granted.total"]').click();
    await expect(page.locator('[data-testid="source-text"] mark.is-active').getAttribute('data-keys')).resolves.toContain('t3.granted.total');
    expect(new URL(page.url()).searchParams.get('key')).toBe('t3.granted.total');
    // Source → cell.
    await page.locator('[data-testid="source-text"] mark[data-keys~="t4.review.corrected"]').click();
    await expect(page.locator('td.cell-active').getAttribute('data-key')).resolves.toBe('t4.review.corrected');
    expect(errors).toEqual([]);
  });

  test('PNG export downloads a valid PNG at least 1200 px wide', async () => {
    await page.goto(`${base}/compare?r=${WUWEI.code}~${LUOZHUANG.code}`);
    await ink(page, 'compare-volume');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart="compare-volume"] [data-action="png"]')]);
    expect(dl.suggestedFilename()).toMatch(/\.png$/);
    const size = pngSize(readFileSync((await dl.path())!));
    expect(size.width).toBeGreaterThanOrEqual(1200);
    expect(size.width).toBe(2400);
    expect(size.height).toBe(1350);
  });

  test('the SVG route returns SVG with the Chinese title; the SVG button downloads it', async () => {
    const res = await fetch(`${base}/charts/compare-volume.svg?r=${WUWEI.code}~${LUOZHUANG.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const svg = await res.text();
    expect(svg).toContain('<svg');
    expect(svg).toContain('<title id="chart-title">本年新收政府信息公开申请数量（按申请人类型）</title>');
    expect(svg).toContain('数据来源：各单位政府信息公开工作年度报告');
    expect(svg).toContain('武威市');

    await page.goto(`${base}/compare?r=${WUWEI.code}~${LUOZHUANG.code}`);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart="compare-volume"] [data-action="svg"]')]);
    expect(readFileSync((await dl.path())!, 'utf8')).toContain('本年新收政府信息公开申请数量');

    expect((await fetch(`${base}/charts/no-such-chart.svg`)).status).toBe(404);
  });

  test('the CSV opens with the right numbers (UTF-8 with BOM)', async () => {
    await page.goto(`${base}/compare?r=${WUWEI.code}~${LUOZHUANG.code}`);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart="compare-volume"] [data-action="csv"]')]);
    const buf = readFileSync((await dl.path())!);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = buf.toString('utf8').slice(1).trim().split('\r\n');
    // 武威市's report has a cell the parser only inferred: the review columns say so (issue 8).
    expect(lines[0]).toBe('地区（单位）· 年度,自然人（件）,法人或其他组织（件）,已人工核对（项）,存疑未核对（项）');
    for (const r of [WUWEI, LUOZHUANG]) {
      const e = await expected(r.file);
      expect(lines).toContain(`${r.name},${e.natural},${e.legal},0,${e.doubtful}`);
    }
  });

  test('screenshots of every page at desktop and phone widths', async () => {
    mkdirSync(SHOTS, { recursive: true });
    // One report behind 武威市: the drill-down list redirects straight to it.
    const drill = await fetch(`${base}/reports?r=${WUWEI.code}`, { redirect: 'manual' });
    expect(drill.status).toBe(307);
    const report = new URL(drill.headers.get('location')!, base).pathname;
    const pages: [string, string][] = [
      ['overview', '/'],
      ['compare', `/compare?r=${WUWEI.code}~${LUOZHUANG.code}`],
      ['compare-empty', '/compare'],
      ['region', '/regions/620000'],
      ['report', `${report}?key=t3.new_received.natural_person`],
      ['reports', '/reports'],
      ['quality', '/quality'],
    ];
    for (const [w, h, tag] of [
      [1280, 900, 'desktop'],
      [375, 812, 'phone'],
    ] as const) {
      const c = await browser.newContext({ viewport: { width: w, height: h }, locale: 'zh-CN' });
      const p = await c.newPage();
      p.on('pageerror', (e) => errors.push(`${tag}: ${e.message}`));
      for (const [name, path] of pages) {
        const res = await p.goto(`${base}${path}`, { waitUntil: 'networkidle' });
        expect(res?.status(), path).toBe(200);
        // Every chart that has room to draw has finished drawing (ECharts 'finished', after its
        // animation: Chart.tsx marks it data-rendered) — whatever the machine's load.
        await p.waitForFunction(
          () =>
            [...document.querySelectorAll<HTMLElement>('[data-testid="chart-canvas"]')].every(
              (el) => el.clientWidth === 0 || el.dataset.rendered === '1',
            ),
          null,
          { timeout: 0 },
        );
        await p.screenshot({ path: join(SHOTS, `${name}-${tag}.png`), fullPage: true });
        // Nothing wider than the phone screen except inside scroll containers.
        if (tag === 'phone')
          expect(await p.evaluate(() => document.documentElement.scrollWidth), `${name} overflows at 375 px`).toBeLessThanOrEqual(375);
      }
      await c.close();
    }
    expect(errors).toEqual([]);
  });
});

if (env.skip) {
  test.skip(env.skip, () => {});
}
