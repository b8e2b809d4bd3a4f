/**
 * Single-page portals (Vue/React) with detail URLs `/art/info/<column>/<article>`: the HTML is an
 * empty app shell, and the article comes from a POST to `/html/info/detail` with `id=<article>`,
 * answering JSON with the article's HTML in `content` and its files in `attachments`/`files`.
 */
import { fileList, firstString, parseJson, type ShellFamily } from './types';

const PATH = /^\/art\/info\/([\w-]+)\/([\w-]+)\/?$/;

export const artInfo: ShellFamily = {
  name: '/art/info 单页应用',
  contentRequest(pageUrl) {
    const m = PATH.exec(pageUrl.pathname);
    if (!m) return null;
    return { url: new URL('/html/info/detail', pageUrl).href, method: 'POST', form: new URLSearchParams({ id: m[2] }).toString() };
  },
  readContent(body, pageUrl) {
    const json = parseJson(body);
    const html = firstString(json, ['content', 'htmlContent', 'articleContent']);
    const title = firstString(json, ['title', 'articleTitle']);
    const files = fileList(json, pageUrl, {
      list: ['attachments', 'files', 'fileList'],
      url: ['url', 'path', 'href'],
      name: ['name', 'title', 'fileName'],
    });
    if (!html && !files.length) throw new Error('单页应用内容接口没有给出正文或附件');
    return { html, title, files };
  },
};
