/**
 * Runs before every request (Next 16's proxy, formerly middleware): a fresh CSP nonce per
 * request and the security headers of lib/http/security-headers.ts on every response. The CSP
 * is also set on the request, where Next reads the nonce for its own scripts (pages render
 * dynamically, so each gets the nonce of its request). File routes (charts, briefings) keep their
 * own stricter CSP. Responses to https requests carry HSTS.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { routeSetsOwnCsp, securityHeaders } from '@/lib/http/security-headers';
import { currentTrust, HSTS, isHttps, viewRequest } from '@/lib/http/trust';

export function proxy(request: NextRequest) {
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
