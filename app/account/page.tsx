import type { Metadata } from 'next';
import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import { AccountForms } from '@/components/auth/AccountForms';
import { currentActor } from '@/server/session';

export const metadata: Metadata = { title: '我的账号' };

export default async function AccountPage() {
  await connection();
  const actor = await currentActor();
  if (!actor) redirect('/login?next=%2Faccount');
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-xl font-semibold">我的账号</h1>
      <p className="text-sm text-slate-600">
        用户名 <span className="font-mono">{actor.username}</span>（{actor.role === 'admin' ? '管理员' : '审核员'}）。角色和负责地区由管理员设置。
      </p>
      <AccountForms name={actor.name} />
    </div>
  );
}
