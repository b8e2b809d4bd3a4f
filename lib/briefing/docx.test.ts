/**
 * The Word briefing builder on real sample reports, without a database: the charts and tables of
 * 武威市 2023 and 建瓯市 2022 (whose report fails seven checks), converted by LibreOffice to PDF
 * and read back. The PDF stays in test-results/briefing/ (the README's picture is rendered from it).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { docxParts, readDocxAsPdf } from '../../test/helpers/docx';
import { parseReport } from '../report/parse';
import { reportFigures } from '../metrics';
import { svgToPng } from '../charts/png';
import { formatCount, specToTable } from '../charts/spec';
import { casesSpec, NOTES, outcomesSpec, selectionSubtitle, volumeSpec, type EntityInput } from '../charts/specs';
import { renderChartSvg } from '../charts/svg';
import { SOURCE_LINE } from '../charts/theme';
import { CORRECTION_RATE_DEFINITION } from '../metrics';
import { briefingDocx } from './docx';
import { briefingFileName, coverageNotes, coverageOf, type Briefing } from './model';

const OUT = join(process.cwd(), 'test-results', 'briefing');
const BASE = 'http://127.0.0.1:3000';
const files = { wuwei: 'data/samples/003_6790f04c403e7862.txt', jianou: 'data/samples/000_4d303cf0b4364684.txt' };
const reports = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, parseReport(readFileSync(f, 'utf8'))])) as Record<
  keyof typeof files,
  ReturnType<typeof parseReport>
>;

function input(name: string, r: ReturnType<typeof parseReport>, id: number): EntityInput {
  return { name, points: [{ year: r.meta.year!, figures: reportFigures(r), reports: 1, link: () => `/reports/${id}` }] };
}

function sampleBriefing(): Briefing {
  const inputs = [input('武威市', reports.wuwei, 1), input('建瓯市', reports.jianou, 2)];
  const subtitle = selectionSubtitle(inputs, null);
  const specs = [
    volumeSpec(inputs, { id: 'compare-volume', subtitle, metric: 'new_received', chart: 'bar' }),
    outcomesSpec(inputs, { id: 'compare-outcomes', subtitle }),
    casesSpec(inputs, { id: 'compare-cases', subtitle }),
  ];
  const url = `${BASE}/compare?r=620600~350783`;
  const coverage = coverageOf(inputs);
  return {
    title: '对比：武威市、建瓯市',
    filters: [
      { label: '地区（单位）', value: '武威市、建瓯市' },
      { label: '年度', value: '全部年度' },
    ],
    generated: '2026-11-27',
    url,
    charts: specs.map((spec) => ({
      spec,
      image: svgToPng(renderChartSvg(spec, { date: '2026-11-27', url })),
      imageUrl: `${BASE}/charts/${spec.id}.png?r=620600~350783`,
    })),
    definitions: [
      { term: '纠错率', text: CORRECTION_RATE_DEFINITION },
      { term: '予以公开率', text: NOTES.disclosure },
      { term: '统计口径', text: '每个单位每年只计最新版本的报告。' },
    ],
    coverage,
    notes: coverageNotes(coverage),
    checks: reports.jianou.checks
      .filter((c) => c.status === 'fail')
      .map((c) => ({ report: '建瓯市人民政府办公室 2022年度', rule: c.label, detail: c.message ?? '', link: `${BASE}/reports/2` })),
    checksOmitted: null,
    sources: [
      {
        agency: reports.wuwei.meta.agency!,
        region: reports.wuwei.meta.region,
        year: 2023,
        published: reports.wuwei.meta.published,
        link: 'https://www.gswuwei.gov.cn/example',
        original: true,
      },
      {
        agency: reports.jianou.meta.agency!,
        region: reports.jianou.meta.region,
        year: 2022,
        published: reports.jianou.meta.published,
        link: `${BASE}/reports/2`,
        original: false,
      },
    ],
    sourcesOmitted: null,
    sourceLine: SOURCE_LINE,
  };
}

describe('Word briefing (docx)', () => {
  const b = sampleBriefing();
  let buf: Buffer;
  let pdf: { pdf: string; text: string; fonts: string };
  let ms = 0;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const t = performance.now();
    buf = await briefingDocx(b);
    ms = performance.now() - t;
    pdf = readDocxAsPdf(buf, OUT, 'sample-briefing.docx');
  }, 180_000);

  test('a zip of well-formed XML parts with the three chart images', () => {
    const parts = docxParts(buf);
    expect(parts.has('word/document.xml')).toBe(true);
    expect([...parts.keys()].filter((k) => k.startsWith('word/media/') && k.endsWith('.png'))).toHaveLength(3);
    const doc = parts.get('word/document.xml')!;
    // Real Word tables, a header row repeated on each page.
    expect((doc.match(/<w:tbl>/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(doc).toContain('<w:tblHeader/>');
    // East Asian fonts and language on the default run properties.
    const styles = parts.get('word/styles.xml')!;
    expect(styles).toMatch(/w:eastAsia="宋体"/);
    expect(styles).toMatch(/w:eastAsia="黑体"/);
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    console.log(`docx: ${(buf.length / 1024).toFixed(0)} KB, built in ${ms.toFixed(0)} ms`);
  });

  test('LibreOffice renders it: title, table numbers, definitions, checks, 数据来源, in a CJK font', () => {
    const text = pdf.text;
    expect(text).toContain('对比：武威市、建瓯市');
    expect(text).toContain('筛选条件');
    // Every number of the volume table, as formatted for the table (e.g. 255 自然人 for 武威市).
    const volume = specToTable(b.charts[0].spec);
    for (const row of volume.rows) {
      expect(text).toContain(row.label);
      for (const cell of row.cells) expect(text).toContain(cell);
    }
    // The figures are the reports' own: 武威市 2023 received 255 applications from natural persons.
    expect(volume.rows.find((r) => r.label.startsWith('武威市'))!.cells[0]).toBe(formatCount(reports.wuwei.values['t3.new_received.natural_person']));
    expect(text).toContain('纠错率');
    expect(text).toContain('未通过的校验');
    expect(text).toContain('表三“自然人”列');
    expect(text).toContain('数据来源');
    expect(text).toContain('武威市人民政府');
    expect(text).toContain('2024-02-21');
    // Chinese was drawn with a CJK font (LibreOffice substitutes one for 宋体/黑体 where absent).
    expect(pdf.fonts).toMatch(/WenQuanYi|Noto Sans CJK|SimSun|Microsoft YaHei|SimHei/i);
  });

  test('coverage notes and the file name', () => {
    expect(
      coverageNotes([
        { name: '罗庄区', year: 2022, reports: 1 },
        { name: '罗庄区', year: 2023, reports: 15 },
      ])[0],
    ).toContain('2022年 1 份，2023年 15 份');
    expect(coverageNotes(coverageOf([input('武威市', reports.wuwei, 1)]))).toEqual([]);
    expect(briefingFileName(b)).toBe('简报-对比：武威市、建瓯市-2026-11-27.docx');
  });
});
