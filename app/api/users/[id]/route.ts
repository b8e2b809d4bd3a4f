/** POST /api/users/:id — an admin changes an account's role or region, or disables / re-enables it. */
import { getDb } from '@/db/client';
import { AccountRefused, findUser, updateUser } from '@/server/users';
import { canManageUser, parseRole, statusOf, type Role } from '@/lib/auth/policy';
import { regionByCode } from '@/lib/region/gazetteer';
import { actorFrom, checkSameOrigin, errorResponse, HttpError } from '@/server/session';
import { jsonBody, str } from '@/server/routes';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const actor = await actorFrom(req.headers);
    if (!actor) throw new HttpError(401, '请先登录');
    const { id } = await ctx.params;
    const db = await getDb();
    const user = await findUser(db, id);
    // The account as it is must be the admin's to manage, and so must the account as it will be
    // (decided here to answer early, and again by updateUser on the row it changes).
    const now = { role: (parseRole(user?.role ?? '') ?? 'reviewer') as Role, regionCode: user?.regionCode ?? null };
    const d0 = canManageUser(actor, now);
    if (d0 !== 'allow') throw new HttpError(statusOf(d0), '无权管理此账号');
    checkSameOrigin(req);
    if (!user) throw new HttpError(404, '账号不存在');
    const body = await jsonBody(req);
    const role = body.role === undefined ? now.role : parseRole(str(body.role) ?? '');
    if (!role) throw new HttpError(400, '角色须为 reviewer 或 admin');
    const regionCode = body.regionCode === undefined ? now.regionCode : str(body.regionCode)?.trim() || null;
    if (regionCode && !regionByCode(regionCode)) throw new HttpError(400, `地区代码 ${regionCode} 不在 GB/T 2260 中`);
    const d1 = canManageUser(actor, { role, regionCode });
    if (d1 !== 'allow') throw new HttpError(403, '不能授予超出自己范围的权限');
    if (id === actor.id && (body.disabled === true || role !== 'admin')) throw new HttpError(400, '不能停用自己或取消自己的管理员角色');
    const disabled = body.disabled === undefined ? user.disabled : Boolean(body.disabled);
    try {
      // The change, the signing out and the audit row (before/after) are one transaction.
      await updateUser({ db, actor, who: { userId: actor.id, userName: actor.username } }, id, { role, regionCode, disabled });
    } catch (err) {
      if (err instanceof AccountRefused) throw new HttpError(err.status, err.message);
      throw err;
    }
    return Response.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
