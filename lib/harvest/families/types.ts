/**
 * A CMS family whose detail pages are shells: the first HTML holds no report, and the body comes
 * from a content endpoint. Each family is one module (families/*.ts) listed in families/index.ts;
 * supporting another CMS is adding a module, not editing the crawler.
 */
import { resolveHref } from '../links';

/** The request that fetches a shell's content. */
export interface ContentRequest {
  url: string;
  method: 'POST' | 'GET';
  /** An application/x-www-form-urlencoded body. */
  form?: string;
}

/** What a content endpoint answered: the report's HTML, and/or files to fetch. */
export interface ShellContent {
  html?: string;
  title?: string;
  files: { url: string; name: string }[];
}

export interface ShellFamily {
  name: string;
  /** The content request for a page of this family, or null when the page is not one of its shells. */
  contentRequest(pageUrl: URL, html: string): ContentRequest | null;
  /** Reads the endpoint's answer (JSON text); throws with a one-line reason when it is not one. */
  readContent(body: string, pageUrl: URL): ShellContent;
}

/** Every value under `key` anywhere in a parsed JSON value (endpoints nest their payload differently). */
export function findKey(value: unknown, key: string, depth = 0): unknown[] {
  if (depth > 8 || value === null || typeof value !== 'object') return [];
  const out: unknown[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === key) out.push(v);
    out.push(...findKey(v, key, depth + 1));
  }
  return out;
}

/** The first non-empty string under one of the keys. */
export function firstString(value: unknown, keys: string[]): string | undefined {
  for (const key of keys) {
    const s = findKey(value, key).find((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (s) return s;
  }
  return undefined;
}

/**
 * The files an endpoint lists: every array under one of `listKeys`, each entry's URL (the first of
 * `urlKeys`, made absolute against the page) and name (the first of `nameKeys`).
 */
export function fileList(json: unknown, pageUrl: URL, keys: { list: string[]; url: string[]; name: string[] }): ShellContent['files'] {
  const files: ShellContent['files'] = [];
  for (const key of keys.list) {
    for (const list of findKey(json, key)) {
      if (!Array.isArray(list)) continue;
      for (const f of list) {
        const href = firstString(f, keys.url);
        const url = href ? resolveHref(href, pageUrl.href) : null;
        if (url) files.push({ url, name: firstString(f, keys.name) ?? '' });
      }
    }
  }
  return files;
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error('内容接口的回答不是 JSON');
  }
}
