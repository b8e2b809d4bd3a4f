/**
 * The secret better-auth signs cookies with: BETTER_AUTH_SECRET, or else a random one generated
 * once and kept in `data/.auth-secret` (mode 600), so a fresh `npm start` works and sessions
 * survive restarts. Set BETTER_AUTH_SECRET when running several servers.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../lib/root';

export function authSecret(file = join(/*turbopackIgnore: true*/ projectRoot(), 'data', '.auth-secret')): string {
  const env = process.env.BETTER_AUTH_SECRET;
  if (env) {
    if (env.length < 32) throw new Error('BETTER_AUTH_SECRET must be at least 32 characters');
    return env;
  }
  try {
    const s = readFileSync(/*turbopackIgnore: true*/ file, 'utf8').trim();
    if (s.length >= 32) return s;
  } catch {
    // not there yet
  }
  const s = randomBytes(32).toString('base64url');
  mkdirSync(/*turbopackIgnore: true*/ dirname(file), { recursive: true });
  try {
    writeFileSync(/*turbopackIgnore: true*/ file, s + '\n', { mode: 0o600, flag: 'wx' });
    return s;
  } catch {
    // Another process wrote it first (or an unusable short file is in the way: say so).
    const other = readFileSync(/*turbopackIgnore: true*/ file, 'utf8').trim();
    if (other.length < 32) throw new Error(`${file} holds no usable secret; delete it or set BETTER_AUTH_SECRET`);
    return other;
  }
}
