/** The harvester's pure parts (lib/harvest): titles, links, paging, JPage, file kinds, shells, sources. */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { judgeTitle, parseYearRange } from '../lib/harvest/title';
import { dateIn, pageLinks, pageTitle, publishedOn, resolveHref } from '../lib/harvest/links';
import { otherPages } from '../lib/harvest/paging';
import { proxyRequests, readDatastore } from '../lib/harvest/datastore';
import { attachmentsOf, chooseReportFile, fileKindOf, holdsReport, pageText } from '../lib/harvest/detail';
import { shellOf } from '../lib/harvest/families';
import { decodeText } from '../lib/source/decode';
import { parseSources } from '../lib/harvest/sources';

describe('titles and years', () => {
  it('knows an annual report and its year from a notice about one', () => {
    expect(judgeTitle('淮安市人民政府2024年政府信息公开工作年度报告')).toEqual({ report: true, year: 2024 });
    expect(judgeTitle('建瓯市人民政府办公室2022年度政府信息公开工作年度报告')).toEqual({ report: true, year: 2022 });
    expect(judgeTitle('2019年上海市人民政府办公厅政府信息公开工作年度报告')).toEqual({ report: true, year: 2019 });
    expect(judgeTitle('关于做好2024年政府信息公开工作年度报告编制工作的通知')).toMatchObject({ report: false });
    expect(judgeTitle('2024年政府信息公开工作年度报告解读')).toMatchObject({ report: false });
    expect(judgeTitle('某某县2024年国民经济和社会发展统计公报')).toMatchObject({ report: false, reason: '标题不是政府信息公开年度报告' });
    expect(judgeTitle('政府信息公开年报')).toMatchObject({ report: false, reason: '标题中没有年份' });
    expect(judgeTitle('某某县2015年政府信息公开工作年度报告', { from: 2019, to: 2025 })).toEqual({
      report: false,
      reason: '2015年不在所选年份（2019–2025）内',
    });
  });

  it('reads a year range and refuses what is not one', () => {
    expect(parseYearRange('2019-2025', 2026)).toEqual({ from: 2019, to: 2025 });
    expect(parseYearRange('2024', 2026)).toEqual({ from: 2024, to: 2024 });
    expect(() => parseYearRange('2025-2019', 2026)).toThrow('2025 is after 2019');
    expect(() => parseYearRange('last year', 2026)).toThrow('expected YEAR or FROM-TO');
    expect(() => parseYearRange('2019-2031', 2026)).toThrow('outside');
  });
});

describe('links', () => {
  const base = 'https://www.example.gov.cn/col/col123/index.html';
  it('resolves hrefs and takes the list item’s date and the full title', () => {
    const html = `<ul><li><a href="../../art/2025/1/24/art_1.html" title="淮安市人民政府2024年政府信息公开工作年度报告">淮安市人民政府2024年…</a><span>2025-01-24</span></li>
      <li><a href="/art/2.html">洪泽区2023年政府信息公开工作年度报告</a> [2024年1月30日]</li>
      <tr><td><a href="t3.html">盱眙县&hellip;年度报告</a></td><td>2023/02/01</td></tr>
      <li><a href="javascript:void(0)">打印</a><a href="#top">顶部</a></li></ul>`;
    expect(pageLinks(html, base)).toEqual([
      { url: 'https://www.example.gov.cn/art/2025/1/24/art_1.html', text: '淮安市人民政府2024年政府信息公开工作年度报告', date: '2025-01-24' },
      { url: 'https://www.example.gov.cn/art/2.html', text: '洪泽区2023年政府信息公开工作年度报告', date: '2024-01-30' },
      { url: 'https://www.example.gov.cn/col/col123/t3.html', text: '盱眙县…年度报告', date: '2023-02-01' },
    ]);
    expect(resolveHref('mailto:a@b.cn', base)).toBeNull();
    expect(resolveHref('ftp://x.cn/a', base)).toBeNull();
    expect(dateIn('发布于 2025.1.24')).toBe('2025-01-24');
    expect(dateIn('2025-13-01')).toBeUndefined();
    expect(pageTitle('<title>年报_淮安市人民政府</title><h1> 淮安市 2024 年报告 </h1>')).toBe('淮安市 2024 年报告');
  });
});

