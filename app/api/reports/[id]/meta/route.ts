/**
 * POST /api/reports/:id/meta — the manifest fields of a stored report (agency, region, year, URL,
 * publication date), applied as a manifest line is: the stored text re-parsed with them.
 */
import { sql } from 'drizzle-orm';
import { recordAudit } from '@/db/audit';
import { col } from '@/db/rows';
import { redeclareReport } from '@/db/import';
import { inScope } from '@/lib/auth/policy';
import { MANIFEST_FIELDS, manifestEntryFrom } from '@/lib/import/manifest';
import { errorResponse, HttpError } from '@/server/session';
import { jsonBody, reportWrite, str } from '@/server/routes';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { db, actor, id } = await reportWrite(req, (await ctx.params).id, 'edit_meta');
    const body = await jsonBody(req);
    const before = (await db.one(sql`select source_file as file, declared, source_url as url from reports where id = ${id}`, { file: col.text, declared: col.jsonOrNull<Record<string, unknown>>(), url: col.textOrNull }))!;
    let entry;
    try {
      entry = manifestEntryFrom(before.file, Object.fromEntries(MANIFEST_FIELDS.map((k) => [k, str(body[k])])));
      await redeclareReport(db, id, entry, (meta) => (inScope(actor, { regionCode: meta.region_code, townCode: meta.town_code, uploadedBy: actor.id }) ? null : '不能把报告改到您负责的地区以外'));
    } catch (err) {
      throw new HttpError(400, (err as Error).message.replace(/^region_code (\d+) is not in the GB\/T 2260 gazetteer$/, '地区代码 $1 不在 GB/T 2260 中'));
    }
    await recordAudit(db, { userId: actor.id, userName: actor.username }, {
      action: 'metadata',
      reportId: id,
      detail: { before: { declared: before.declared, url: before.url }, after: entry ?? null },
    });
    return Response.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
