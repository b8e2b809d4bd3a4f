/** POST /api/reports/:id/version — an admin marks a version withdrawn, current, or back to automatic ({ pin }). */
import { setVersionPin } from '@/db/store';
import { errorResponse, HttpError } from '@/server/session';
import { jsonBody, refusalAsHttp, reportWrite, writeContext } from '@/server/routes';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { db, actor, id } = await reportWrite(req, (await ctx.params).id, 'set_version');
    const { pin } = await jsonBody(req);
    if (pin !== 'current' && pin !== 'withdrawn' && pin !== null) throw new HttpError(400, 'pin 应为 current、withdrawn 或 null');
    // The pin and its audit row (before/after) are one transaction.
    await setVersionPin(writeContext(db, actor), id, pin).catch((err) => Promise.reject(refusalAsHttp(err)));
    return Response.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
