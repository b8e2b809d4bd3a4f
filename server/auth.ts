/**
 * Authentication: better-auth with its drizzle adapter on the project database. Username and
 * password only (no public sign-up: accounts come from `npm run user:add` or an admin); sessions
 * in the database; cookies httpOnly and SameSite=Lax, Secure when the site is https (a trusted
 * proxy says so, or BETTER_AUTH_URL is https). Password hashing, tokens and cookie signing are
 * better-auth's. Every request to /api/auth goes through `authRequest`, which tells better-auth
 * the client's address as lib/http/trust.ts decides it (never a client's own X-Forwarded-For).
 *
 * Sign-in is limited twice, both counted in the database (shared by every server process): per
 * client address over all accounts (better-auth's rate limit, auth_rate_limits) and per account
 * with a backoff that slows only the clients that failed on it (server/sign-in-guard.ts), so a
 * stranger's wrong passwords never lock the real user out. Endpoints the site does not use
 * (email sign-in, profile and username changes, password reset…) are switched off. Account
 * events — sign-in, failed sign-in, sign-out, password change — are written to the audit log.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { username } from 'better-auth/plugins';
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { getDb, type Db } from '@/db/client';
import { col } from '@/db/rows';
import * as sqliteSchema from '@/db/schema';
import * as pgSchema from '@/db/schema.pg';
import { recordAudit } from '@/db/audit';
import { currentTrust, isHttps, viewRequest, type TrustConfig } from '@/lib/http/trust';
import { authSecret } from './secret';
import { accountKey, clearSignInFailures, recordSignInFailure, signInBackoff } from './sign-in-guard';

/** better-auth's models → the project's auth tables, in either dialect's schema module. */
function authTables(s: typeof sqliteSchema | typeof pgSchema) {
  return { user: s.authUsers, session: s.authSessions, account: s.authAccounts, verification: s.authVerifications, rateLimit: s.authRateLimits };
}

/** better-auth's adapter on the project's connection: its own drizzle instance over the same handle. */
function adapterFor(db: Db) {
  if (db.sqlite) {
    const schema = authTables(sqliteSchema);
    return drizzleAdapter(drizzleSqlite(db.sqlite, { schema }), { provider: 'sqlite', schema });
  }
  if (db.pgPool) {
    const schema = authTables(pgSchema);
    return drizzleAdapter(drizzlePg(db.pgPool, { schema }), { provider: 'pg', schema });
  }
  throw new Error(`accounts need SQLite or PostgreSQL (${db.where})`);
}

/** Sign-in attempts allowed per client address (over all accounts) per minute. */
export const SIGN_IN_LIMIT = { window: 60, max: 5 };
export const SESSION_DAYS = 7;

/**
 * The client's address as lib/http/trust.ts decided it, set by `authRequest` (a client's own is
 * dropped): the only address header better-auth reads.
 */
export const CLIENT_HEADER = 'x-gongkai-client';

/**
 * better-auth endpoints the site does not use, answered 404. We sign in by username only; the
 * display name changes through /api/account (audited, validated), never the username or image;
 * no e-mail is ever sent, so no reset or verification links; no social accounts.
 */
export const DISABLED_PATHS = [
  '/sign-in/email',
  '/sign-up/email',
  '/sign-in/social',
  '/update-user',
  '/is-username-available',
  '/change-email',
  '/delete-user',
  '/delete-user/callback',
  '/request-password-reset',
  '/reset-password',
  '/send-verification-email',
  '/verify-email',
  '/verify-password',
  '/update-session',
  '/link-social',
  '/unlink-account',
  '/list-accounts',
  '/account-info',
  '/get-access-token',
  '/refresh-token',
];

/** The message of a refused sign-in to a disabled account (shown as is on the login page). */
export const ACCOUNT_UNAVAILABLE = '账号不可用';

const clientOf = (h: Headers | undefined) => h?.get(CLIENT_HEADER) ?? null;

/** An audit row for an account event; `who` is the account (or, for a failed sign-in, nobody). */
async function auditAccount(db: Db, who: { id: string | null; name: string }, event: string, target: string, detail: Record<string, unknown> = {}) {
  await recordAudit(db, { userId: who.id, userName: who.name }, { action: 'account', target, detail: { event, ...detail } });
}

