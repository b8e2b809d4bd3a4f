/**
 * Briefings against the production build (scripts/e2e.ts seeds data/samples): the server PNG of
 * every chart, the Word briefing downloaded by a click on /compare (and fetched for the overview
 * and a region page), and the print stylesheet (Chromium's print to PDF, read back).
 * The print previews are kept in test-results/print/ for a look by eye.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/e2e';
import { parseReport } from '../../lib/report/parse';
import { svgToPng } from '../../lib/charts/png';
import { decodePng, inkDifference, inkShare } from '../helpers/png';
import { docxParts, readDocxAsPdf } from '../helpers/docx';

const env = inject('e2e');
const OUT = join(process.cwd(), 'test-results');
const WUWEI = { code: '620600', file: 'data/samples/003_6790f04c403e7862.txt' };
const LUOZHUANG = { code: '371311', file: 'data/samples/004_be8f56aee3e3e289.txt' };
const PAIR = `r=${WUWEI.code}~${LUOZHUANG.code}`;
/** The title line of a 2400×1350 chart image, and its plot area. */
const TITLE = { x: 40, y: 30, width: 1100, height: 80 };
const PLOT = { x: 120, y: 300, width: 2200, height: 900 };
const LATIN_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** Every chart the SVG route serves (app/_data/charts.ts CHART_IDS), with a view that has data. */
const CHART_URLS = [
  `compare-volume.png?${PAIR}`,
  `compare-outcomes.png?${PAIR}`,
  `compare-cases.png?${PAIR}`,
  'overview-volume.png',
  'overview-outcomes.png?y=2023',
  'overview-cases.png',
  'region-volume.png?code=620000',
  'region-outcomes.png?code=620000',
  'region-cases.png?code=620000',
  'region-children.png?code=620000&y=2023',
];

const values = (file: string) => parseReport(readFileSync(file, 'utf8')).values;

