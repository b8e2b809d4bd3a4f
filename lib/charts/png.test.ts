import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodePng, inkDifference, inkShare } from '../../test/helpers/png';
import { parseReport } from '../report/parse';
import { reportFigures } from '../metrics';
import { cjkFontFile, MissingFontError, PNG_WIDTH, svgToPng, svgToPngAsync } from './png';
import { volumeSpec, type EntityInput } from './specs';
import { renderChartSvg } from './svg';

const wuwei = parseReport(readFileSync('data/samples/003_6790f04c403e7862.txt', 'utf8'));
const luozhuang = parseReport(readFileSync('data/samples/004_be8f56aee3e3e289.txt', 'utf8'));
const input = (name: string, r: typeof wuwei): EntityInput => ({
  name,
  points: [{ year: 2023, figures: reportFigures(r), reports: 1, link: () => null }],
});
const spec = volumeSpec([input('武威市', wuwei), input('罗庄区', luozhuang)], {
  id: 'compare-volume',
  subtitle: '武威市、罗庄区 · 2023年度',
  metric: 'new_received',
  chart: 'bar',
});
const svg = renderChartSvg(spec, { date: '2026-11-27', url: '/compare?r=620600~371311' });

/** The title line of an exported chart at 2× (top left: 本年新收政府信息公开申请数量（按申请人类型）). */
const TITLE = { x: 40, y: 30, width: 1100, height: 80 };
/** The plot area, between the legend and the axis labels. */
const PLOT = { x: 120, y: 300, width: 2200, height: 900 };

/** A Latin-only font: it has no Chinese glyphs, so Chinese text renders as tofu boxes. */
const LATIN_FONT = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'].find(
  existsSync,
);

function glyphInk(ch: string, o: Parameters<typeof svgToPng>[1] = {}): number {
  const one = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><text x="10" y="82" font-size="80" font-family="'PingFang SC',sans-serif">${ch}</text></svg>`;
  return inkShare(decodePng(svgToPng(one, { width: 100, ...o }).png));
}

describe('server PNG of a chart (resvg, CJK font from its file)', () => {
  test('2× the export size, white background, the bars drawn', () => {
    const { png, width, height } = svgToPng(svg);
    expect(PNG_WIDTH).toBe(2400);
    expect([width, height]).toEqual([2400, 1350]);
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([2400, 1350]);
    // Corners are the white background, the plot has bars and grid lines.
    expect([...img.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    expect(inkShare(img, PLOT)).toBeGreaterThan(0.02);
  });

  test('Chinese glyphs, not tofu: distinct characters differ, the title differs from a tofu render', () => {
    // Tofu boxes are the same for every character; real glyphs of 一 and 量 differ several-fold.
    const yi = glyphInk('一');
    const liang = glyphInk('量');
    expect(yi).toBeGreaterThan(0.005);
    expect(liang / yi).toBeGreaterThan(3);
    const title = decodePng(svgToPng(svg).png);
    expect(inkShare(title, TITLE)).toBeGreaterThan(0.08);
    // Without any font resvg draws no text at all: the title area is empty.
    expect(inkShare(decodePng(svgToPng(svg, { fontFiles: [] }).png), TITLE)).toBe(0);
  });

  test.skipIf(!LATIN_FONT)('the tofu statistic tells a Latin-only font apart', () => {
    const latin = { fontFiles: [LATIN_FONT!], defaultFontFamily: LATIN_FONT!.includes('DejaVu') ? 'DejaVu Sans' : 'Liberation Sans' };
    const tofuYi = glyphInk('一', latin);
    const tofuLiang = glyphInk('量', latin);
    expect(tofuYi).toBeGreaterThan(0.01);
    expect(Math.abs(tofuLiang / tofuYi - 1)).toBeLessThan(0.05);
    const real = decodePng(svgToPng(svg).png);
    const tofu = decodePng(svgToPng(svg, latin).png);
    expect(inkDifference(real, tofu, TITLE)).toBeGreaterThan(0.1);
  });

  test('async rendering gives the same image', async () => {
    const a = svgToPng(svg);
    const b = await svgToPngAsync(svg);
    expect(b.png.equals(a.png)).toBe(true);
  });

  test('a missing font file is one clear error naming the file and the package', () => {
    expect(() => cjkFontFile({ CJK_FONT_FILE: '/nonexistent/font.ttc' })).toThrow(MissingFontError);
    expect(() => cjkFontFile({ CJK_FONT_FILE: '/nonexistent/font.ttc' })).toThrow(/\/nonexistent\/font\.ttc.*fonts-wqy-microhei/);
    expect(cjkFontFile({})).toMatch(/wqy-microhei\.ttc$/);
  });
});
