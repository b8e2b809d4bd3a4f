/**
 * The audit log's table, filter form and pager (plain data in; no client code: the filter form is
 * a GET form, the pager plain links).
 */
import Link from 'next/link';
import { actionLabel, AUDIT_ACTIONS, auditQueryString, describeAudit, type AuditEntryView, type AuditFilter } from '@/lib/audit/view';
import { displayText } from '@/lib/text/display';

const input = 'rounded border border-slate-300 px-2 py-1 text-sm';

export function AuditFilterForm({ filter }: { filter: AuditFilter }) {
  return (
    <form method="get" action="/audit" className="flex flex-wrap items-end gap-3 text-sm" data-testid="audit-filter">
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-slate-500">操作</span>
        <select name="action" defaultValue={filter.action ?? ''} className={input}>
          <option value="">全部</option>
          {Object.entries(AUDIT_ACTIONS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-slate-500">账号</span>
        <input name="user" defaultValue={filter.user ?? ''} maxLength={64} className={`${input} w-32`} />
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-slate-500">报告编号</span>
        <input name="report" defaultValue={filter.reportId ?? ''} inputMode="numeric" pattern="[0-9]*" className={`${input} w-24`} />
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-slate-500">起始日期（UTC）</span>
        <input type="date" name="from" defaultValue={filter.from ?? ''} className={input} />
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-slate-500">截止日期（UTC）</span>
        <input type="date" name="to" defaultValue={filter.to ?? ''} className={input} />
      </label>
      <button type="submit" className="rounded bg-sky-700 px-3 py-1 text-white hover:bg-sky-800">
        筛选
      </button>
      <Link href="/audit" className="text-sky-800 underline">
        清除
      </Link>
    </form>
  );
}

export function AuditTable({ rows }: { rows: AuditEntryView[] }) {
  return (
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
            <tr key={r.id} className="border-b border-slate-100 align-top" data-audit-id={r.id}>
              <td className="whitespace-nowrap py-1 pr-3 tabular-nums">{r.at.slice(0, 19).replace('T', ' ')}</td>
              <td className="py-1 pr-3">{displayText(r.userName) ?? '—'}</td>
              <td className="py-1 pr-3">{actionLabel(r.action)}</td>
              <td className="py-1 pr-3 break-all">
                {r.reportId ? (
                  <Link href={`/review/${r.reportId}`} className="text-sky-800 underline">
                    报告 #{r.reportId}
                  </Link>
                ) : null}{' '}
                {displayText(r.target)}
              </td>
              <td className="py-1 pr-3 text-slate-600">{displayText(describeAudit(r.action, r.detail))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 上一页 / 下一页 and the position; every link keeps the filter and the first page's newest row. */
export function AuditPager({
  filter,
  page,
  pages,
  total,
  upto,
}: {
  filter: AuditFilter;
  page: number;
  pages: number;
  total: number;
  upto: number | null;
}) {
  const href = (p: number) => `/audit?${auditQueryString(filter, { p, upto })}`;
  return (
    <nav className="flex flex-wrap items-center gap-3 text-sm" aria-label="分页" data-testid="audit-pager">
      <span className="text-slate-600">
        共 {total} 条 · 第 {page + 1} / {pages} 页
      </span>
      {page > 0 ? (
        <Link href={href(page - 1)} className="text-sky-800 underline" rel="prev">
          上一页（较新）
        </Link>
      ) : null}
      {page + 1 < pages ? (
        <Link href={href(page + 1)} className="text-sky-800 underline" rel="next">
          下一页（较早）
        </Link>
      ) : null}
      {page + 1 < pages ? (
        <Link href={href(pages - 1)} className="text-sky-800 underline">
          最早一页
        </Link>
      ) : null}
    </nav>
  );
}
