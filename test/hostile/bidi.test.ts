/**
 * Issue 24 finding 8: a bidirectional override (U+202E) in an agency or file name was drawn raw on
 * the report page, in chart images and briefings — `2023` read as `3202`. A report declared with
 * such a name (as an upload's form may declare it) goes through the real data paths here: the
 * report and list pages rendered to HTML, the chart route's spec rendered to SVG and PNG, the
 * Word briefing's XML. The stored name is kept as declared; only what is drawn is neutralised.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../db/client';
import { decodePng } from '../helpers/png';
import { docxParts } from '../helpers/docx';
import { FIXTURES } from '../helpers/fixtures';
import { freshDatabaseUrl, TEST_DIALECT } from '../helpers/db';
import { displayText, oneLine } from '../../lib/text/display';

const RLO = '\u202e';
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const AGENCY = `洪泽区${RLO}2023人民政府`;
const SHOWN = '洪泽区2023人民政府';
const FILE = `evil${RLO}txt.3202.txt`;

describe('displayText', () => {
  test('removes every bidirectional control, turns other control characters into spaces', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      expect(displayText(`20${c}23`), `U+${c.charCodeAt(0).toString(16)}`).toBe('2023');
    }
    expect(displayText('a\nb\tc\u0000d\u001be\u0085f\u2028g')).toBe('a b c d e f g');
    expect(displayText('淮安市洪泽区人民政府（2023）')).toBe('淮安市洪泽区人民政府（2023）');
    expect(displayText(null)).toBeNull();
    expect(displayText(undefined)).toBeUndefined();
    // The command line's one-line form escapes the marks too (visible, not removed).
    expect(oneLine('a\u200eb\u061cc')).toBe('a\\u200eb\\u061cc');
  });
});

describe.skipIf(TEST_DIALECT !== 'sqlite')('a report declared with U+202E in its agency and file name', () => {
  let db: Db;
  let id: number;
  let agencyId: number;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    let url: string;
    ({ url, drop } = await freshDatabaseUrl('bidi'));
    // The pages read the database of DATABASE_URL (getDb), as in the server.
    process.env.DATABASE_URL = url;
    const { getDb } = await import('../../db/client');
    const { importSource } = await import('../../db/import');
    const { manifestEntryFrom } = await import('../../lib/import/manifest');
    db = await getDb();
    const out = await importSource(db, {
      name: FILE,
      bytes: readFileSync(join(FIXTURES, 'real', '002_hongze-district-2023.txt')),
      entry: manifestEntryFrom(FILE, { agency: AGENCY }),
    });
    expect(out.outcome).toBe('imported');
    id = out.reportId!;
    const { getReport } = await import('../../db/queries/reports');
    const r = (await getReport(db, id))!;
    // Stored as declared: nothing is silently changed in the data.
    expect(r.agency).toBe(AGENCY);
    expect(r.sourceFile).toBe(FILE);
    agencyId = r.agencyId!;
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  async function html(node: ReactNode): Promise<string> {
    return new Response(await renderToReadableStream(node)).text();
  }

  test('report page: agency and file name shown without the override, in stored order', async () => {
    const { default: ReportPage, generateMetadata } = await import('../../app/reports/[id]/page');
    const props = { params: Promise.resolve({ id: String(id) }) };
    const page = await html(await ReportPage(props));
    expect(page).not.toMatch(BIDI);
    expect(page).toContain(`<dd>${SHOWN}<a`);
    expect(page).toContain('<dd class="break-all">eviltxt.3202.txt</dd>');
    expect((await generateMetadata(props)).title).toBe(`${SHOWN} 2023年度报告`);
  });

  test('report list: the agency shown without the override', async () => {
    const { ReportList } = await import('../../components/report/ReportList');
    const { listReports } = await import('../../db/queries/reports');
    const list = await listReports(db, {});
    const page = await html(createElement(ReportList, { rows: list.rows }));
    expect(page).toContain(`>${SHOWN}</a>`);
    expect(page).not.toMatch(BIDI);
  });

  test('chart SVG (the /charts route data path): no bidi control in any text, the name in stored order', async () => {
    const { getChartById } = await import('../../app/_data/views');
    const { renderChartSvg } = await import('../../lib/charts/svg');
    const spec = (await getChartById(db, 'compare-volume', new URLSearchParams({ a: String(agencyId) })))!;
    expect(spec.subtitle).toContain(SHOWN);
    const svg = renderChartSvg(spec, { date: '2026-12-07', url: `/compare?a=${agencyId}` });
    expect(svg).not.toMatch(BIDI);
    expect(svg).toContain(SHOWN);
  });

  test('chart PNG: a subtitle with U+202E draws exactly the pixels of the subtitle without it', async () => {
    const { volumeSpec } = await import('../../lib/charts/specs');
    const { renderChartSvg } = await import('../../lib/charts/svg');
    const { svgToPng } = await import('../../lib/charts/png');
    const { getReport } = await import('../../db/queries/reports');
    const { reportFigures } = await import('../../lib/metrics');
    const { parseReport } = await import('../../lib/report/parse');
    const figures = reportFigures(parseReport((await getReport(db, id))!.text));
    // Built by hand, past the name clean-up of the data path: the renderer itself must neutralise.
    const spec = (name: string) =>
      volumeSpec([{ name, points: [{ year: 2023, figures, reports: 1, link: () => null }] }], {
        id: 'compare-volume',
        subtitle: `${name} · 2023年度`,
        metric: 'new_received',
        chart: 'bar',
      });
    const draw = (name: string) => decodePng(svgToPng(renderChartSvg(spec(name), { date: '2026-12-07' })).png);
    const withOverride = draw(AGENCY);
    const plain = draw(SHOWN);
    expect(withOverride.width).toBe(2400);
    expect(Buffer.from(withOverride.data).equals(Buffer.from(plain.data))).toBe(true);
    // And the comparison can tell a different subtitle apart (the digits in another order).
    expect(Buffer.from(draw('洪泽区3202人民政府').data).equals(Buffer.from(plain.data))).toBe(false);
  });

  test('Word briefing: no bidi control in the document XML or the file name', async () => {
    const { loadBriefing } = await import('../../app/_data/briefing');
    const { briefingDocx } = await import('../../lib/briefing/docx');
    const { briefingFileName } = await import('../../lib/briefing/model');
    const b = (await loadBriefing(db, 'agency', new URLSearchParams({ id: String(agencyId) }), 'http://127.0.0.1:3000', '2026-12-07'))!;
    // The names the view drew from the charts' entities are already clean; the sources table
    // (and here the title, set as a caller might) carry the stored name into the document.
    expect(b.sources.map((s) => s.agency)).toContain(AGENCY);
    b.title = `单位：${AGENCY}`;
    const parts = docxParts(await briefingDocx(b));
    const xml = [...parts.entries()]
      .filter(([name]) => name.endsWith('.xml'))
      .map(([, x]) => x)
      .join('\n');
    expect(xml).toContain(SHOWN);
    expect(xml).not.toMatch(BIDI);
    expect(briefingFileName(b)).not.toMatch(BIDI);
  });
});
