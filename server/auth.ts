/**
 * Authentication: better-auth with its drizzle adapter on the project database. Username and
 * password only (no public sign-up: accounts come from `npm run user:add` or an admin); sessions
 * in the database; cookies httpOnly and SameSite=Lax, Secure when BETTER_AUTH_URL is https;
 * sign-in rate-limited. Password hashing, tokens and cookie signing are better-auth's.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { username } from 'better-auth/plugins';
import { getDb, type Db } from '@/db/client';
import { authAccounts, authSessions, authUsers, authVerifications } from '@/db/schema';
import { authSecret } from './secret';

/** Sign-in attempts allowed per client address (or, with no address header, in all) per minute. */
export const SIGN_IN_LIMIT = { window: 60, max: 5 };
export const SESSION_DAYS = 7;

function createAuth(db: Db) {
  const url = process.env.BETTER_AUTH_URL;
  return betterAuth({
    appName: 'Gongkai',
    secret: authSecret(),
    ...(url ? { baseURL: url } : {}),
    database: drizzleAdapter(db, {
      provider: 'sqlite',
      schema: { user: authUsers, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        role: { type: 'string', required: true, defaultValue: 'reviewer', input: false },
        regionCode: { type: 'string', required: false, input: false },
        disabledAt: { type: 'date', required: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * SESSION_DAYS, updateAge: 60 * 60 * 24 },
    databaseHooks: {
      session: {
        create: {
          // A disabled account cannot start a session, whatever its password.
          before: async (session) => {
            const u = await db.query.authUsers.findFirst({ where: (t, { eq }) => eq(t.id, session.userId), columns: { disabledAt: true } });
            return u?.disabledAt ? false : undefined;
          },
        },
      },
    },
    rateLimit: {
      enabled: true,
      storage: 'memory',
      window: 60,
      max: 100,
      customRules: { '/sign-in/username': SIGN_IN_LIMIT, '/sign-in/email': SIGN_IN_LIMIT },
    },
    advanced: {
      cookiePrefix: 'gongkai',
      useSecureCookies: url?.startsWith('https:') ?? false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    plugins: [username({ minUsernameLength: 2, maxUsernameLength: 32 }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const instances = new WeakMap<Db, Auth>();

/** The better-auth instance for a database (one per connection). */
export function authFor(db: Db): Auth {
  let a = instances.get(db);
  if (!a) instances.set(db, (a = createAuth(db)));
  return a;
}

/** The better-auth instance for the current database (DATABASE_URL). */
export async function getAuth(): Promise<Auth> {
  return authFor(getDb());
}
