/** POST /api/reports/:id/version — an admin marks a version withdrawn, current, or back to automatic ({ pin }). */
import { sql } from 'drizzle-orm';
import { recordAudit } from '@/db/audit';
import { col } from '@/db/rows';
import { setVersionPin } from '@/db/store';
import { errorResponse, HttpError } from '@/server/session';
import { jsonBody, reportWrite } from '@/server/routes';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { db, actor, id } = await reportWrite(req, (await ctx.params).id, 'set_version');
    const { pin } = await jsonBody(req);
    if (pin !== 'current' && pin !== 'withdrawn' && pin !== null) throw new HttpError(400, 'pin 应为 current、withdrawn 或 null');
    const before = (await db.one(sql`select version_pin as pin from reports where id = ${id}`, { pin: col.textOrNull }))!;
    await setVersionPin(db, id, pin);
    await recordAudit(db, { userId: actor.id, userName: actor.username }, { action: 'version', reportId: id, detail: { before: before.pin, after: pin } });
    return Response.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
