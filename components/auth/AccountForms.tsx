'use client';
import { useState } from 'react';

/** What the account page says back after a form. */
type Outcome = { ok: boolean; text: string } | null;

async function postJson(url: string, body: unknown): Promise<{ ok: boolean; status: number; data: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: res.ok, status: res.status, data };
}

/**
 * The signed-in account's own settings: its display name (POST /api/account) and its password
 * (better-auth's /change-password, which also signs out every other session).
 */
export function AccountForms({ name }: { name: string }) {
  const [nameOutcome, setNameOutcome] = useState<Outcome>(null);
  const [passwordOutcome, setPasswordOutcome] = useState<Outcome>(null);

  async function rename(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const r = await postJson('/api/account', { name: String(f.get('name') ?? '') });
    setNameOutcome(r.ok ? { ok: true, text: '已保存' } : { ok: false, text: String(r.data.error ?? '保存失败') });
  }

  async function changePassword(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const newPassword = String(f.get('newPassword') ?? '');
    if (newPassword !== String(f.get('repeat') ?? '')) return setPasswordOutcome({ ok: false, text: '两次输入的新密码不一致' });
    const r = await postJson('/api/auth/change-password', { currentPassword: String(f.get('currentPassword') ?? ''), newPassword });
    if (r.ok) {
      form.reset();
      return setPasswordOutcome({ ok: true, text: '密码已修改，其他设备上的登录已退出' });
    }
    const text =
      r.status === 400 && r.data.code === 'INVALID_PASSWORD'
        ? '当前密码错误'
        : r.status === 400 && r.data.code === 'PASSWORD_TOO_SHORT'
          ? '新密码至少 10 位'
          : r.status === 429
            ? '尝试次数过多，请稍后再试'
            : '修改失败';
    setPasswordOutcome({ ok: false, text });
  }

  const note = (o: Outcome, id: string) =>
    o ? (
      <p role={o.ok ? 'status' : 'alert'} data-testid={id} className={`text-sm ${o.ok ? 'text-emerald-700' : 'text-rose-700'}`}>
        {o.text}
      </p>
    ) : null;
  const input = 'mt-1 w-full rounded border border-slate-300 px-2 py-1.5';
  const button = 'rounded bg-sky-700 px-4 py-1.5 text-sm text-white hover:bg-sky-800';

  return (
    <div className="space-y-8">
      <form onSubmit={rename} className="space-y-3" data-testid="display-name-form">
        <h2 className="font-medium">显示名称</h2>
        <label className="block text-sm">
          <span className="text-slate-600">显示在页面右上角（用户名不可更改，操作记录按用户名记）</span>
          <input name="name" defaultValue={name} maxLength={32} required className={input} />
        </label>
        {note(nameOutcome, 'display-name-result')}
        <button type="submit" className={button}>
          保存
        </button>
      </form>
      <form onSubmit={changePassword} className="space-y-3" data-testid="password-form">
        <h2 className="font-medium">修改密码</h2>
        <label className="block text-sm">
          <span className="text-slate-600">当前密码</span>
          <input name="currentPassword" type="password" autoComplete="current-password" required className={input} />
        </label>
        <label className="block text-sm">
          <span className="text-slate-600">新密码（至少 10 位）</span>
          <input name="newPassword" type="password" autoComplete="new-password" minLength={10} maxLength={128} required className={input} />
        </label>
        <label className="block text-sm">
          <span className="text-slate-600">再次输入新密码</span>
          <input name="repeat" type="password" autoComplete="new-password" minLength={10} maxLength={128} required className={input} />
        </label>
        {note(passwordOutcome, 'password-result')}
        <button type="submit" className={button}>
          修改密码
        </button>
      </form>
    </div>
  );
}
