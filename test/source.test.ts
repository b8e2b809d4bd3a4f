import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../lib/report/types';
import { normalizeText } from '../lib/text/normalize';
import { decodeText } from '../lib/source/decode';
import { docxToText } from '../lib/source/docx';
import { htmlToText } from '../lib/source/html';
import { MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES, looksLikeHtml, readSource } from '../lib/source/index';
import { assertReadableText } from '../lib/source/pdf';
import { pdfToText } from '../lib/source/pdf-isolated';

const root = path.dirname(fileURLToPath(import.meta.url));
const fixture = (p: string) => readFileSync(path.join(root, 'fixtures', p));
const src = (name: string) => fixture(`source/${name}`);
const seedText = (name: string) => fixture(`seeds/${name}`).toString('utf8');

const SEED000 = '000_4d303cf0b4364684.txt';
const SEED004 = '004_be8f56aee3e3e289.txt';
const TITLE_000 = '建瓯市人民政府办公室2022年度政府信息公开工作年度报告';

/** The cells of the first line whose cells include `label`, from that label on. */
function rowFrom(text: string, label: string): string[] | undefined {
  for (const line of text.split('\n')) {
    const cells = line.split('\t');
    const i = cells.indexOf(label);
    if (i >= 0) return cells.slice(i);
  }
  return undefined;
}

async function reportError(p: Promise<unknown>): Promise<ReportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ReportError);
    return e as ReportError;
  }
  throw new Error('expected a ReportError');
}

