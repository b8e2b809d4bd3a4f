/** The shell families the harvester knows, tried in order (adding a CMS is adding it here). */
import { artInfo } from './art-info';
import { webbuilder } from './webbuilder';
import type { ContentRequest, ShellFamily } from './types';

export const SHELL_FAMILIES: readonly ShellFamily[] = [webbuilder, artInfo];

/** The family whose shell this page is, with its content request; null for an ordinary page. */
export function shellOf(pageUrl: URL, html: string): { family: ShellFamily; request: ContentRequest } | null {
  for (const family of SHELL_FAMILIES) {
    const request = family.contentRequest(pageUrl, html);
    if (request) return { family, request };
  }
  return null;
}
