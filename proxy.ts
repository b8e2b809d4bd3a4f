/**
 * Runs before every request (Next 16's proxy, formerly middleware): a fresh CSP nonce per
 * request and the security headers of lib/http/security-headers.ts on every response. The CSP
 * is also set on the request, where Next reads the nonce for its own scripts (pages render
 * dynamically, so each gets the nonce of its request). File routes (charts, briefings) keep their
 * own stricter CSP. Responses to https requests carry HSTS.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { routeSetsOwnCsp, securityHeaders, STATIC_SECURITY_HEADERS } from '@/lib/http/security-headers';
import { currentTrust, HSTS, isHttps, viewRequest } from '@/lib/http/trust';

/**
 * The methods the site answers (pages and route handlers use GET and POST; Next answers HEAD and
 * OPTIONS itself); any other (PUT, an invented verb) is refused before a page or route sees it.
 * TRACE, TRACK and CONNECT never get here (a web Request cannot carry them): `npm start`'s server
 * refuses them first (scripts/method-guard.mjs, the same list).
 */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;

function methodNotAllowed(): NextResponse {
  return new NextResponse('不支持该请求方法 / method not allowed\n', {
    status: 405,
    headers: { ...STATIC_SECURITY_HEADERS, Allow: ALLOWED_METHODS.join(', '), 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

export function proxy(request: NextRequest) {
  if (!(ALLOWED_METHODS as readonly string[]).includes(request.method.toUpperCase())) return methodNotAllowed();
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  const nonce = Buffer.from(bytes).toString('base64');
  const headers = securityHeaders(nonce, { dev: process.env.NODE_ENV === 'development' });

  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('Content-Security-Policy', headers['Content-Security-Policy']);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'Content-Security-Policy' && routeSetsOwnCsp(request.nextUrl.pathname)) continue;
    response.headers.set(name, value);
  }
  // HSTS only means something on https (a trusted proxy's X-Forwarded-Proto, or an https site address).
  if (isHttps(viewRequest(request.headers, currentTrust()), process.env.BETTER_AUTH_URL)) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}
