/**
 * A fixture 政府信息公开 portal on 127.0.0.1: the bundled real reports published in each of the
 * ways real portals publish them (lib/harvest, server/harvest), for the harvester's tests.
 *
 *   /robots.txt                    Disallow: /private/
 *   /trs/index.html, index_1.html  TRS column, paged by createPageHTML(2, 0, "index", "html")
 *     art/t1.html                  the report inline (014, a real HTML report)
 *     art/t2.html                  a short page with the report attached as DOCX (000)
 *     art/t3.html                  inline (002) and an attached PDF (014's PDF): the inline one is parsed
 *     art/gone.html                404
 *     (a notice about reports, a 2015 report outside the years, and a robots-disallowed entry)
 *   /home/home_0.htm … home_2.htm  numbered pages
 *     GBK page declared only in the HTTP header (008), a 301 to the new address (010), a slow page
 *   /q/list?page=1 … 2             query paging: 429 then 200 (013), the DOCX again at a second URL
 *   /jpage/index.html              大汉 JPage: 2 records embedded (007, seeds 001), 2 more from dataproxy.jsp (seeds 002, 004)
 *   /wb/showinfo.html?infoGuid=…   新点 WebBuilder shells: content from getGovInfoDetail (seeds 003), and a pdflist (014's PDF)
 *   /art/info/12/345               /art/info shell: content from /html/info/detail (001)
 *   /big/huge.pdf                  an oversized file (over the test's cap)
 *
 * Every request is logged (method, path, when) with the largest number in flight at once.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { FIXTURES } from './fixtures';

export interface PortalRequest {
  method: string;
  path: string;
  body: string;
}

export interface Portal {
  origin: string;
  /** Column URLs: TRS, numbered, ?page=, JPage. */
  columns: { trs: string; home: string; query: string; jpage: string };
  /** The shells and files given as URLs directly. */
  direct: { webbuilder: string; webbuilderPdf: string; artInfo: string; docx: string; huge: string };
  requests: PortalRequest[];
  maxInFlight: number;
  /** The bytes served at each path of a report, to import directly and compare. */
  served: Map<string, Uint8Array>;
  /** Replaces what a path serves (a file corrected at the same URL). */
  replace(path: string, bytes: Uint8Array, contentType?: string): void;
  close(): Promise<void>;
}

const real = (name: string) => readFileSync(join(FIXTURES, 'real', name), 'utf8');
const seed = (name: string) => readFileSync(join(FIXTURES, 'seeds', `${name}.txt`), 'utf8');
const source = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, 'source', name)));
const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