/** A minimal PDF: one page per content stream, Helvetica as /F1, with a correct xref table. */
function makePdf(streams: string[]): Uint8Array {
  const objs: string[] = [];
  const pageIds = streams.map((_, i) => 4 + i * 2);
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objs[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${streams.length} >>`;
  objs[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  streams.forEach((s, i) => {
    const id = pageIds[i];
    objs[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objs[id + 1] = `<< /Length ${Buffer.byteLength(s, 'latin1')} >>\nstream\n${s}\nendstream`;
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objs.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objs[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objs.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

const text = (x: number, y: number, s: string, size = 10) => `BT /F1 ${size} Tf ${x} ${y} Td (${s}) Tj ET`;

// -------------------------------------------------------------------- decode

describe('decodeText', () => {
  it('decodes the GBK (GB18030) copy of seed 004 to the UTF-8 original', () => {
    const { text, encoding } = decodeText(src('004-gbk.txt'));
    expect(encoding).toBe('gb18030');
    expect(text).toBe(seedText(SEED004));
  });

  it('decodes the UTF-16LE (BOM) copy of seed 000 to the UTF-8 original', () => {
    const { text, encoding } = decodeText(src('000-utf16le.txt'));
    expect(encoding).toBe('utf-16le');
    expect(text).toBe(seedText(SEED000));
  });

  it('reads UTF-8 with and without BOM, and UTF-16BE with BOM', () => {
    const s = seedText(SEED000);
    expect(decodeText(Buffer.from(s, 'utf8'))).toEqual({ text: s, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]))).toEqual({
      text: s,
      encoding: 'utf-8',
    });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(s, 'utf-16be')]);
    expect(decodeText(be)).toEqual({ text: s, encoding: 'utf-16be' });
  });

  it('recognises UTF-16 without a BOM by its NUL bytes', () => {
    const s = seedText(SEED000);
    expect(decodeText(Buffer.from(s, 'utf16le'))).toEqual({ text: s, encoding: 'utf-16le' });
    expect(decodeText(iconv.encode(s, 'utf-16be'))).toEqual({ text: s, encoding: 'utf-16be' });
  });

  it('detects short GBK text and keeps a UTF-8 file cut mid-character as UTF-8', () => {
    expect(decodeText(iconv.encode('总计 805 件', 'gbk')).text).toBe('总计 805 件');
    const cut = Buffer.from('一、总体情况', 'utf8').subarray(0, 17); // last character lost a byte
    const { text, encoding } = decodeText(cut);
    expect(encoding).toBe('utf-8');
    expect(text.startsWith('一、总体情')).toBe(true);
  });

  it('honours <meta charset> of an HTML page that is not UTF-8', () => {
    const page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head><body>總計</body></html>';
    expect(decodeText(iconv.encode(page, 'big5'))).toEqual({ text: page, encoding: 'big5' });
    const gb = '<meta charset="gb2312"><p>政府信息公开</p>';
    expect(decodeText(iconv.encode(gb, 'gbk'))).toEqual({ text: gb, encoding: 'gb18030' });
    // A page saved as UTF-8 that still declares gb2312: valid UTF-8 wins.
    expect(decodeText(Buffer.from(gb, 'utf8')).encoding).toBe('utf-8');
  });
});

// -------------------------------------------------------------------- HTML

describe('htmlToText', () => {
  const html = fixture('real/014_shanghai-govoffice-2019.html').toString('utf8');
  const out = htmlToText(html);
  const lines = out.split('\n');

  it('gives each 表三 row of the 2019 Shanghai report as one TAB-separated line, blank cells kept', () => {
    expect(lines).toContain('一、本年新收政府信息公开申请数量\t821\t35\t\t\t2\t1\t859');
    expect(lines).toContain('二、上年结转政府信息公开申请数量\t18\t\t\t\t\t\t18');
    expect(lines).toContain('三、本年度办理结果\t（一）予以公开\t258\t12\t\t\t1\t1\t');
    expect(lines).toContain('（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t3\t\t\t\t\t\t');
    expect(lines).toContain('（四）无法提供\t1.本机关不掌握相关政府信息\t252\t12\t\t\t1\t\t');
    expect(lines).toContain('2.其他法律行政法规禁止公开\t\t\t\t\t\t\t');
    expect(lines).toContain('（七）总计\t767\t35\t\t\t2\t1\t805');
    expect(lines).toContain('四、结转下年度继续办理\t72\t\t\t\t\t\t72');
    // Header rows: rowspan/colspan cells once, in document order.
    expect(lines).toContain('自然人\t法人或其他组织\t总计');
    expect(lines).toContain('商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他');
  });

  it('keeps 表二 and 表四 rows, with inner <br> as a space', () => {
    expect(lines).toContain('信息内容\t本年新 制作数量\t本年新 公开数量\t对外公开总数量');
    expect(lines).toContain('规章\t13\t13\t524');
    expect(lines).toContain('政府集中采购\t6\t251000元');
    expect(lines).toContain('5\t\t\t2\t7\t8\t\t\t1\t9\t\t\t\t\t');
  });

  it('keeps paragraphs as lines and decodes entities', () => {
    expect(lines[0]).toBe('2019年上海市人民政府办公厅政府信息公开工作年度报告');
    expect(lines[1]).toBe('发布日期：2020-01-31');
    expect(lines).toContain('三、收到和处理政府信息公开申请情况');
    expect(lines).toContain('四、政府信息公开行政复议、行政诉讼情况');
    expect(out).toContain('《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》');
    expect(out).not.toMatch(/&nbsp;|&lt;|\u00a0/);
    expect(lines.every((l) => l.trim() !== '' || l.includes('\t'))).toBe(true);
  });

  it('drops script, style, head and comments; block elements make lines', () => {
    const page = `<!DOCTYPE html><html><head><title>标题</title><style>p{color:red}</style></head>
      <body><script>var a = "<p>不是正文</p>";</script><!-- 注释 <p>x</p> -->
      <div>第一段<br>第二行</div><p>第三段&nbsp;&nbsp;  多个   空格</p><h2>一、总体情况</h2>
      <ul><li>甲<li>乙</ul><p>&#20108;&#x4E8C;&amp;&lt;&gt;&quot;&ldquo;引&rdquo;&hellip;&mdash;&#150;&unknown;</p></body></html>`;
    expect(htmlToText(page)).toBe(['第一段', '第二行', '第三段 多个 空格', '一、总体情况', '甲', '乙', '二二&<>"“引”…—–&unknown;'].join('\n'));
    // `<script/>` still holds a script up to `</script>`; `<svg/>` is empty.
    expect(htmlToText('<p>前</p><script/>var a = "<p>不是正文</p>";</script><svg/><p>后</p>')).toBe('前\n后');
  });

  it('reads sloppy tables: unclosed cells/rows, th, nested layout tables, single-column boxes', () => {
    const sloppy = '<table><tr><th>项目<td>1<td><p>&nbsp;</p><td>3<tr><td>合计<td>4</table>';
    expect(htmlToText(sloppy)).toBe('项目\t1\t\t3\n合计\t4');
    const layout = `<table><tr><td>导航</td><td><p>一、总体情况</p><p>正文。</p>
      <table><tbody><tr><td>规章</td><td>13</td></tr></tbody></table></td></tr></table>`;
    expect(htmlToText(layout)).toBe('导航\n一、总体情况\n正文。\n规章\t13');
    const note = `<table><tr><td>规章</td><td>13</td></tr><tr><td>说明</td><td>${'较长的说明文字。'.repeat(50)}</td></tr>${'<tr><td>2.没有现成信息需要另行制作</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>'.repeat(30)}</table>`;
    expect(htmlToText(note).split('\n')[0]).toBe('规章\t13');
    const box = '<table><tr><td><p>第一段</p><p>第二段</p></td></tr></table>';
    expect(htmlToText(box)).toBe('第一段\n第二段');
    const misplaced = '<table><tr><p>表前文字</p><td>规章</td><td>13</td></tr></table>';
    expect(htmlToText(misplaced)).toBe('表前文字\n规章\t13');
    const wrapped = '<table><font size="2"><tr><td>规章</td><td>13</td></tr></font><tr><td>规范性文件<td>60</table>';
    expect(htmlToText(wrapped)).toBe('规章\t13\n规范性文件\t60');
    const tabs = '<table><tr><td>a\tb</td><td> 1 </td></tr></table>';
    expect(htmlToText(tabs)).toBe('a b\t1');
  });

  it('decodes every HTML5 character reference, in table cells too', () => {
    // &frac13; &star; &check; &Zopf; were not in the hand-written table the reader had before htmlparser2.
    const cells = '<table><tr><td>说明&hellip;</td><td>&#x4E00;&#19968;</td><td>&mdash;</td><td>&frac13;&star;&check;&Zopf;</td></tr></table>';
    expect(htmlToText(cells)).toBe('说明…\t一一\t—\t⅓☆✓ℤ');
    // Browsers' rules: a legacy name without `;` (&copy, and &not inside &notanentity;), C1 numbers
    // as Windows-1252 (&#150; is –), &#0; as U+FFFD; an unknown name stays as printed.
    expect(htmlToText('<p>&nbsp;&amp;&#65;&#x42;&copy &notanentity; &#0;&#150; &unknown;</p>')).toBe('&AB© ¬anentity; \uFFFD– &unknown;');
  });

  it('reads a malformed table: stray end tags, a cell before any row, an unclosed table at the end', () => {
    const html =
      '<p>表二<table><td>规章<td>13</div></span><tr><td>规范性文件</p><td>60</td></td></td>' +
      '<tbody><tr><td>合计<b>7</td><td>3</b></tr></tbody></tr><tr><td>备注<td>x';
    // `</div>`, `</p>`, `</b>` never close past a cell; a cell with no row opens one; `<tbody>` ends the open row.
    expect(htmlToText(html)).toBe(['表二', '规章\t13', '规范性文件\t60', '合计7\t3', '备注\tx'].join('\n'));
  });
});