describe('paging', () => {
  it('TRS createPageHTML gives index_1 … index_N-1', () => {
    const pages = otherPages('<script>createPageHTML(4, 0, "index", "html");</script>', 'https://x.gov.cn/col/nb/index.html', []);
    expect(pages).toEqual(['https://x.gov.cn/col/nb/index_1.html', 'https://x.gov.cn/col/nb/index_2.html', 'https://x.gov.cn/col/nb/index_3.html']);
  });
  it('numbered files up to the highest one linked, in the same folder and stem', () => {
    const links = [
      'https://x.gov.cn/nb/home_1.htm',
      'https://x.gov.cn/nb/home_4.htm',
      'https://x.gov.cn/other/home_9.htm',
      'https://x.gov.cn/nb/list_7.htm',
    ];
    expect(otherPages('', 'https://x.gov.cn/nb/home_0.htm', links)).toEqual([1, 2, 3, 4].map((n) => `https://x.gov.cn/nb/home_${n}.htm`));
  });
  it('?page=N up to the highest linked', () => {
    const links = ['https://x.gov.cn/nb/list?page=2', 'https://x.gov.cn/nb/list?page=3', 'https://x.gov.cn/other?page=40'];
    expect(otherPages('', 'https://x.gov.cn/nb/list?page=1', links)).toEqual(['https://x.gov.cn/nb/list?page=2', 'https://x.gov.cn/nb/list?page=3']);
  });
  it('a page with no paging has no other pages', () => {
    expect(otherPages('<a href="/art/1.html">x</a>', 'https://x.gov.cn/nb/index.html', ['https://x.gov.cn/art/1.html'])).toEqual([]);
  });
});

describe('大汉 JPage datastore', () => {
  it('reads the embedded records and asks the proxy for the rest with the widget’s parameters', () => {
    const html = `<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&amp;webid=3&amp;columnid=4711&amp;unitid=9001"></a>]]></nextgroup>
      <recordset><record><![CDATA[<li><a href="/art/1.html">A</a><span>2025-01-01</span></li>]]></record><record><![CDATA[<li><a href="/art/2.html">B</a></li>]]></record></recordset></datastore></script>
      <script>new JPage({ totalRecord: 10, perpage: 2 })</script>`;
    const store = readDatastore(html, 'https://x.gov.cn/col/col4711/index.html')!;
    expect(store.records).toHaveLength(2);
    expect(store).toMatchObject({ total: 10, perPage: 2 });
    const reqs = proxyRequests(store);
    expect(reqs.map((r) => new URL(r.url).search)).toEqual(['?startrecord=3&endrecord=8&perpage=2', '?startrecord=9&endrecord=10&perpage=2']);
    expect(Object.fromEntries(new URLSearchParams(reqs[0].form))).toEqual({ webid: '3', columnid: '4711', unitid: '9001' });
    expect(readDatastore('<html>no records</html>', 'https://x.gov.cn/')).toBeNull();
  });
});

describe('detail pages and files', () => {
  it('tells a file’s kind from its bytes before its name or type', () => {
    const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
    expect(fileKindOf(bytes('%PDF-1.7\n'), 'application/octet-stream', 'https://x.cn/download?id=1')).toBe('pdf');
    expect(fileKindOf(bytes('PK\x03\x04....word/document.xml'), '', 'https://x.cn/a.bin')).toBe('docx');
    expect(fileKindOf(bytes('\xd0\xcf\x11\xe0\xa1\xb1'), '', 'https://x.cn/a.wps')).toBe('wps');
    expect(fileKindOf(bytes('\xd0\xcf\x11\xe0\xa1\xb1'), '', 'https://x.cn/a')).toBe('doc');
    expect(fileKindOf(bytes('  <!DOCTYPE html><html>'), 'text/plain', '')).toBe('html');
    expect(fileKindOf(bytes('\x89PNG'), 'image/png', '')).toBe('other');
  });
  it('chooses the attached report: by its name, then PDF over Word', () => {
    const files = attachmentsOf(
      pageLinks(
        `<a href="/a/table.xls">附件：统计表.xls</a><a href="/a/r.docx">2024年政府信息公开工作年度报告.docx</a><a href="/a/r.pdf">2024年政府信息公开工作年度报告.pdf</a><a href="/a/r.pdf">下载</a>`,
        'https://x.cn/art/1.html',
      ),
    );
    expect(files.map((f) => f.kind)).toEqual(['xls', 'docx', 'pdf']);
    expect(chooseReportFile(files)?.url).toBe('https://x.cn/a/r.pdf');
    expect(chooseReportFile([])).toBeNull();
  });
  it('knows a page that holds the tables from one that introduces a file', () => {
    expect(holdsReport(pageText('<p>三、收到和处理政府信息公开申请情况</p><table>…</table><p>四、政府信息公开行政复议、行政诉讼情况</p>'))).toBe(
      true,
    );
    expect(holdsReport(pageText('<p>附件：年度报告.pdf</p><script>var x="行政复议 本年新收"</script>'))).toBe(false);
  });
  it('decodes GBK declared only in the HTTP header, and reads a page’s 发布日期', () => {
    const gbk = iconv.encode('<p>发布日期：2025-01-24</p>', 'gbk');
    expect(decodeText(gbk, { httpCharset: 'gbk' }).text).toBe('<p>发布日期：2025-01-24</p>');
    expect(decodeText(new TextEncoder().encode('<p>中文</p>'), { httpCharset: 'gbk' }).text).toBe('<p>中文</p>');
    // Big5 only the header can tell (the fallback would read it as GB18030).
    expect(decodeText(iconv.encode('<p>政府資訊公開</p>', 'big5'), { httpCharset: 'big5' }).text).toBe('<p>政府資訊公開</p>');
    expect(publishedOn('发布时间：2024年1月30日 来源：')).toBe('2024-01-30');
  });
});

