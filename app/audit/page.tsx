import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { getDb } from '@/db/client';
import { listAudit } from '@/db/queries/audit';
import { ACCOUNT_ACTION_LABEL, describeAccountEvent } from '@/lib/auth/account-events';
import { getParam } from '@/lib/charts/state';
import { pageActor } from '@/server/session';

export const metadata: Metadata = { title: '操作记录' };

const ACTIONS: Record<string, string> = { upload: '上传', correction: '更正', metadata: '修改报告信息', version: '版本', user: '账号', account: ACCOUNT_ACTION_LABEL };

function describe(action: string, d: Record<string, unknown> | null): string {
  if (!d) return '';
  switch (action) {
    case 'upload':
      return `${d.outcome === 'failed' ? '失败' : d.outcome === 'unchanged' ? '未变化' : '已导入'}${d.reason ? `：${String(d.reason).split(' / ')[0]}` : ''}`;
    case 'correction':
      return `${d.kind}：解析 ${d.parsed ?? '无'}（${d.parsedStatus}）→ ${d.entered ?? '原文如此'}；${d.reason ?? ''}`;
    case 'version':
      return `${d.before ?? '自动'} → ${d.after ?? '自动'}`;
    case 'account':
      return describeAccountEvent(d);
    default:
      return JSON.stringify(d);
  }
}

export default async function AuditPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const actor = await pageActor('/audit', 'view_audit');
  if (!actor) return <p className="text-sm text-rose-700">无权查看操作记录。</p>;
  const a = getParam(await props.searchParams, 'action');
  const action = a && a in ACTIONS ? a : undefined;
  const rows = await listAudit(await getDb(), { action, limit: 1000 });
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">操作记录</h1>
        <p className="mt-1 text-sm text-slate-600">每一次写入：上传、更正、报告信息修改、版本变更、账号变更。记录只增不改。</p>
      </header>
      <nav className="flex flex-wrap gap-2 text-sm">
        <Link href="/audit" className={!action ? 'font-semibold' : 'text-sky-800 underline'}>
          全部
        </Link>
        {Object.entries(ACTIONS).map(([k, label]) => (
          <Link key={k} href={`/audit?action=${k}`} className={action === k ? 'font-semibold' : 'text-sky-800 underline'}>
            {label}
          </Link>
        ))}
      </nav>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm" data-testid="audit-log">
          <thead>
            <tr className="border-b border-slate-300 text-left text-xs text-slate-500">
              <th className="py-1 pr-3 font-medium">时间（UTC）</th>
              <th className="py-1 pr-3 font-medium">账号</th>
              <th className="py-1 pr-3 font-medium">操作</th>
              <th className="py-1 pr-3 font-medium">对象</th>
              <th className="py-1 pr-3 font-medium">内容</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-100 align-top">
                <td className="whitespace-nowrap py-1 pr-3 tabular-nums">{r.at.slice(0, 19).replace('T', ' ')}</td>
                <td className="py-1 pr-3">{r.userName ?? '—'}</td>
                <td className="py-1 pr-3">{ACTIONS[r.action] ?? r.action}</td>
                <td className="py-1 pr-3 break-all">
                  {r.reportId ? (
                    <Link href={`/review/${r.reportId}`} className="text-sky-800 underline">
                      报告 #{r.reportId}
                    </Link>
                  ) : null}{' '}
                  {r.target}
                </td>
                <td className="py-1 pr-3 text-slate-600">{describe(r.action, r.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