/** A text report as the HTML page a portal shows it on (a paragraph a line), with a 发布日期. */
function reportPage(title: string, text: string, published: string, charsetMeta = true, extra = ''): string {
  return `<!doctype html><html><head>${charsetMeta ? '<meta charset="utf-8">' : ''}<title>${esc(title)}_政府信息公开</title></head><body>
<h1>${esc(title)}</h1><div class="info">发布日期：${published}</div><div class="content">
${text
  .split('\n')
  .map((l) => `<p>${esc(l)}</p>`)
  .join('\n')}
</div>${extra}</body></html>`;
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
const li = (href: string, title: string, date: string) =>
  `<li><a href="${href}" title="${title}" target="_blank">${title.length > 16 ? title.slice(0, 16) + '…' : title}</a><span class="date">${date}</span></li>`;

export const SEED = {
  s001: '001_3e09011248c3275f',
  s002: '002_3bb274d1443478a1',
  s003: '003_6790f04c403e7862',
  s004: '004_be8f56aee3e3e289',
};

export const GUID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
export const GUID_PDF = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

export async function startPortal(opts: { slowMs?: number } = {}): Promise<Portal> {
  const routes = new Map<string, { bytes: Uint8Array; type: string }>();
  const served = new Map<string, Uint8Array>();
  const put = (path: string, body: string | Uint8Array, type = 'text/html; charset=utf-8', report = false) => {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    routes.set(path, { bytes, type });
    if (report) served.set(path, bytes);
  };

  const docx = source('000-report.docx');
  const pdf014 = source('014-shanghai-2019.pdf');

  put('/robots.txt', 'User-agent: *\nDisallow: /private/\n', 'text/plain');

  // TRS column.
  put('/trs/art/t1.html', readFileSync(join(FIXTURES, 'real', '014_shanghai-govoffice-2019.html')), 'text/html; charset=utf-8', true);
  put(
    '/trs/art/t2.html',
    page(
      '建瓯市人民政府办公室2022年度政府信息公开工作年度报告',
      `<h1>建瓯市人民政府办公室2022年度政府信息公开工作年度报告</h1><p>发布日期：2023-01-17</p><p>附件：<a href="../files/jianou-2022.docx">建瓯市人民政府办公室2022年度政府信息公开工作年度报告.docx</a></p>`,
    ),
  );
  put('/trs/files/jianou-2022.docx', docx, 'application/octet-stream', true);
  put(
    '/trs/art/t3.html',
    reportPage(
      '洪泽区人民政府2023年政府信息公开工作年度报告',
      real('002_hongze-district-2023.txt'),
      '2024-01-30',
      true,
      '<p>附件：<a href="/trs/files/attached.pdf">报告.pdf</a></p>',
    ),
    'text/html; charset=utf-8',
    true,
  );
  put('/trs/files/attached.pdf', pdf014, 'application/pdf');
  put(
    '/trs/index.html',
    page(
      '政府信息公开年报',
      `<ul>${li('art/t1.html', '上海市人民政府办公厅2019年政府信息公开工作年度报告', '2020-01-31')}${li('./art/t2.html', '建瓯市人民政府办公室2022年度政府信息公开工作年度报告', '2023-01-17')}${li('/trs/art/notice.html', '关于做好2024年政府信息公开工作年度报告编制工作的通知', '2024-12-01')}</ul><script>createPageHTML(2, 0, "index", "html");</script>`,
    ),
  );
  put(
    '/trs/index_1.html',
    page(
      '政府信息公开年报',
      `<ul>${li('art/t3.html', '洪泽区人民政府2023年政府信息公开工作年度报告', '2024-01-30')}${li('art/gone.html', '某某县人民政府2021年政府信息公开工作年度报告', '2022-01-20')}${li('art/old.html', '某某县人民政府2015年政府信息公开工作年度报告', '2016-03-31')}${li('/private/r.html', '某某镇人民政府2022年政府信息公开工作年度报告', '2023-01-10')}</ul><script>createPageHTML(2, 1, "index", "html");</script>`,
    ),
  );

  // Numbered pages: home_0.htm … home_2.htm.
  const gbk = iconv.encode(
    reportPage('平潭综合实验区管委会2019年政府信息公开工作年度报告', real('008_pingtan-2019.txt'), '2020-01-20', false),
    'gbk',
  );
  put('/home/a/gbk.htm', gbk, 'text/html; charset=GBK', true);
  put(
    '/home/new/2021.htm',
    reportPage('平潭综合实验区管委会2021年政府信息公开工作年度报告', real('010_pingtan-2021.txt'), '2022-01-25'),
    'text/html; charset=utf-8',
    true,
  );
  const homeNav = '<div class="page"><a href="home_0.htm">首页</a><a href="home_1.htm">2</a><a href="home_2.htm">末页</a></div>';
  put('/home/home_0.htm', page('年报', `<ul>${li('a/gbk.htm', '平潭综合实验区管委会2019年政府信息公开工作年度报告', '2020-01-20')}</ul>${homeNav}`));
  put(
    '/home/home_1.htm',
    page('年报', `<ul>${li('old/2021.htm', '平潭综合实验区管委会2021年政府信息公开工作年度报告', '2022-01-25')}</ul>${homeNav}`),
  );
  put(
    '/home/home_2.htm',
    page('年报', `<ul>${li('slow/2023.htm', '平潭综合实验区管委会2023年政府信息公开工作年度报告', '2024-01-22')}</ul>${homeNav}`),
  );

  // ?page=N: a 429 first, then the report; the DOCX again at another URL.
  put(
    '/q/art/2025.html',
    reportPage('平潭综合实验区管委会2025年政府信息公开工作年度报告', real('013_pingtan-2025.txt'), '2026-01-20'),
    'text/html; charset=utf-8',
    true,
  );
  put('/q/mirror/report.docx', docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const qNav = '<div><a href="list?page=1">1</a><a href="list?page=2">2</a><a href="list?page=2">下一页</a></div>';
  put('/q/list?page=1', page('年报', `<ul>${li('art/2025.html', '平潭综合实验区管委会2025年政府信息公开工作年度报告', '2026-01-20')}</ul>${qNav}`));
  put(
    '/q/list?page=2',
    page('年报', `<ul>${li('mirror/report.docx', '建瓯市人民政府办公室2022年度政府信息公开工作年度报告（镜像）', '2023-01-17')}</ul>${qNav}`),
  );

  // 大汉 JPage: records in script, the rest from the data proxy.
  const recordPage = (key: string, title: string, text: string, date: string) => {
    put(`/jpage/art/${key}.html`, reportPage(title, text, date), 'text/html; charset=utf-8', true);
    return `<record><![CDATA[${li(`/jpage/art/${key}.html`, title, date)}]]></record>`;
  };
  const r0 = recordPage('r007', '平潭综合实验区2023年度政府信息公开工作年度报告', real('007_pingtan-2023.txt'), '2024-01-19');
  const r1 = recordPage('s001', '彰武县彰武镇2022年政府信息公开工作年度报告', seed(SEED.s001), '2023-01-18');
  put(
    '/jpage/index.html',
    page(
      '年报',
      `<div id="4711"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&amp;webid=3&amp;path=/&amp;columnid=4711&amp;unitid=9001&amp;permissiontype=0"></a>]]></nextgroup><recordset>${r0}${r1}</recordset></datastore></script></div><script>var jpage = new JPage({ totalRecord: 4, perpage: 2, unitid: 9001 });</script>`,
    ),
  );
  const proxyRecords =
    recordPage('s002', '武威市2023年政府信息公开工作年度报告', seed(SEED.s002), '2024-02-21') +
    recordPage('s004', '罗庄区2023年政府信息公开工作年度报告', seed(SEED.s004), '2024-01-21');
  put(
    '/module/web/jpage/dataproxy.jsp',
    `<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>4</totalrecord><recordset>${proxyRecords}</recordset></datastore>`,
    'text/xml; charset=utf-8',
  );

  // 新点 WebBuilder shells.
  const wbShell = `<html><head><meta charset="utf-8"><title>信息公开</title></head><body><div id="app"></div><script>$.ajax({ url: siteInfo.projectName + "/rest/xxgkinfo/getGovInfoDetail", type: "post", data: { params: JSON.stringify({ infoid: guid }) } });</script></body></html>`;
  put(`/wb/showinfo.html?infoGuid=${GUID}`, wbShell);
  put(`/wb/showinfo.html?infoGuid=${GUID_PDF}`, wbShell);
  put('/wb/files/shanghai-2019.pdf', pdf014, 'application/octet-stream', true);
  const s003 = seed(SEED.s003);
  const s003Html = s003
    .split('\n')
    .map((l) => `<p>${esc(l)}</p>`)
    .join('');

  // /art/info single-page app.
  const huaian = real('001_huaian-city-2024.txt');
  put(
    '/art/info/12/345',
    '<!doctype html><html><head><meta charset="utf-8"><title>详情</title></head><body><div id="root"></div><script src="/static/app.js"></script></body></html>',
  );

  put('/big/huge.pdf', new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1024 * 1024, 0x20)])), 'application/pdf');

  const requests: PortalRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let qHits = 0;
  const pending = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = req.url ?? '/';
    const send = (status: number, bytes: Uint8Array | string, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(bytes);
    };
    if (path === '/home/old/2021.htm') return send(301, '', 'text/html', { location: '/home/new/2021.htm' });
    if (path === '/home/slow/2023.htm') {
      // Never answers: the harvester's timeout ends it (the server closes it at the end).
      pending.add(res);
      return;
    }
    if (path === '/q/art/2025.html' && qHits++ === 0) return send(429, 'busy', 'text/plain', { 'retry-after': '0' });
    if (path === '/wb/rest/xxgkinfo/getGovInfoDetail' && req.method === 'POST') {
      const params = JSON.parse(new URLSearchParams(body).get('params') ?? '{}') as { infoid?: string };
      if (params.infoid === GUID)
        return send(200, JSON.stringify({ custom: { title: '淳化县2023年政府信息公开工作年度报告', infocontent: s003Html } }), 'application/json');
      if (params.infoid === GUID_PDF)
        return send(
          200,
          JSON.stringify({
            custom: {
              title: '上海市人民政府办公厅2019年政府信息公开工作年度报告',
              pdflist: [{ name: '报告.pdf', url: '/wb/files/shanghai-2019.pdf' }],
            },
          }),
          'application/json',
        );
      return send(200, JSON.stringify({ custom: {} }), 'application/json');
    }
    if (path === '/html/info/detail' && req.method === 'POST') {
      if (new URLSearchParams(body).get('id') !== '345') return send(404, 'no such article', 'text/plain');
      const content = huaian
        .split('\n')
        .map((l) => `<p>${esc(l)}</p>`)
        .join('');
      return send(200, JSON.stringify({ code: 0, data: { title: '淮安市人民政府2024年政府信息公开工作年度报告', content } }), 'application/json');
    }
    const route = routes.get(path) ?? routes.get(path.split('?')[0]);
    if (!route) return send(404, 'not found', 'text/plain');
    await new Promise((r) => setTimeout(r, opts.slowMs ?? 5));
    send(200, route.bytes, route.type, { 'content-length': String(route.bytes.length) });
  };

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', body });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      void handle(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    columns: {
      trs: `${origin}/trs/index.html`,
      home: `${origin}/home/home_0.htm`,
      query: `${origin}/q/list?page=1`,
      jpage: `${origin}/jpage/index.html`,
    },
    direct: {
      webbuilder: `${origin}/wb/showinfo.html?infoGuid=${GUID}`,
      webbuilderPdf: `${origin}/wb/showinfo.html?infoGuid=${GUID_PDF}`,
      artInfo: `${origin}/art/info/12/345`,
      docx: `${origin}/trs/files/jianou-2022.docx`,
      huge: `${origin}/big/huge.pdf`,
    },
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    served,
    replace(path, bytes, type = 'application/octet-stream') {
      routes.set(path, { bytes, type });
      served.set(path, bytes);
    },
    async close() {
      for (const r of pending) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