// -------------------------------------------------------------------- PDF

describe('pdfToText', () => {
  it('reads the PDF printed from seed 000 row by row, cells TAB-separated', async () => {
    const out = await pdfToText(src('000-report.pdf'));
    const lines = out.split('\n');
    expect(lines[0]).toBe(TITLE_000);
    expect(rowFrom(out, '一、本年新收政府信息公开申请数量')).toEqual(['一、本年新收政府信息公开申请数量', '9', '0', '0', '0', '0', '0', '0']);
    expect(rowFrom(out, '（一）予以公开')).toEqual(['（一）予以公开', '4', '0', '0', '0', '0', '0', '4']);
    expect(rowFrom(out, '1.本机关不掌握相关政府信息')).toEqual(['1.本机关不掌握相关政府信息', '4', '0', '0', '0', '0', '0', '1']);
    expect(rowFrom(out, '（七）总计')).toEqual(['（七）总计', '10', '0', '0', '0', '0', '0', '8']);
    expect(rowFrom(out, '四、结转下年度继续办理')).toEqual(['四、结转下年度继续办理', '0', '0', '0', '0', '0', '0', '1']);
    // A label wrapped on two lines (numbers centred between them) and one on three lines.
    expect(rowFrom(out, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）')).toEqual([
      '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
      '2',
      '0',
      '0',
      '0',
      '0',
      '0',
      '3',
    ]);
    expect(rowFrom(out, '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请')?.length).toBe(8);
    // 表二 and 表四.
    expect(lines).toContain('行政规范性文件\t35\t10\t116');
    expect(lines).toContain(Array(15).fill('0').join('\t'));
    // Row-major: the rows come in table order.
    const order = ['一、本年新收', '二、上年结转', '（一）予以公开', '（七）总计', '四、结转下年度'].map((l) => out.indexOf(l));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Paragraph text stays plain (no TABs inside prose).
    expect(lines.find((l) => l.startsWith('2022年,我办认真学习'))).not.toContain('\t');
  });

  it('reads the PDF of the real 2019 Shanghai page, keeping blank cells by the table rules', async () => {
    const out = await pdfToText(src('014-shanghai-2019.pdf'));
    const lines = out.split('\n');
    expect(lines[0]).toBe('2019年上海市人民政府办公厅政府信息公开工作年度报告');
    // Blank cells print nothing; their place comes from the vertical rules crossing the row.
    expect(lines).toContain('一、本年新收政府信息公开申请数量\t821\t35\t\t\t2\t1\t859');
    expect(lines).toContain('二、上年结转政府信息公开申请数量\t18\t\t\t\t\t\t18');
    expect(lines).toContain('（一）予以公开\t258\t12\t\t\t1\t1\t');
    expect(lines).toContain('1.本机关不掌握相关政府信息\t252\t12\t\t\t1\t\t');
    expect(lines).toContain('（七）总计\t767\t35\t\t\t2\t1\t805');
    expect(lines).toContain('四、结转下年度继续办理\t72\t\t\t\t\t\t72');
    expect(lines).toContain('5\t\t\t2\t7\t8\t\t\t1\t9\t\t\t\t\t');
    expect(lines).toContain('规章\t13\t13\t524');
  });

  it('rebuilds lines from positions: gaps make TABs, a wrapped label joins its row', async () => {
    const pdf = makePdf([
      [
        text(72, 780, 'Title line'),
        text(72, 700, 'alpha'),
        text(72, 688, 'beta'),
        text(300, 694, '12'),
        text(360, 694, '7'),
        text(72, 660, 'gamma'),
        text(300, 660, '3'),
        text(320, 660, '4'),
      ].join('\n'),
    ]);
    expect(await pdfToText(pdf)).toBe('Title line\nalpha beta\t12\t7\ngamma\t3\t4');
  });

  it('does not merge evenly spaced lines of an unruled table', async () => {
    const pdf = makePdf([
      [text(72, 700, 'Heading'), text(300, 700, 'Count'), text(72, 680, 'licences'), text(300, 680, '0'), text(72, 660, 'Section two')].join('\n'),
    ]);
    expect(await pdfToText(pdf)).toBe('Heading\tCount\nlicences\t0\nSection two');
  });

  it('places cells between drawn table rules, so blank cells stay', async () => {
    // A 4-column ruled table (thin filled rectangles, as Word and Chromium draw borders).
    const rules = [72, 200, 260, 320, 380]
      .map((x) => `${x} 640 0.5 60 re f`)
      .concat([640, 680, 700].map((y) => `72 ${y} 308.5 0.5 re f`))
      .join('\n');
    const pdf = makePdf([
      [
        rules,
        text(76, 686, 'first row'),
        text(225, 686, '1'),
        text(345, 686, '3'),
        // A taller row: its label wraps on two lines, centred on its only number.
        text(76, 664, 'second'),
        text(76, 652, 'wrapped'),
        text(285, 658, '2'),
        text(72, 600, 'After the table'),
      ].join('\n'),
    ]);
    expect(await pdfToText(pdf)).toBe('first row\t1\t\t3\nsecond wrapped\t\t2\t\nAfter the table');
  });

  it('rejects scans and undecodable text', async () => {
    const blank = makePdf(['', '']);
    const e = await reportError(pdfToText(blank));
    expect(e.code).toBe('unreadable');
    expect(e.message).toMatch(/扫描件/);
    expect(() => assertReadableText('\ue001\ue002\ue003'.repeat(50), 1)).toThrow(/无法解码/);
    expect(() => assertReadableText('(cid:12)(cid:34)(cid:56)'.repeat(30), 1)).toThrow(ReportError);
    expect(() => assertReadableText('政府信息公开工作年度报告'.repeat(10), 1)).not.toThrow();
    expect((await reportError(pdfToText(new TextEncoder().encode('%PDF-1.4\nnot really a pdf')))).code).toBe('unreadable');
  });
});

