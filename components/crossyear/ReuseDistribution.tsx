/** A region's distribution of text-reuse rates (share of narrative sentences repeated from the year before). */
import Link from 'next/link';
import type { ReuseDistribution } from '@/db/queries/crossyear';
import { formatPercent } from '@/lib/charts/spec';
import { displayText } from '@/lib/text/display';

export function ReuseDistributionView({ dist, scope }: { dist: ReuseDistribution; scope: string }) {
  if (dist.reports === 0) return null;
  const max = Math.max(...dist.bins.map((b) => b.count));
  return (
    <section className="space-y-2" aria-labelledby="reuse-dist" data-testid="reuse-distribution">
      <h2 id="reuse-dist" className="text-base font-semibold">
        文字与上年重复的比例{dist.year ? `（${dist.year} 年度）` : ''}
      </h2>
      <p className="text-sm text-slate-600">
        {scope}有上年报告可比的 {dist.reports} 份报告，重复比例中位数 {formatPercent(dist.median)}。
      </p>
      <div className="flex items-end gap-1" role="img" aria-label="重复比例分布">
        {dist.bins.map((b) => (
          <div key={b.from} className="flex w-10 flex-col items-center text-[11px] text-slate-600">
            <span>{b.count}</span>
            <div className="w-full bg-sky-600" style={{ height: `${max ? Math.max(2, (b.count / max) * 64) : 2}px` }} />
            <span>{Math.round(b.from * 100)}%</span>
          </div>
        ))}
      </div>
      <ul className="text-sm">
        {dist.top.slice(0, 5).map((t) => (
          <li key={t.reportId}>
            <Link href={`/reports/${t.reportId}#reuse`} className="text-sky-800 hover:underline">
              {displayText(t.agency)} {t.year} 年度
            </Link>
            ：{formatPercent(t.rate)}
          </li>
        ))}
      </ul>
    </section>
  );
}
