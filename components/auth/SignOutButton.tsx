'use client';
import { authClient } from './client';

export function SignOutButton() {
  return (
    <button
      type="button"
      data-testid="sign-out"
      className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      onClick={async () => {
        await authClient.signOut();
        window.location.assign('/');
      }}
    >
      退出
    </button>
  );
}
