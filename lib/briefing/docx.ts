/**
 * Briefing → Word document (.docx, the maintained `docx` package). Plain data in, bytes out.
 *
 * Layout: title; 一、筛选条件; 二、图表与数据 (each chart as a PNG with its caption, then its
 * numbers as a Word table — the same table as the page's table view and the CSV); 三、指标定义和
 * 统计口径; 四、覆盖范围和数据说明; 五、未通过的校验; 六、数据来源. Footer: source line, date,
 * link, page number.
 *
 * Fonts: Latin text in Arial, Chinese in 宋体 (body) and 黑体 (headings) — present in Word and WPS
 * on every Chinese Windows; every run is also tagged zh-CN for East Asian text, so LibreOffice (and
 * a Word without those fonts) substitutes its own CJK font instead of drawing boxes.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  LineRuleType,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import { specToTable } from '../charts/spec';
import type { Briefing, BriefingChart } from './model';
import { displayText } from '../text/display';

const LATIN = 'Arial';
const BODY_CJK = '宋体';
const HEADING_CJK = '黑体';
const font = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia, hint: 'eastAsia' });
const LANGUAGE = { value: 'zh-CN', eastAsia: 'zh-CN' };

// A4 with 2 cm side margins: 170 mm of text width.
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH_TWIPS = PAGE.width - 2 * PAGE.margin;
/** Image width in pixels at 96 dpi (the unit docx uses for images): the text width. */
const IMAGE_WIDTH_PX = Math.floor((TEXT_WIDTH_TWIPS / 1440) * 96);

const MUTED = '555555';
const RULE = 'BFBFBF';
const HEADER_FILL = 'EEF2F6';

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Every run of the document: its text as displayText shows it (agency and file names are untrusted). */
function text(s: string, o: Omit<IRunOptions, 'text'> = {}): TextRun {
  return new TextRun({ text: displayText(s), ...o });
}

function para(
  s: string,
  o: { size?: number; color?: string; bold?: boolean; after?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
): Paragraph {
  return new Paragraph({
    alignment: o.align,
    spacing: { after: o.after ?? 80 },
    children: [text(s, { size: o.size, color: o.color, bold: o.bold })],
  });
}

function link(label: string, href: string, size?: number): ExternalHyperlink {
  return new ExternalHyperlink({ link: href, children: [text(label, { style: 'Hyperlink', size })] });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: RULE };
const borders = { top: border, bottom: border, left: border, right: border };

/** Column widths in twips: the first (labels) column wider, the others equal. */
function columnWidths(n: number): number[] {
  if (n <= 1) return [TEXT_WIDTH_TWIPS];
  const first = n <= 3 ? 0.4 : n <= 6 ? 0.28 : 0.2;
  const firstW = Math.round(TEXT_WIDTH_TWIPS * first);
  const rest = Math.floor((TEXT_WIDTH_TWIPS - firstW) / (n - 1));
  return [firstW, ...Array.from({ length: n - 1 }, () => rest)];
}

interface TableInput {
  columns: string[];
  rows: (string | { text: string; href?: string })[][];
  /** Columns whose cells are numbers (right-aligned). */
  numeric?: (i: number) => boolean;
  widths?: number[];
}

/** A real Word table: header row repeated on every page, rows not split across pages. */
function wordTable(t: TableInput): Table {
  const widths = t.widths ?? columnWidths(t.columns.length);
  const size = t.columns.length > 8 ? 14 : t.columns.length > 5 ? 16 : 18;
  const cell = (value: string | { text: string; href?: string }, i: number, header: boolean) => {
    const v = typeof value === 'string' ? { text: value } : value;
    const right = !header && i > 0 && (t.numeric?.(i) ?? true);
    return new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      borders,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL } : undefined,
      children: [
        new Paragraph({
          alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [v.href ? link(v.text, v.href, size) : text(v.text, { size, bold: header })],
        }),
      ],
    });
  };
  return new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: t.columns.map((c, i) => cell(c, i, true)) }),
      ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i, false)) })),
    ],
  });
}

