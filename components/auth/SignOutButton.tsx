'use client';

/**
 * Signs out with one POST to better-auth's endpoint (app/api/auth) rather than through its
 * browser client: this button is on every page, the client library is 12 KB gzipped, and the
 * sign-in form (the only other user of it) loads it on /login alone.
 */
export function SignOutButton() {
  return (
    <button
      type="button"
      data-testid="sign-out"
      className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      onClick={async () => {
        await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        // A full page load, not a client navigation: every server component renders again without the session.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        window.location.assign('/');
      }}
    >
      退出
    </button>
  );
}
