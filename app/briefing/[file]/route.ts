/**
 * GET /briefing/<view>.docx?<view state> — a Word briefing (简报) of a dashboard view: its charts
 * as high-resolution images with captions, their numbers as Word tables, the filters in words,
 * definitions, coverage, failed checks and sources (app/_data/briefing.ts, lib/briefing/docx.ts).
 * Views: compare (?r=…&a=…&y=…&m=…&t=…), overview (?r=…&y=…), region (?code=…&y=…&m=…), agency (?id=…).
 * Kept in memory while the data are unchanged and built within a per-client budget
 * (server/costly-files.ts).
 */
import type { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { BRIEFING_VIEWS, loadBriefing } from '@/app/_data/briefing';
import { briefingDocx } from '@/lib/briefing/docx';
import { MissingFontError } from '@/lib/charts/png';
import { briefingFileName } from '@/lib/briefing/model';
import { serveCostly } from '@/server/costly-files';
import { currentTrust, linkOrigin, viewRequest } from '@/lib/http/trust';

/** The site's address as the reader used it (the document's links must work outside the site). */
function origin(request: NextRequest): string {
  return linkOrigin(viewRequest(request.headers, currentTrust()), process.env.BETTER_AUTH_URL, request.nextUrl.origin);
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const noSuchView = () =>
  new Response('未找到该视图，或尚未选择地区或单位 / no such view, or nothing selected\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });

export async function GET(request: NextRequest, ctx: { params: Promise<{ file: string }> }) {
  const { file } = await ctx.params;
  const m = /^([a-z-]+)\.docx$/.exec(file);
  if (!m || !Object.hasOwn(BRIEFING_VIEWS, m[1])) return noSuchView();
  const date = new Date().toISOString().slice(0, 10);
  return serveCostly(request, 'briefing', file, [date, origin(request)], () => render(request, m[1], date));
}

async function render(request: NextRequest, view: string, date: string): Promise<Response> {
  let briefing;
  try {
    briefing = await loadBriefing(await getDb(), view, request.nextUrl.searchParams, origin(request), date);
  } catch (e) {
    if (!(e instanceof MissingFontError)) throw e;
    console.error(e.message);
    return new Response(`${e.message}\n`, {
      status: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    });
  }
  if (!briefing) return noSuchView();
  const body = await briefingDocx(briefing);
  const name = briefingFileName(briefing);
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': DOCX,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
      'Cache-Control': 'public, max-age=300',
      // An ASCII fallback name, and the Chinese one (RFC 6266 / 5987).
      'Content-Disposition': `attachment; filename="briefing-${view}-${date}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  });
}
