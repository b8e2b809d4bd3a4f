import type { Metadata } from 'next';
import { connection } from 'next/server';
import { UserAdmin, type UserRow } from '@/components/review/UserAdmin';
import { getDb } from '@/db/client';
import { listUsers } from '@/server/users';
import { pageActor } from '@/server/session';

export const metadata: Metadata = { title: '账号' };

export default async function UsersPage() {
  await connection();
  const actor = await pageActor('/users', 'manage_users');
  if (!actor) return <p className="text-sm text-rose-700">只有管理员可以管理账号。</p>;
  const users = await listUsers(await getDb());
  const rows: UserRow[] = users.map((u) => ({
    id: u.id,
    username: u.username ?? u.name,
    name: u.name,
    role: u.role,
    regionCode: u.regionCode,
    disabled: u.disabled,
    self: u.id === actor.id,
  }));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">账号</h1>
      <p className="text-sm text-slate-600">审核员可上传、审核、更正；管理员另可管理账号和报告版本。可限定到一个地区（含下级）。</p>
      <UserAdmin users={rows} />
    </div>
  );
}