describe('shell families', () => {
  it('新点 WebBuilder: the content endpoint with the infoid form field, under the project folder', () => {
    const s = shellOf(
      new URL('https://x.gov.cn/wb/showinfo.html?infoGuid=6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'),
      '<script>$.ajax({ url: siteInfo.projectName + "/rest/xxgk/getGovInfoDetail" })</script>',
    )!;
    expect(s.family.name).toContain('WebBuilder');
    expect(s.request).toEqual({
      url: 'https://x.gov.cn/wb/rest/xxgk/getGovInfoDetail',
      method: 'POST',
      form: 'params=%7B%22infoid%22%3A%226f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b%22%7D',
    });
    const content = s.family.readContent(
      JSON.stringify({ custom: { pdflist: [{ name: 'a.pdf', url: '/wb/files/a.pdf' }] } }),
      new URL('https://x.gov.cn/wb/showinfo.html'),
    );
    expect(content.files).toEqual([{ url: 'https://x.gov.cn/wb/files/a.pdf', name: 'a.pdf' }]);
    expect(() => s.family.readContent('<html>', new URL('https://x.gov.cn/'))).toThrow('不是 JSON');
  });
  it('/art/info: POST /html/info/detail with the article id', () => {
    const s = shellOf(new URL('https://x.gov.cn/art/info/12/345'), '<div id="root"></div>')!;
    expect(s.request).toEqual({ url: 'https://x.gov.cn/html/info/detail', method: 'POST', form: 'id=345' });
    expect(s.family.readContent(JSON.stringify({ data: { content: '<p>正文</p>', title: 'T' } }), new URL('https://x.gov.cn/')).html).toBe(
      '<p>正文</p>',
    );
  });
  it('an ordinary page is no shell', () => {
    expect(shellOf(new URL('https://x.gov.cn/art/2025/1/24/art_1.html'), '<p>正文</p>')).toBeNull();
  });
});

describe('sources file', () => {
  it('reads CSV and JSON, and names the entry at fault', () => {
    expect(parseSources('body,region_code,url\n淮安市人民政府,320800,https://www.huaian.gov.cn/col/nb/index.html\n', 's.csv')).toEqual([
      { body: '淮安市人民政府', regionCode: '320800', url: 'https://www.huaian.gov.cn/col/nb/index.html' },
    ]);
    expect(parseSources('[{"body":"洪泽区","region_code":"320813","url":"https://x.gov.cn/nb/"}]', 's.json')).toEqual([
      { body: '洪泽区', regionCode: '320813', url: 'https://x.gov.cn/nb/' },
    ]);
    expect(() => parseSources('body,url\nA,ftp://x\n', 's.csv')).toThrow('s.csv: entry 1: url must be an http(s) address');
    expect(() => parseSources('body,region_code,url\nA,32,https://x.cn/\n', 's.csv')).toThrow('region_code must be 6 or 9 digits');
    expect(() => parseSources('name,link\n', 's.csv')).toThrow('no "url" column');
  });
});
