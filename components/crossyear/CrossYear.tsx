'use client';
/**
 * Cross-year findings (上年结转 against the previous report's 结转下年度; 表二 现行有效 as 请核实)
 * with both reports linked, and a report's text-reuse rates. Plain data in (db/queries/crossyear.ts).
 */
import Link from 'next/link';
import type { CrossYearRow, ReportReuse } from '@/db/queries/crossyear';
import { formatPercent } from '@/lib/charts/spec';
import { displayText } from '@/lib/text/display';

const SECTION_TITLE: Record<number, string> = {
  1: '一、总体情况',
  2: '二、主动公开',
  3: '三、依申请公开',
  4: '四、复议诉讼',
  5: '五、问题及改进',
  6: '六、其他事项',
};

export function CrossYearFindings({ rows, showAgency = false, empty }: { rows: CrossYearRow[]; showAgency?: boolean; empty?: string }) {
  if (rows.length === 0) return empty ? <p className="text-sm text-slate-600">{empty}</p> : null;
  return (
    <ul className="space-y-2" data-testid="cross-year">
      {rows.map((f) => (
        <li
          key={`${f.reportId}-${f.ruleId}`}
          className={`rounded border px-3 py-2 text-sm ${f.severity === 'error' ? 'border-rose-200 bg-rose-50' : 'border-amber-200 bg-amber-50'}`}
          data-severity={f.severity}
        >
          <div className="mb-0.5 text-xs font-medium">
            <span className={f.severity === 'error' ? 'text-rose-800' : 'text-amber-800'}>
              {f.status === 'not_assessable' ? '无法跨年核对' : f.severity === 'error' ? '跨年不一致' : '跨年请核实'}
            </span>
            <span className="ml-2 text-slate-500">{f.rule}</span>
          </div>
          <p>{f.message}</p>
          <p className="mt-1 text-xs">
            {showAgency ? <span className="mr-2">{displayText(f.agency)}</span> : null}
            <Link href={`/reports/${f.previousReportId}`} className="text-sky-800 underline">
              {f.previousYear} 年度报告
            </Link>
            {' → '}
            <Link href={`/reports/${f.reportId}`} className="text-sky-800 underline">
              {f.year} 年度报告
            </Link>
            {' · '}
            <Link href={`/agencies/${f.agencyId}`} className="text-sky-800 underline">
              逐年对照
            </Link>
          </p>
        </li>
      ))}
    </ul>
  );
}

export function ReuseSummary({ reuse }: { reuse: ReportReuse }) {
  return (
    <div className="text-sm" data-testid="reuse">
      <p>
        与{' '}
        <Link href={`/reports/${reuse.previousReportId}`} className="text-sky-800 underline">
          {reuse.previousYear} 年度报告
        </Link>{' '}
        相比，文字部分
        {reuse.total
          ? `共 ${reuse.total.sentences} 句，其中 ${reuse.total.reused} 句（${formatPercent(reuse.total.rate)}）与上年重复`
          : '无可比较的句子'}
        。重复的段落在下方原文中以黄色底纹标出。
      </p>
      <ul className="mt-1 flex flex-wrap gap-2 text-xs text-slate-600">
        {reuse.sections.map((s) => (
          <li key={s.section} className="rounded bg-slate-100 px-1.5 py-0.5">
            {SECTION_TITLE[s.section] ?? `第 ${s.section} 部分`}：{s.reused}/{s.sentences}（{formatPercent(s.rate)}）
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs text-slate-500">
        方法：按句（。！？；及换行）切分各部分的文字（不含表格），去掉空白、标点，数字一律视为相同；一句中 80%
        以上的五字片段出现在上年报告中即算重复。
      </p>
    </div>
  );
}
