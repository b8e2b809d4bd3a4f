/**
 * POST /api/reports/:id/meta — the manifest fields of a stored report (agency, region, year, URL,
 * publication date), applied as a manifest line is: the stored text re-parsed with them. The
 * policy decides on the report as stored and as declared, in the transaction with the audit row.
 */
import { redeclareReport } from '@/db/import';
import { getReportSourceFile } from '@/db/queries/reports';
import { regionByCode } from '@/lib/region/gazetteer';
import { MANIFEST_FIELDS, manifestEntryFrom } from '@/lib/import/manifest';
import { errorResponse, HttpError } from '@/server/session';
import { jsonBody, refusalAsHttp, reportWrite, str, writeContext } from '@/server/routes';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { db, actor, id } = await reportWrite(req, (await ctx.params).id, 'edit_meta');
    const body = await jsonBody(req);
    const file = await getReportSourceFile(db, id);
    if (file === null) throw new HttpError(404, '报告不存在');
    let entry;
    try {
      entry = manifestEntryFrom(file, Object.fromEntries(MANIFEST_FIELDS.map((k) => [k, str(body[k])])));
    } catch (err) {
      throw new HttpError(400, (err as Error).message);
    }
    if (entry?.region_code && !regionByCode(entry.region_code)) throw new HttpError(400, `地区代码 ${entry.region_code} 不在 GB/T 2260 中`);
    // Any other failure is the server's (500), and changed nothing: the re-parse and its audit row are one transaction.
    await redeclareReport(writeContext(db, actor), id, entry).catch((err) => Promise.reject(refusalAsHttp(err)));
    return Response.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
