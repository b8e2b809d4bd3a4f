/**
 * POST /api/account {"name": "…"} — the signed-in account changes its display name (validated,
 * audited). Nothing else about an account changes here.
 */
import { getDb } from '@/db/client';
import { checkDisplayName } from '@/lib/auth/display-name';
import { changeDisplayName } from '@/server/account';
import { jsonBody } from '@/server/routes';
import { actorFrom, checkSameOrigin, errorResponse, HttpError } from '@/server/session';

export async function POST(req: Request): Promise<Response> {
  try {
    const actor = await actorFrom(req.headers);
    if (!actor) throw new HttpError(401, '请先登录');
    checkSameOrigin(req);
    const body = await jsonBody(req, 4 * 1024);
    const checked = checkDisplayName(body.name);
    if ('problem' in checked) throw new HttpError(400, checked.problem);
    await changeDisplayName(await getDb(), actor, checked.name);
    return Response.json({ name: checked.name });
  } catch (e) {
    return errorResponse(e);
  }
}
