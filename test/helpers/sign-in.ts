import { expect } from 'vitest';
import type { Db } from '../../db/client';
import { authFor } from '../../server/auth';

/**
 * Signs `username` in through better-auth's handler, as the browser's sign-in form does, from
 * `client` (sent as X-Forwarded-For), and returns the session cookie (`gongkai.session_token=…`).
 */
export async function signInCookie(db: Db, origin: string, username: string, password: string, client: string): Promise<string> {
  const res = await authFor(db).handler(
    new Request(`${origin}/api/auth/sign-in/username`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': client },
      body: JSON.stringify({ username, password }),
    }),
  );
  expect(res.status).toBe(200);
  return /gongkai\.session_token=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}
