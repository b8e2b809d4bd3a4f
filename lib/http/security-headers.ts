/**
 * The security headers of every response (pages, API routes, the chart SVG route, static files),
 * set by proxy.ts. Pure: the proxy passes a fresh nonce per request.
 *
 * The Content-Security-Policy lets a script run only when it comes from this site and carries the
 * request's nonce, or is loaded by such a script ('strict-dynamic': Next's chunks). Next reads
 * the nonce from this header on the request and puts it on its own inline and bundle scripts, so
 * an injected `<script>` (or an inline event handler) never runs. Styles may be inline: React
 * and ECharts set style attributes, and a style cannot run code. No plugins, no `<base>`, forms
 * post only here, and no site may frame the pages (frame-ancestors, and X-Frame-Options for
 * older browsers).
 */

/**
 * Routes that serve a file (chart SVG/PNG, Word briefing) set their own, stricter CSP
 * (`default-src 'none'`: nothing in the file may load or run anything); the page policy must not
 * replace it.
 */
export const OWN_CSP_ROUTES = ['/charts/', '/briefing/'];

export function routeSetsOwnCsp(pathname: string): boolean {
  return OWN_CSP_ROUTES.some((p) => pathname.startsWith(p));
}

/** Headers that do not depend on the request. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('a CSP nonce must be at least 16 base64 characters');
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // data: — the PNG export turns ECharts' data URL into a Blob with fetch (it cannot leave the page).
    "connect-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Every security header of a response, the CSP with this request's nonce. */
export function securityHeaders(nonce: string, opts: { dev?: boolean } = {}): Record<string, string> {
  return { 'Content-Security-Policy': contentSecurityPolicy(nonce, opts), ...STATIC_SECURITY_HEADERS };
}
