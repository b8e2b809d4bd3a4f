/**
 * Issue 11.7: the header builder behind proxy.ts. The e2e suite checks the same headers on the
 * production server and that an injected script does not run (test/e2e/hostile.e2e.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy, routeSetsOwnCsp, securityHeaders } from '../../lib/http/security-headers';

const NONCE = 'q83vEjRWeJASNFZ4kBI0VniQ';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  test('scripts only with the nonce (or loaded by one); nothing inline, no eval in production', () => {
    const d = directives(contentSecurityPolicy(NONCE));
    expect(d.get('script-src')).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'self'"]);
    for (const [name, values] of d) if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
    expect([...d.values()].flat()).not.toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy(NONCE, { dev: true })).get('script-src')).toContain("'unsafe-eval'");
  });

  test('framing, sniffing and referrers are closed; a weak nonce is refused', () => {
    const h = securityHeaders(NONCE);
    expect(h['X-Frame-Options']).toBe('DENY');
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(h['Content-Security-Policy']).toContain(`'nonce-${NONCE}'`);
    expect(() => contentSecurityPolicy('abc')).toThrow(/16/);
    expect(() => contentSecurityPolicy("x' 'unsafe-inline")).toThrow();
  });

  test('file routes keep their own stricter policy; pages and the API get the page policy', () => {
    expect(routeSetsOwnCsp('/charts/compare-volume.svg')).toBe(true);
    expect(routeSetsOwnCsp('/briefing/compare.docx')).toBe(true);
    expect(routeSetsOwnCsp('/compare')).toBe(false);
    expect(routeSetsOwnCsp('/api/places')).toBe(false);
    expect(routeSetsOwnCsp('/chartsx')).toBe(false);
  });
});
