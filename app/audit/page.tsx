import type { Metadata } from 'next';
import { connection } from 'next/server';
import { AuditFilterForm, AuditPager, AuditTable } from '@/components/audit/AuditLog';
import { getDb } from '@/db/client';
import { getAuditPage } from '@/db/queries/audit';
import { auditQueryString, parseAuditQuery } from '@/lib/audit/view';
import { pageActor } from '@/server/session';

export const metadata: Metadata = { title: '操作记录' };

export default async function AuditPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const actor = await pageActor('/audit', 'view_audit');
  if (!actor) return <p className="text-sm text-rose-700">无权查看操作记录。</p>;
  const q = parseAuditQuery(await props.searchParams);
  const page = await getAuditPage(await getDb(), q.filter, { page: q.page, upto: q.upto });
  const csv = `/audit/export?${auditQueryString(q.filter, { upto: page.upto })}`;
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">操作记录</h1>
        <p className="mt-1 text-sm text-slate-600">每一次写入：上传、更正、报告信息修改、版本变更、账号变更。记录只增不改，最新的在前。</p>
      </header>
      <AuditFilterForm filter={q.filter} />
      {q.errors.length ? (
        <ul className="text-sm text-rose-700" data-testid="audit-errors">
          {q.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <AuditPager filter={q.filter} page={page.page} pages={page.pages} total={page.total} upto={page.upto} />
        <a href={csv} className="text-sm text-sky-800 underline" download>
          导出 CSV（按当前筛选）
        </a>
      </div>
      <AuditTable rows={page.rows} />
    </div>
  );
}