function heading(n: number, s: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [text(`${CHINESE_NUMERALS[n] ?? n + 1}、${s}`)] });
}

function chartBlock(c: BriefingChart, n: number): (Paragraph | Table)[] {
  const { spec } = c;
  const out: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [text(`图 ${n}　${spec.title}`)] }),
    new Paragraph({ keepNext: true, spacing: { after: 80 }, children: [text(spec.subtitle, { color: MUTED, size: 18 })] }),
  ];
  if (c.image) {
    const height = Math.round((IMAGE_WIDTH_PX * c.image.height) / c.image.width);
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        children: [
          new ImageRun({
            type: 'png',
            data: c.image.png,
            transformation: { width: IMAGE_WIDTH_PX, height },
            altText: { name: spec.id, title: displayText(spec.title), description: displayText(`${spec.title}：${spec.subtitle}`) },
          }),
        ],
      }),
    );
  } else {
    out.push(para(spec.empty ?? '所选范围内暂无数据', { color: MUTED }));
  }
  const caption: TextRun[] = [text(`图 ${n}　${spec.title}。`, { bold: true, size: 18 })];
  if (spec.note) caption.push(text(spec.note, { size: 18 }));
  out.push(new Paragraph({ spacing: { after: 60 }, children: caption }));
  if (c.imageUrl)
    out.push(
      new Paragraph({ spacing: { after: 120 }, children: [text('图片链接：', { size: 16, color: MUTED }), link(c.imageUrl, c.imageUrl, 16)] }),
    );
  if (c.image) {
    const t = specToTable(spec);
    out.push(
      new Paragraph({
        keepNext: true,
        spacing: { before: 120, after: 60 },
        children: [text(`表 ${n}　${spec.title}（数据）`, { bold: true, size: 18 })],
      }),
    );
    out.push(wordTable({ columns: t.columns, rows: t.rows.map((r) => [r.label, ...r.cells]) }));
    out.push(para('', { after: 120 }));
  }
  return out;
}