// -------------------------------------------------------------------- DOCX

describe('docxToText', () => {
  it('gives the Word tables as TAB-separated rows (merged cells once)', async () => {
    const out = await docxToText(src('000-report.docx'));
    const lines = out.split('\n');
    expect(lines[0]).toBe(TITLE_000);
    expect(lines).toContain('一、本年新收政府信息公开申请数量\t9\t0\t0\t0\t0\t0\t0');
    expect(lines).toContain('三、本年度办理结果\t（一）予以公开\t4\t0\t0\t0\t0\t0\t4');
    expect(lines).toContain('（四）无法提供\t1.本机关不掌握相关政府信息\t4\t0\t0\t0\t0\t0\t1');
    expect(lines).toContain('（七）总计\t10\t0\t0\t0\t0\t0\t8');
    expect(lines).toContain('行政规范性文件\t35\t10\t116');
    expect(lines).toContain('自然人\t法人或其他组织\t总计');
    expect(lines).toContain('五、存在的主要问题及改进情况');
  });
});

// -------------------------------------------------------------------- readSource

describe('readSource', () => {
  it('chooses the reader by content and extension', async () => {
    const gbk = await readSource(src('004-gbk.txt'), '004-gbk.txt');
    expect(gbk).toEqual({ text: seedText(SEED004), kind: 'text', encoding: 'gb18030' });

    const html = fixture('real/014_shanghai-govoffice-2019.html');
    const asHtml = await readSource(html, 'report.html');
    expect(asHtml.kind).toBe('html');
    expect(asHtml.text).toContain('（七）总计\t767\t35\t\t\t2\t1\t805');
    // A .txt that holds HTML is read as HTML; the text is not normalized (full-width brackets stay).
    expect(await readSource(html, 'report.txt')).toEqual(asHtml);

    const pdf = await readSource(src('000-report.pdf'), 'whatever.bin');
    expect(pdf.kind).toBe('pdf');
    expect(pdf.text.startsWith(TITLE_000)).toBe(true);

    const docx = await readSource(src('000-report.docx'), 'report.docx');
    expect(docx.kind).toBe('docx');
    expect(docx.text).toContain('（七）总计\t10\t0\t0\t0\t0\t0\t8');

    const md = await readSource(fixture('real/004_shuyang-county-2025.md'), '004.md');
    expect(md.kind).toBe('markdown');
    expect(md.text).toBe(fixture('real/004_shuyang-county-2025.md').toString('utf8'));

    // Plain text under an .html name stays plain text (its lines are kept).
    expect(await readSource(src('004-gbk.txt'), 'saved.html')).toEqual({ ...gbk, kind: 'text' });

    const poem = await readSource(src('not-a-report.txt'), 'not-a-report.txt');
    expect(poem.kind).toBe('text');
    expect(normalizeText(poem.text)).toContain('床前明月光');
  });

  it('rejects empty files', async () => {
    expect((await reportError(readSource(src('empty.txt'), 'empty.txt'))).code).toBe('empty');
    expect((await reportError(readSource(Buffer.from(' \n\t\r\n'), 'blank.txt'))).code).toBe('empty');
    expect((await reportError(readSource(Buffer.from('<html><body><script>x()</script></body></html>'), 'a.html'))).code).toBe('empty');
  });

  it('rejects binary content', async () => {
    const png = await reportError(readSource(src('junk.png'), 'report.txt'));
    expect(png.code).toBe('binary');
    expect(png.message).toMatch(/PNG/);
    // No known signature, but NUL bytes and control characters.
    const junk = Buffer.from(src('junk.png').subarray(8));
    expect((await reportError(readSource(junk, 'report.txt'))).code).toBe('binary');
    expect((await reportError(readSource(Buffer.from('政府信息\0公开'), 'a.txt'))).code).toBe('binary');
    // A ZIP that is not a .docx.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('images/photo.jpg')]);
    const z = await reportError(readSource(zip, 'report.docx'));
    expect(z.code).toBe('binary');
    expect(z.message).toMatch(/ZIP/);
    // RTF and legacy Word.
    expect((await reportError(readSource(Buffer.from('{\\rtf1\\ansi 报告}'), 'report.rtf'))).code).toBe('unsupported');
    const doc = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await reportError(readSource(doc, 'report.doc'))).code).toBe('unsupported');
  });

  it('rejects files over the documented limits', async () => {
    const bigText = Buffer.alloc(MAX_TEXT_BYTES + 1, 0x61);
    const t = await reportError(readSource(bigText, 'big.txt'));
    expect(t.code).toBe('too_large');
    expect(t.message).toMatch(/5 MB/);
    const bigPdf = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20);
    bigPdf.write('%PDF-1.7\n', 0, 'latin1');
    const p = await reportError(readSource(bigPdf, 'big.pdf'));
    expect(p.code).toBe('too_large');
    expect(p.message).toMatch(/20 MB/);
    const bigZip = Buffer.alloc(MAX_DOCUMENT_BYTES + 1);
    bigZip.write('PK\x03\x04', 0, 'latin1');
    expect((await reportError(readSource(bigZip, 'big.docx'))).code).toBe('too_large');
    // Exactly at the limit is fine.
    expect((await readSource(Buffer.alloc(MAX_TEXT_BYTES, 0x61), 'ok.txt')).kind).toBe('text');
  });

  it('sniffs HTML in text files without mistaking reports for markup', () => {
    expect(looksLikeHtml('<p style="a">一、总体情况</p><p>正文</p><table><tr><td>1</td></tr></table>')).toBe(true);
    expect(looksLikeHtml('<!DOCTYPE html><title>x</title>')).toBe(true);
    expect(looksLikeHtml(seedText(SEED000))).toBe(false);
    expect(looksLikeHtml('报告中 a<b 与 c>d 的比较')).toBe(false);
  });
});
