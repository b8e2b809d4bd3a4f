import Link from 'next/link';
import type { ReportSummary } from '@/db/queries/reports';
import { displayText } from '@/lib/text/display';

/** Reports as a compact table (cards on phones): agency, region, year, format, checks. */
export function ReportList({ rows, keyParam }: { rows: ReportSummary[]; keyParam?: string | null }) {
  const q = keyParam ? `?key=${keyParam}` : '';
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full border-collapse text-sm" data-testid="report-list">
        <thead className="bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            <th className="px-2 py-1.5 font-medium">单位</th>
            <th className="hidden px-2 py-1.5 font-medium sm:table-cell">地区</th>
            <th className="px-2 py-1.5 text-right font-medium">年度</th>
            <th className="hidden px-2 py-1.5 font-medium sm:table-cell">格式</th>
            <th className="px-2 py-1.5 text-right font-medium">校验</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100 hover:bg-slate-50">
              <td className="px-2 py-1.5">
                <Link href={`/reports/${r.id}${q}`} className="text-sky-800 hover:underline">
                  {displayText(r.agency) ?? `报告 #${r.id}`}
                </Link>
                <div className="text-xs text-slate-500 sm:hidden">{r.regionPath}</div>
              </td>
              <td className="hidden px-2 py-1.5 text-slate-600 sm:table-cell">{r.regionPath ?? '—'}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{r.year ?? '—'}</td>
              <td className="hidden px-2 py-1.5 text-slate-600 sm:table-cell">{r.format} 版</td>
              <td className="px-2 py-1.5 text-right">
                {r.failedChecks > 0 ? (
                  <span className="text-rose-700">{r.failedChecks} 条未通过</span>
                ) : (
                  <span className="text-emerald-700">通过</span>
                )}
                {r.warnings > 0 ? <span className="ml-1 text-xs text-amber-700">· {r.warnings} 提示</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
