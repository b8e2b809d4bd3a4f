/**
 * GET /api/places?q=淮安       — regions (down to townships) and agencies whose name contains q
 * GET /api/places?parent=320800 — the children of a region with report counts (the browser);
 *                                 no parent: the provinces
 */
import type { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { getChildCounts, getRegionAgencies, searchPlaces } from '@/db/queries/places';
import { isRegionCode } from '@/lib/url/params';
import { ancestry } from '@/lib/region/gazetteer';

export async function GET(request: NextRequest) {
  const sp = request.nextUrl.searchParams;
  const db = await getDb();
  const q = sp.get('q')?.trim().slice(0, 40);
  if (q) return Response.json({ hits: await searchPlaces(db, q, 20) });
  const parent = sp.get('parent');
  const code = parent && isRegionCode(parent) ? parent : null;
  return Response.json({
    parent: code,
    trail: code ? ancestry(code).map((r) => ({ code: r.code, name: r.name, level: r.level })) : [],
    children: await getChildCounts(db, code),
    agencies: code ? await getRegionAgencies(db, code, 50) : [],
  });
}
