'use client';
import { useState } from 'react';
import { authClient } from './client';

const MESSAGES: Record<number, string> = { 401: '用户名或密码错误', 403: '账号不可用', 429: '尝试次数过多，请一分钟后再试' };

/** The line shown for a refused sign-in: the server's own for the per-account backoff (it says how long to wait). */
function messageOf(error: { status: number; code?: string; message?: string }): string {
  if (error.status === 429 && error.code === 'SIGN_IN_BACKOFF' && error.message) return error.message;
  return MESSAGES[error.status] ?? '登录失败，请稍后再试';
}

/** Username and password; on success goes to `next` (a path on this site only). */
export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const { error } = await authClient.signIn.username({
      username: String(f.get('username') ?? '')
        .trim()
        .toLowerCase(),
      password: String(f.get('password') ?? ''),
    });
    setBusy(false);
    if (error) {
      setError(messageOf(error));
      return;
    }
    // A full load, so every server component sees the new session.
    window.location.assign(next);
  }
  return (
    <form onSubmit={submit} className="space-y-3" data-testid="sign-in-form">
      <label className="block text-sm">
        <span className="text-slate-600">用户名</span>
        <input name="username" autoComplete="username" required className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5" />
      </label>
      <label className="block text-sm">
        <span className="text-slate-600">密码</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5"
        />
      </label>
      {error ? (
        <p role="alert" className="text-sm text-rose-700" data-testid="sign-in-error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className="rounded bg-sky-700 px-4 py-1.5 text-sm text-white hover:bg-sky-800 disabled:opacity-60">
        {busy ? '正在登录…' : '登录'}
      </button>
    </form>
  );
}
