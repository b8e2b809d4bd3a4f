/** POST /api/reports/:id/corrections — a reviewer's correction of a cell, or a failed check marked "source inconsistent". */
import { recordCorrection } from '@/db/review';
import { CORRECTION_KINDS, CorrectionError, type CorrectionKind } from '@/lib/review/corrections';
import { errorResponse, HttpError } from '@/server/session';
import { jsonBody, reportWrite, str } from '@/server/routes';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { db, actor, id } = await reportWrite(req, (await ctx.params).id, 'correct');
    const body = await jsonBody(req);
    const kind = str(body.kind) as CorrectionKind;
    if (!CORRECTION_KINDS.includes(kind)) throw new HttpError(400, '未知的更正类型');
    const target = str(body.target);
    if (!target || target.length > 120) throw new HttpError(400, '缺少单元格或校验规则');
    try {
      const c = await recordCorrection(db, { userId: actor.id, userName: actor.username }, id, { kind, target, entered: str(body.entered) ?? null, reason: str(body.reason) });
      return Response.json({ ok: true, correction: c });
    } catch (err) {
      if (err instanceof CorrectionError) throw new HttpError(400, err.message);
      throw err;
    }
  } catch (err) {
    return errorResponse(err);
  }
}
