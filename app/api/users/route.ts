/** POST /api/users — an admin creates an account (username, password, role, regionCode, name). */
import { getDb } from '@/db/client';
import { canManageUser, parseRole, statusOf } from '@/lib/auth/policy';
import { actorFrom, checkSameOrigin, errorResponse, HttpError } from '@/server/session';
import { jsonBody, str } from '@/server/routes';
import { AccountRefused, createUser, userProblems } from '@/server/users';

export async function POST(req: Request): Promise<Response> {
  try {
    const actor = await actorFrom(req.headers);
    const body = await jsonBody(req);
    const u = {
      username: str(body.username)?.trim() ?? '',
      password: str(body.password) ?? '',
      role: str(body.role) ?? '',
      regionCode: str(body.regionCode)?.trim() || null,
    };
    const d = canManageUser(actor, { role: parseRole(u.role) ?? 'reviewer', regionCode: u.regionCode });
    if (d !== 'allow') throw new HttpError(statusOf(d), d === 'unauthenticated' ? '请先登录' : '无权管理此账号');
    checkSameOrigin(req);
    const problems = userProblems(u);
    if (problems.length) throw new HttpError(400, problems.join('；'));
    const db = await getDb();
    let id: string;
    try {
      // The account and its audit row are one transaction.
      ({ id } = await createUser(
        db,
        { ...u, role: parseRole(u.role)!, name: str(body.name)?.trim() || undefined },
        { userId: actor!.id, userName: actor!.username },
      ));
    } catch (err) {
      if (err instanceof AccountRefused) throw new HttpError(err.status, err.message);
      throw err;
    }
    return Response.json({ ok: true, id });
  } catch (err) {
    return errorResponse(err);
  }
}
