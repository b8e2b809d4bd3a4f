/**
 * POST /api/reports/:id/meta — the manifest fields of a stored report (agency, region, year, URL,
 * publication date), applied as a manifest line is: the stored text re-parsed with them. The
 * policy decides on the report as stored and as declared, in the transaction with the audit row.
 */
import { redeclareReport } from '@/db/import';
import { sql } from 'drizzle-orm';
import { col } from '@/db/rows';
import { WriteRefused } from '@/lib/auth/policy';
import { MANIFEST_FIELDS, manifestEntryFrom } from '@/lib/import/manifest';
import { errorResponse, HttpError } from '@/server/session';
import { jsonBody, refusalAsHttp, reportWrite, str, writeContext } from '@/server/routes';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { db, actor, id } = await reportWrite(req, (await ctx.params).id, 'edit_meta');
    const body = await jsonBody(req);
    const { file } = (await db.one(sql`select source_file as file from reports where id = ${id}`, { file: col.text }))!;
    try {
      const entry = manifestEntryFrom(file, Object.fromEntries(MANIFEST_FIELDS.map((k) => [k, str(body[k])])));
      await redeclareReport(writeContext(db, actor), id, entry);
    } catch (err) {
      if (err instanceof WriteRefused) throw refusalAsHttp(err);
      throw new HttpError(400, (err as Error).message.replace(/^region_code (\d+) is not in the GB\/T 2260 gazetteer$/, '地区代码 $1 不在 GB/T 2260 中'));
    }
    return Response.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
