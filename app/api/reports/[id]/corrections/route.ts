/**
 * POST /api/reports/:id/corrections — a reviewer's correction of a cell, or a failed check marked
 * "source inconsistent". The body carries what the reviewer saw (`expected`: the value in force
 * when the page was rendered, null for blank or for a check; `expectedCorrection`: the id of the
 * correction in force, null for none): if another correction landed since, 409 with the value now
 * in force and who set it, and nothing is written.
 */
import { recordCorrection, StaleCorrection } from '@/db/review';
import { CORRECTION_KINDS, CorrectionError, type CorrectionKind } from '@/lib/review/corrections';
import { errorResponse, HttpError } from '@/server/session';
import { jsonBody, refusalAsHttp, reportWrite, str, writeContext } from '@/server/routes';

const seenNumber = (v: unknown): number | null | undefined => (v === null ? null : typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { db, actor, id } = await reportWrite(req, (await ctx.params).id, 'correct');
    const body = await jsonBody(req);
    const kind = str(body.kind) as CorrectionKind;
    if (!CORRECTION_KINDS.includes(kind)) throw new HttpError(400, '未知的更正类型');
    const target = str(body.target);
    if (!target || target.length > 120) throw new HttpError(400, '缺少单元格或校验规则');
    const expected = seenNumber(body.expected);
    if (expected === undefined) throw new HttpError(400, '缺少页面显示时的现行值（expected，数字或 null）');
    const expectedCorrection = body.expectedCorrection === undefined ? undefined : seenNumber(body.expectedCorrection);
    if (body.expectedCorrection !== undefined && expectedCorrection === undefined) throw new HttpError(400, 'expectedCorrection 应为更正编号或 null');
    try {
      const c = await recordCorrection(
        writeContext(db, actor),
        id,
        { kind, target, entered: str(body.entered) ?? null, reason: str(body.reason) },
        { value: expected, correctionId: expectedCorrection },
      );
      return Response.json({ ok: true, correction: c });
    } catch (err) {
      if (err instanceof CorrectionError) throw new HttpError(400, err.message);
      if (err instanceof StaleCorrection) return Response.json({ error: err.message, current: err.current }, { status: 409 });
      throw refusalAsHttp(err);
    }
  } catch (err) {
    return errorResponse(err);
  }
}
