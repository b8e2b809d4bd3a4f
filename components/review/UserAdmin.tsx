'use client';
/** Accounts for admins: create one, change role or region, disable or re-enable (POST /api/users…). */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { displayText } from '@/lib/text/display';

export interface UserRow {
  id: string;
  username: string;
  name: string;
  role: string;
  regionCode: string | null;
  disabled: boolean;
  self: boolean;
}

async function post(url: string, body: unknown): Promise<string | null> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.ok) return null;
  return ((await res.json().catch(() => ({}))) as { error?: string }).error ?? `失败（${res.status}）`;
}

export function UserAdmin({ users }: { users: UserRow[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const run = async (p: Promise<string | null>) => {
    const e = await p;
    setError(e);
    if (!e) router.refresh();
  };
  const input = 'rounded border border-slate-300 px-2 py-1 text-sm';
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          void run(post('/api/users', Object.fromEntries(f.entries())));
        }}
      >
        <input name="username" required placeholder="用户名" aria-label="用户名" className={input} />
        <input name="name" placeholder="显示名（可选）" aria-label="显示名" className={input} />
        <input
          name="password"
          type="password"
          required
          minLength={10}
          placeholder="初始密码（至少 10 位）"
          aria-label="初始密码"
          autoComplete="new-password"
          className={input}
        />
        <select name="role" aria-label="角色" className={input} defaultValue="reviewer">
          <option value="reviewer">审核员</option>
          <option value="admin">管理员</option>
        </select>
        <input name="regionCode" placeholder="地区代码（可选）" aria-label="地区代码" className={`${input} w-36`} />
        <button type="submit" className="rounded bg-sky-700 px-3 py-1 text-sm text-white">
          创建账号
        </button>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      ) : null}
      <table className="w-full border-collapse text-sm" data-testid="users">
        <thead>
          <tr className="border-b border-slate-300 text-left text-xs text-slate-500">
            <th className="py-1 pr-3 font-medium">用户名</th>
            <th className="py-1 pr-3 font-medium">角色</th>
            <th className="py-1 pr-3 font-medium">地区</th>
            <th className="py-1 pr-3 font-medium">状态</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b border-slate-100">
              <td className="py-1 pr-3">
                {u.username}
                {u.name !== u.username ? <span className="ml-1 text-slate-500">（{displayText(u.name)}）</span> : null}
              </td>
              <td className="py-1 pr-3">
                <select
                  defaultValue={u.role}
                  disabled={u.self}
                  aria-label={`${u.username} 的角色`}
                  className={input}
                  onChange={(e) => void run(post(`/api/users/${u.id}`, { role: e.target.value }))}
                >
                  <option value="reviewer">审核员</option>
                  <option value="admin">管理员</option>
                </select>
              </td>
              <td className="py-1 pr-3">
                <input
                  defaultValue={u.regionCode ?? ''}
                  placeholder="全国"
                  aria-label={`${u.username} 的地区代码`}
                  className={`${input} w-28`}
                  onBlur={(e) => {
                    if (e.target.value !== (u.regionCode ?? '')) void run(post(`/api/users/${u.id}`, { regionCode: e.target.value }));
                  }}
                />
              </td>
              <td className="py-1 pr-3">
                {u.self ? (
                  '当前账号'
                ) : (
                  <button
                    type="button"
                    className="text-sky-800 underline"
                    onClick={() => void run(post(`/api/users/${u.id}`, { disabled: !u.disabled }))}
                  >
                    {u.disabled ? '已停用 · 恢复' : '停用'}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
