/**
 * The signed-in account as the policy sees it, for server components, server actions and route
 * handlers. Every write goes through `requireActor`, which answers 401/403 itself.
 */
import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { authorize, parseRole, statusOf, type Action, type Actor, type ReportTarget } from '@/lib/auth/policy';
import { currentTrust, originVerdict, viewRequest } from '@/lib/http/trust';
import { getAuth } from './auth';

export interface SignedIn extends Actor {
  name: string;
  username: string;
}

/** The account of the request's session, or null (anonymous, expired, disabled, unknown role). */
export async function actorFrom(h: Headers): Promise<SignedIn | null> {
  const auth = await getAuth();
  const s = await auth.api.getSession({ headers: h });
  if (!s) return null;
  const u = s.user as typeof s.user & { role?: string; regionCode?: string | null; disabledAt?: Date | null; username?: string | null };
  const role = parseRole(u.role ?? '');
  if (!role || u.disabledAt) return null;
  return { id: u.id, role, regionCode: u.regionCode ?? null, name: u.name, username: u.username ?? u.name };
}

export async function currentActor(): Promise<SignedIn | null> {
  return actorFrom(await headers());
}

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const REFUSAL = { 401: '请先登录', 403: '无权进行此操作' } as const;

/** The actor allowed to do `action` (on `report`), or an HttpError 401/403. */
export function check(actor: SignedIn | null, action: Action, report?: ReportTarget): SignedIn {
  const d = authorize(actor, action, report);
  if (d !== 'allow') throw new HttpError(statusOf(d), REFUSAL[statusOf(d)]);
  return actor!;
}

/**
 * CSRF guard for route handlers that write: the browser's Origin (or, lacking it, Referer) must be
 * this site — scheme, host and port — as lib/http/trust.ts sees the request (X-Forwarded-Host and
 * -Proto only from a trusted proxy). Session cookies are SameSite=Lax as well, so a cross-site
 * form post carries none; server actions get the same Origin check from Next itself.
 */
export function checkSameOrigin(req: Request): void {
  const verdict = originVerdict(req.headers, viewRequest(req.headers, currentTrust()));
  if (verdict === 'missing') throw new HttpError(403, '请求来源不明');
  if (verdict === 'cross') throw new HttpError(403, '跨站请求被拒绝');
}

/** A JSON error response for a thrown HttpError (other errors are re-thrown). */
export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError) return Response.json({ error: err.message }, { status: err.status });
  throw err;
}

/**
 * For pages: the signed-in actor allowed to `action`, or a redirect to the sign-in page (anonymous)
 * / null (signed in without the right; the page says so).
 */
export async function pageActor(path: string, action: Action): Promise<SignedIn | null> {
  const actor = await currentActor();
  if (!actor) redirect(`/login?next=${encodeURIComponent(path)}`);
  return authorize(actor, action) === 'allow' ? actor : null;
}
