/**
 * Shared steps of the write route handlers: the signed-in actor allowed to act on a report
 * (401 anonymous, 403 outside role or region, 404 unknown report), a same-origin check, a JSON
 * body of bounded size, and the context of the write service — which decides again, with the
 * same policy, inside its transaction on the row it changes (this early check only spares the
 * work of a request that cannot succeed).
 */
import 'server-only';
import type { ReportWriteContext } from '@/db/audit';
import { getDb, type Db } from '@/db/client';
import { reportTarget } from '@/db/queries/review';
import { WriteRefused, type Action, type ReportTarget } from '@/lib/auth/policy';
import { actorFrom, check, checkSameOrigin, HttpError, type SignedIn } from './session';

export async function reportWrite(
  req: Request,
  idParam: string,
  action: Action,
): Promise<{ db: Db; actor: SignedIn; id: number; target: ReportTarget }> {
  const actor = check(await actorFrom(req.headers), action);
  checkSameOrigin(req);
  if (!/^\d{1,10}$/.test(idParam)) throw new HttpError(404, '报告不存在');
  const db = await getDb();
  const id = Number(idParam);
  const target = await reportTarget(db, id);
  if (!target) throw new HttpError(404, '报告不存在');
  check(actor, action, target);
  return { db, actor, id, target };
}

/** The context of a write service (db/audit.ts): the policy decides on `actor`, the audit row names the account. */
export function writeContext(db: Db, actor: SignedIn): ReportWriteContext {
  return { db, actor: { id: actor.id, role: actor.role, regionCode: actor.regionCode }, who: { userId: actor.id, userName: actor.username } };
}

/** A refusal the write service made inside its transaction, as the HTTP error it is. */
export function refusalAsHttp(err: unknown): unknown {
  return err instanceof WriteRefused ? new HttpError(err.status, err.message) : err;
}

export async function jsonBody(req: Request, max = 64 * 1024): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (text.length > max) throw new HttpError(413, '请求过大');
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, '请求格式错误（应为 JSON 对象）');
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