function createAuth(db: Db) {
  const url = process.env.BETTER_AUTH_URL;
  return betterAuth({
    appName: 'Gongkai',
    secret: authSecret(),
    ...(url ? { baseURL: url } : {}),
    database: adapterFor(db),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        role: { type: 'string', required: true, defaultValue: 'reviewer', input: false },
        regionCode: { type: 'string', required: false, input: false },
        disabledAt: { type: 'date', required: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * SESSION_DAYS, updateAge: 60 * 60 * 24 },
    disabledPaths: DISABLED_PATHS,
    databaseHooks: {
      session: {
        create: {
          // A disabled account cannot start a session, whatever its password: a 403 the login
          // page shows as 账号不可用 (reached only with the right password, so it tells nothing
          // a wrong one would not).
          before: async (session) => {
            const u = await db.one(
              sql`select case when disabled_at is null then 0 else 1 end as disabled from auth_users where id = ${session.userId}`,
              { disabled: col.flag },
            );
            if (u?.disabled) throw new APIError('FORBIDDEN', { message: ACCOUNT_UNAVAILABLE, code: 'ACCOUNT_DISABLED' });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === '/sign-in/username') {
          const name = typeof ctx.body?.username === 'string' ? ctx.body.username : '';
          const d = await signInBackoff(db, name, clientOf(ctx.headers), Date.now());
          if (!d.allowed) {
            const seconds = Math.ceil(d.retryAfterMs / 1000);
            throw new APIError(
              'TOO_MANY_REQUESTS',
              { message: `尝试次数过多，请 ${seconds} 秒后再试`, code: 'SIGN_IN_BACKOFF' },
              { 'X-Retry-After': String(seconds) },
            );
          }
        }
        // Other sessions of the account end with a password change, whatever the client asked.
        if (ctx.path === '/change-password') return { context: { body: { ...ctx.body, revokeOtherSessions: true } } };
        if (ctx.path === '/sign-out') {
          const s = await getSessionFromCtx(ctx);
          if (s) await auditAccount(db, accountOf(s.user), 'sign_out', accountOf(s.user).name, { client: clientOf(ctx.headers) });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        const failed = returned instanceof APIError;
        const client = clientOf(ctx.headers);
        if (ctx.path === '/sign-in/username') {
          const name = accountKey(typeof ctx.body?.username === 'string' ? ctx.body.username : '');
          if (!failed) {
            const user = ctx.context.newSession?.user;
            await clearSignInFailures(db, name, client);
            if (user) await auditAccount(db, accountOf(user), 'sign_in', name, { client });
          } else if (returned.statusCode === 401) {
            await recordSignInFailure(db, name, client, Date.now());
            await auditAccount(db, { id: null, name: '（未登录）' }, 'sign_in_failed', name, { client });
          } else if (returned.body?.code === 'ACCOUNT_DISABLED') {
            await auditAccount(db, { id: null, name: '（未登录）' }, 'sign_in_refused_disabled', name, { client });
          }
        }
        if (ctx.path === '/change-password' && !failed && ctx.context.session) {
          const who = accountOf(ctx.context.session.user);
          await auditAccount(db, who, 'password_change', who.name, { client, otherSessionsEnded: true });
        }
      }),
    },
    rateLimit: {
      enabled: true,
      // In the database (auth_rate_limits): `npm start` serves from one process per core, and an
      // attempt counted in one process's memory would not count in the others. Keyed by the
      // client address of CLIENT_HEADER (/sign-in/email, which had a bucket of its own, is off).
      storage: 'database',
      window: 60,
      max: 100,
      customRules: { '/sign-in/username': SIGN_IN_LIMIT },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_HEADER] },
      cookiePrefix: 'gongkai',
      useSecureCookies: url?.startsWith('https:') ?? false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    plugins: [username({ minUsernameLength: 2, maxUsernameLength: 32 }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** How an account appears in the audit log: its id and username. */
function accountOf(user: { id: string; name: string } & Record<string, unknown>): { id: string; name: string } {
  return { id: user.id, name: typeof user.username === 'string' ? user.username : user.name };
}

/** A response whose cookies are all `Secure` (the request reached us over https through a trusted proxy). */
function withSecureCookies(res: Response): Response {
  const cookies = res.headers.getSetCookie();
  if (cookies.length === 0 || cookies.every((c) => /;\s*secure\b/i.test(c))) return res;
  const headers = new Headers(res.headers);
  headers.delete('set-cookie');
  for (const c of cookies) headers.append('set-cookie', /;\s*secure\b/i.test(c) ? c : `${c}; Secure`);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/**
 * A request to /api/auth/* as better-auth should see it: the client address header replaced by
 * the one lib/http/trust.ts decides (better-auth's rate limit keys on it), the URL on the site
 * the client addressed (better-auth checks a request's Origin against it), and the session
 * cookie `Secure` when the site is https.
 */
export async function authRequest(auth: Auth, req: Request, trust: TrustConfig = currentTrust()): Promise<Response> {
  const view = viewRequest(req.headers, trust);
  const headers = new Headers(req.headers);
  headers.delete(CLIENT_HEADER);
  if (view.client) headers.set(CLIENT_HEADER, view.client);
  const url = new URL(req.url);
  if (view.origin) {
    const site = new URL(view.origin);
    url.protocol = site.protocol;
    url.host = site.host;
  }
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
  const res = await auth.handler(new Request(url, { method: req.method, headers, body }));
  return isHttps(view, process.env.BETTER_AUTH_URL) ? withSecureCookies(res) : res;
}

const instances = new WeakMap<Db, Auth>();

/** The better-auth instance for a database (one per connection). */
export function authFor(db: Db): Auth {
  let a = instances.get(db);
  if (!a) instances.set(db, (a = createAuth(db)));
  return a;
}

/** The better-auth instance for the current database (DATABASE_URL). */
export async function getAuth(): Promise<Auth> {
  return authFor(await getDb());
}