describe.skipIf(Boolean(env.skip))('briefings: server PNG, Word, print', () => {
  let browser: Browser;
  let page: Page;
  const base = env.baseUrl!;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS.filter((a) => a !== '--headless') });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN' })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('/charts/NAME.png for every chart: 2400 px PNG, drawn, Chinese title not tofu, cacheable', async () => {
    for (const u of CHART_URLS) {
      const t = performance.now();
      const res = await fetch(`${base}/charts/${u}`);
      const ms = performance.now() - t;
      expect(res.status, u).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
      const png = decodePng(Buffer.from(await res.arrayBuffer()));
      expect(png.width, u).toBe(2400);
      expect(inkShare(png, TITLE), u).toBeGreaterThan(0.05);
      expect(inkShare(png, PLOT), u).toBeGreaterThan(0.005);
      console.log(`${u}: ${png.width}×${png.height}, ${ms.toFixed(0)} ms`);
    }

    // The title's glyphs against the same SVG drawn with a Latin-only font (tofu boxes).
    const u = `compare-volume.png?${PAIR}`;
    const real = decodePng(Buffer.from(await (await fetch(`${base}/charts/${u}`)).arrayBuffer()));
    const svg = await (await fetch(`${base}/charts/${u.replace('.png', '.svg')}`)).text();
    if (existsSync(LATIN_FONT)) {
      const tofu = decodePng(svgToPng(svg, { fontFiles: [LATIN_FONT], defaultFontFamily: 'DejaVu Sans' }).png);
      expect(inkDifference(real, tofu, TITLE)).toBeGreaterThan(0.1);
    }
    // Nor is it a render without fonts (no text at all).
    expect(inkShare(decodePng(svgToPng(svg, { fontFiles: [] }).png), TITLE)).toBe(0);

    // ETag: a repeat request is answered 304 without a body.
    const first = await fetch(`${base}/charts/${u}`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"png-/);
    const again = await fetch(`${base}/charts/${u}`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${base}/charts/no-such-chart.png`)).status).toBe(404);
  });

  test('one click on /compare downloads a Word briefing that LibreOffice opens', async () => {
    await page.goto(`${base}/compare?${PAIR}`);
    const t = performance.now();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="briefing"]')]);
    const file = (await dl.path())!;
    const ms = performance.now() - t;
    expect(dl.suggestedFilename()).toMatch(/^简报-对比：武威市、罗庄区-\d{4}-\d{2}-\d{2}\.docx$/);
    const buf = readFileSync(file);
    console.log(`compare briefing: ${(buf.length / 1024).toFixed(0)} KB in ${ms.toFixed(0)} ms`);
    const parts = docxParts(buf);
    expect([...parts.keys()].filter((k) => k.startsWith('word/media/'))).toHaveLength(3);

    const dir = join(OUT, 'briefing');
    mkdirSync(dir, { recursive: true });
    const { text } = readDocxAsPdf(buf, dir, 'compare-briefing.docx');
    expect(text).toContain('对比：武威市、罗庄区');
    expect(text).toContain('数据来源');
    expect(text).toContain('武威市人民政府');
    expect(text).toContain('罗庄区人民政府');
    expect(text).toContain('2024-02-21'); // 武威市's publication date, in the source list
    // The table numbers are the reports' own: 本年新收 by 自然人 for both.
    for (const f of [WUWEI.file, LUOZHUANG.file]) expect(text).toMatch(new RegExp(`\\b${values(f)['t3.new_received.natural_person']}\\b`));
    expect(text).toContain(`${base}/compare?${PAIR}`);
  });

  test('the overview, a region page and a body page have their briefing too', async () => {
    for (const [path, title] of [
      ['/', '概览：全国'],
      ['/regions/620000', '地区：甘肃省'],
    ]) {
      await page.goto(`${base}${path}`);
      const href = await page.locator('[data-action="briefing"]').getAttribute('href');
      const res = await fetch(`${base}${href}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('wordprocessingml');
      const parts = docxParts(Buffer.from(await res.arrayBuffer()));
      expect(parts.get('word/document.xml')).toContain(title);
    }
    // A body's page (/agencies/[id], reached from its region) has one as well.
    await page.goto(`${base}/regions/620600`);
    await page.locator('a[href^="/agencies/"]', { hasText: '武威市人民政府' }).first().click();
    await page.waitForURL(/\/agencies\/\d+/);
    const bodyHref = await page.locator('[data-action="briefing"]').getAttribute('href');
    expect(bodyHref).toMatch(/^\/briefing\/agency\.docx\?id=\d+$/);
    const body = await fetch(`${base}${bodyHref}`);
    expect(body.status).toBe(200);
    const bodyXml = docxParts(Buffer.from(await body.arrayBuffer())).get('word/document.xml');
    expect(bodyXml).toContain('单位：武威市人民政府');
    expect((await fetch(`${base}/briefing/agency.docx?id=abc`)).status).toBe(404);
    expect((await fetch(`${base}/briefing/compare.docx`)).status).toBe(404); // nothing selected
    expect((await fetch(`${base}/briefing/nope.docx`)).status).toBe(404);
  });

  test('print: no controls, the charts whole, address and date in the footer', async () => {
    const dir = join(OUT, 'print');
    mkdirSync(dir, { recursive: true });
    for (const [name, path] of [
      ['compare', `/compare?${PAIR}`],
      ['region', '/regions/620000'],
    ]) {
      await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      await page.waitForSelector('[data-testid="chart-canvas"][data-rendered="1"]');
      await page.emulateMedia({ media: 'print' });
      const pdf = join(dir, `${name}.pdf`);
      writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
      await page.emulateMedia({ media: 'screen' });
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      // The footer of every page: the address and the date.
      expect(text).toContain(`${base}${path}`.slice(0, 40));
      expect(text).toMatch(/打印于 \d{4}-\d{2}-\d{2}/);
      // No controls.
      for (const control of ['下载 Word 简报', '添加地区或单位', 'PNG', 'CSV', '复制图片', '政府信息公开年报对比', '加入对比', '排名指标']) {
        expect(text, `${name}: ${control}`).not.toContain(control);
      }
      expect(text).not.toMatch(/(^|\s)打印(\s|$)/m);
      // Previews for the eye.
      execFileSync('pdftoppm', ['-r', '50', '-png', pdf, join(dir, name)]);
    }
  });
});

if (env.skip) {
  test.skip(env.skip, () => {});
}