/** The Word document of a briefing, as the bytes of a .docx file. */
export async function briefingDocx(b: Briefing): Promise<Buffer> {
  let section = 0;
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [text(b.title)] }),
    new Paragraph({
      spacing: { after: 200 },
      children: [text(`政府信息公开工作年度报告数据简报　生成于 ${b.generated}　`, { color: MUTED, size: 18 }), link(b.url, b.url, 18)],
    }),

    heading(section++, '筛选条件'),
    ...b.filters.map((f) => new Paragraph({ spacing: { after: 60 }, children: [text(`${f.label}：`, { bold: true }), text(f.value)] })),

    heading(section++, '图表与数据'),
    ...b.charts.flatMap((c, i) => chartBlock(c, i + 1)),

    heading(section++, '指标定义和统计口径'),
    ...b.definitions.map(
      (d) =>
        new Paragraph({
          spacing: { after: 80 },
          // A definition that starts with its term (纠错率 = …) is printed as is, the term in bold.
          children: d.text.startsWith(d.term)
            ? [text(d.term, { bold: true }), text(d.text.slice(d.term.length))]
            : [text(`${d.term}：`, { bold: true }), text(d.text)],
        }),
    ),

    heading(section++, '覆盖范围和数据说明'),
  ];

  if (b.coverage.length) {
    const extra = {
      expected: b.coverage.some((c) => c.expected != null),
      reviewed: b.coverage.some((c) => c.reviewed != null || c.unreviewed != null),
    };
    body.push(
      wordTable({
        columns: [
          '地区（单位）',
          '年度',
          '计入报告数',
          ...(extra.expected ? ['应报单位数'] : []),
          ...(extra.reviewed ? ['已人工核对', '待核对'] : []),
        ],
        rows: b.coverage.map((c) => [
          c.name,
          `${c.year}`,
          `${c.reports}`,
          ...(extra.expected ? [c.expected == null ? '—' : `${c.expected}`] : []),
          ...(extra.reviewed ? [c.reviewed == null ? '—' : `${c.reviewed}`, c.unreviewed == null ? '—' : `${c.unreviewed}`] : []),
        ]),
      }),
    );
  } else {
    body.push(para('所选范围内没有已入库的报告。'));
  }
  for (const n of b.notes) body.push(para(n, { after: 60 }));

  body.push(heading(section++, '未通过的校验'));
  if (b.checks.length) {
    body.push(
      para('以下是所列单位报告中未通过的一致性校验（勾稽关系等）。未通过的校验是原报告本身的不一致，数据按原样保存、不作修正。', { after: 80 }),
    );
    body.push(
      wordTable({
        columns: ['报告', '校验规则', '说明'],
        rows: b.checks.map((c) => [{ text: c.report, href: c.link }, c.rule, c.detail]),
        numeric: () => false,
        widths: columnWidths(3).map((w, i) =>
          i === 0 ? Math.round(TEXT_WIDTH_TWIPS * 0.28) : i === 1 ? Math.round(TEXT_WIDTH_TWIPS * 0.4) : Math.round(TEXT_WIDTH_TWIPS * 0.32),
        ),
      }),
    );
  } else {
    body.push(para('所列单位计入的报告全部通过了一致性校验。'));
  }
  if (b.checksOmitted) {
    const { count, atLeast } = b.checksOmitted;
    const words = atLeast
      ? `报告数较多，本简报只核对了其中一部分；${count > 0 ? `另有至少 ${count} 份报告有未通过的校验；` : ''}全部未通过的校验见：`
      : `另有 ${count} 份报告有未通过的校验，未在此列出：`;
    body.push(new Paragraph({ children: [text(words), link(b.checksOmitted.link, b.checksOmitted.link)] }));
  }

  body.push(heading(section++, '数据来源'));
  body.push(para(`${b.sourceLine}。以下为本简报计入的报告：`, { after: 80 }));
  body.push(
    wordTable({
      columns: ['单位', '地区', '年度', '发布日期', '链接'],
      rows: b.sources.map((s) => [
        s.agency,
        s.region ?? '—',
        s.year == null ? '—' : `${s.year}`,
        s.published ?? '未注明',
        { text: s.original ? '原文' : '本站报告页', href: s.link },
      ]),
      numeric: () => false,
      widths: [0.3, 0.32, 0.1, 0.14, 0.14].map((f) => Math.round(TEXT_WIDTH_TWIPS * f)),
    }),
  );
  if (b.sourcesOmitted)
    body.push(
      new Paragraph({ children: [text(`另有 ${b.sourcesOmitted.count} 份报告未在此列出：`), link(b.sourcesOmitted.link, b.sourcesOmitted.link)] }),
    );

  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          text(`${b.sourceLine}　生成于 ${b.generated}　第 `, { size: 16, color: MUTED }),
          new TextRun({ children: [PageNumber.CURRENT], size: 16, color: MUTED }),
          text(' 页，共 ', { size: 16, color: MUTED }),
          new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16, color: MUTED }),
          text(' 页', { size: 16, color: MUTED }),
        ],
      }),
      new Paragraph({ alignment: AlignmentType.CENTER, children: [text(b.url, { size: 14, color: MUTED })] }),
    ],
  });

  const doc = new Document({
    title: displayText(b.title),
    subject: '政府信息公开工作年度报告数据简报',
    creator: 'Gongkai',
    description: displayText(b.filters.map((f) => `${f.label}：${f.value}`).join('；')),
    styles: {
      default: {
        document: { run: { font: font(BODY_CJK), size: 21, language: LANGUAGE }, paragraph: { spacing: { line: 300, lineRule: LineRuleType.AUTO } } },
        title: { run: { font: font(HEADING_CJK), size: 36, bold: true, color: '111111' }, paragraph: { spacing: { after: 120 } } },
        heading1: {
          run: { font: font(HEADING_CJK), size: 28, bold: true, color: '111111' },
          paragraph: { spacing: { before: 360, after: 160 }, keepNext: true },
        },
        heading2: {
          run: { font: font(HEADING_CJK), size: 24, bold: true, color: '1F2937' },
          paragraph: { spacing: { before: 240, after: 80 }, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        footers: { default: footer },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
