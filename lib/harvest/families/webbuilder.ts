/**
 * 新点 (Epoint) WebBuilder: detail pages `showinfo.html?infoGuid=<uuid>` whose body comes from a
 * POST to `…/rest/…/getGovInfoDetail` with the form field `params={"infoid":"<uuid>"}`; the answer
 * is JSON with the article's HTML in `infocontent`, or only its files in `pdflist`.
 */
import { resolveHref } from '../links';
import { fileList, firstString, parseJson, type ShellFamily } from './types';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENDPOINT = /(\+\s*)?["']([^"'\s]*\/rest\/[^"'\s]*getGovInfoDetail)["']/g;

/**
 * The endpoint the page's script names. Installations live under a project folder (`/wb/…`) and
 * scripts write the path either whole or as `siteInfo.projectName + "/rest/…"`: a whole path is
 * preferred; a concatenated one gets the page's first folder in front.
 */
function endpointOf(html: string, pageUrl: URL): string | null {
  const found = [...html.matchAll(ENDPOINT)];
  const project = /^\/[^/]+(?=\/)/.exec(pageUrl.pathname)?.[0] ?? '';
  const whole = found.find((m) => !m[1] && (!project || m[2].startsWith(project) || /^https?:/.test(m[2])));
  if (whole) return whole[2];
  const joined = found.find((m) => m[1] && m[2].startsWith('/'));
  if (joined) return project + joined[2];
  return found[0]?.[2] ?? null;
}

export const webbuilder: ShellFamily = {
  name: '新点 WebBuilder',
  contentRequest(pageUrl, html) {
    const guid = pageUrl.searchParams.get('infoGuid') ?? pageUrl.searchParams.get('infoguid');
    if (!guid || !GUID.test(guid)) return null;
    // The page's script names the endpoint (its path differs per installation).
    const endpoint = endpointOf(html, pageUrl);
    if (!endpoint) return null;
    const url = resolveHref(endpoint, pageUrl.href);
    if (!url) return null;
    return { url, method: 'POST', form: new URLSearchParams({ params: JSON.stringify({ infoid: guid }) }).toString() };
  },
  readContent(body, pageUrl) {
    const json = parseJson(body);
    const html = firstString(json, ['infocontent', 'infoContent']);
    const title = firstString(json, ['title', 'infotitle']);
    const files = fileList(json, pageUrl, { list: ['pdflist'], url: ['url', 'fileurl', 'path'], name: ['name', 'filename', 'title'] });
    if (!html && !files.length) throw new Error('新点内容接口没有给出正文或附件');
    return { html, title, files };
  },
};
