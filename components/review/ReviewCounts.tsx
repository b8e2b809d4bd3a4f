import Link from 'next/link';
import type { ReviewCounts as Counts } from '@/db/queries/review';

/** The review queue in numbers, for a signed-in reviewer on the overview (their region only). */
export function ReviewCounts({ counts, scopeName }: { counts: Counts; scopeName: string }) {
  return (
    <section className="rounded-lg border border-emerald-200 bg-emerald-50/50 p-3 text-sm" aria-label="审核" data-testid="overview-review">
      <span className="font-medium">审核（{scopeName}）：</span>
      待审核报告 <b>{counts.reports}</b> 份——存疑单元格 {counts.doubtfulCells} 个，未通过校验 {counts.openChecks} 条，元数据未定 {counts.openMeta}{' '}
      项， 更正待复核 {counts.staleCorrections} 条；已人工核对 {counts.reviewedCells} 个数字。
      <Link href="/review" className="ml-2 text-sky-800 underline">
        进入审核队列
      </Link>
    </section>
  );
}
