/**
 * Authentication: better-auth with its drizzle adapter on the project database. Username and
 * password only (no public sign-up: accounts come from `npm run user:add` or an admin); sessions
 * in the database; cookies httpOnly and SameSite=Lax, Secure when BETTER_AUTH_URL is https;
 * sign-in rate-limited (counted in the database, shared by every server process). Password hashing, tokens and cookie signing are better-auth's.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { username } from 'better-auth/plugins';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { getDb, type Db } from '@/db/client';
import { col } from '@/db/rows';
import * as sqliteSchema from '@/db/schema';
import * as pgSchema from '@/db/schema.pg';
import { authSecret } from './secret';

/** better-auth's adapter on the project's connection: its own drizzle instance over the same handle. */
function adapterFor(db: Db) {
  if (db.sqlite) {
    const s = sqliteSchema;
    const schema = { user: s.authUsers, session: s.authSessions, account: s.authAccounts, verification: s.authVerifications, rateLimit: s.authRateLimits };
    return drizzleAdapter(drizzleSqlite(db.sqlite, { schema }), { provider: 'sqlite', schema });
  }
  if (db.pgPool) {
    const s = pgSchema;
    const schema = { user: s.authUsers, session: s.authSessions, account: s.authAccounts, verification: s.authVerifications, rateLimit: s.authRateLimits };
    return drizzleAdapter(drizzlePg(db.pgPool, { schema }), { provider: 'pg', schema });
  }
  throw new Error(`accounts need SQLite or PostgreSQL (${db.where})`);
}

/** Sign-in attempts allowed per client address (or, with no address header, in all) per minute. */
export const SIGN_IN_LIMIT = { window: 60, max: 5 };
export const SESSION_DAYS = 7;

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
    databaseHooks: {
      session: {
        create: {
          // A disabled account cannot start a session, whatever its password.
          before: async (session) => {
            const u = await db.one(sql`select case when disabled_at is null then 0 else 1 end as disabled from auth_users where id = ${session.userId}`, { disabled: col.flag });
            return u?.disabled ? false : undefined;
          },
        },
      },
    },
    rateLimit: {
      enabled: true,
      // In the database (auth_rate_limits): `npm start` serves from one process per core, and an
      // attempt counted in one process's memory would not count in the others.
      storage: 'database',
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
  return authFor(await getDb());
}
