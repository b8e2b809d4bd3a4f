/**
 * Coverage and timeliness of a region: published / expected per year (years whose coverage
 * differs are marked), the missing bodies by level and kind, the children's coverage, the late
 * list. Plain data in (db/queries/coverage.ts), server-rendered.
 */
import Link from 'next/link';
import type { CoverageView } from '@/db/queries/coverage';
import { formatPercent } from '@/lib/charts/spec';
import { displayText } from '@/lib/text/display';

const th = 'px-2 py-1.5 font-medium';

/** `03-31` → 3月31日. */
function monthDay(md: string): string {
  const [m, d] = md.split('-').map(Number);
  return `${m}月${d}日`;
}
const td = 'px-2 py-1 tabular-nums';

export function CoverageSection({ view, regionName, yearHref }: { view: CoverageView; regionName: string; yearHref: (y: number) => string }) {
  const uneven = new Set(view.uneven);
  const s = view.settings;
  return (
    <section className="space-y-3" aria-labelledby="coverage" data-testid="coverage">
      <h2 id="coverage" className="text-base font-semibold">
        年报发布情况：应报、已发布、按时
      </h2>
      {view.years.length === 0 ? (
        <p className="text-sm text-slate-600">{regionName}暂无报告。</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full border-collapse text-sm" data-testid="coverage-years">
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th className={`${th} text-left`}>年度</th>
                <th className={`${th} text-right`}>已发布</th>
                <th className={`${th} text-right`}>应报</th>
                <th className={`${th} text-right`}>覆盖率</th>
                <th className={`${th} text-right`}>按时</th>
                <th className={`${th} text-right`}>逾期</th>
                <th className={`${th} text-right`}>日期不详</th>
                <th className={`${th} text-right`}>按时率</th>
              </tr>
            </thead>
            <tbody>
              {view.years.map((y) => (
                <tr key={y.year} className={`border-t border-slate-100 ${y.year === view.year ? 'bg-sky-50' : ''}`}>
                  <td className="px-2 py-1">
                    <Link href={yearHref(y.year)} className="text-sky-800 hover:underline">
                      {y.year}
                    </Link>
                    {uneven.has(y.year) ? <span className="ml-1 rounded bg-amber-50 px-1 text-[11px] text-amber-800">覆盖不同</span> : null}
                  </td>
                  <td className={`${td} text-right`}>{y.published}</td>
                  <td className={`${td} text-right`}>{y.expected}</td>
                  <td className={`${td} text-right`}>{formatPercent(y.share)}</td>
                  <td className={`${td} text-right`}>{y.onTime}</td>
                  <td className={`${td} text-right`}>{y.late}</td>
                  <td className={`${td} text-right`}>{y.unknown}</td>
                  <td className={`${td} text-right`}>{formatPercent(y.onTimeShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-xs text-slate-500">
        应报单位：地区内全部各级政府（行政区划）、任一年度发布过年报的部门，以及导入的应报名单（标为不再应报的单位除外）。发布期限（条例第四十九条）：县级以上政府部门
        {monthDay(s.department)}前，县级以上地方政府 {monthDay(s.government)}前，乡镇（街道）条例未规定、按设置 {monthDay(s.township)}
        前；按时率不计发布日期不详的报告。
      </p>

      {view.year !== null && view.groups.length ? (
        <div className="space-y-2" data-testid="missing">
          <h3 className="text-sm font-semibold">{view.year} 年度未发布年报的单位</h3>
          {view.groups.map((g) => (
            <details
              key={g.label}
              className="rounded border border-slate-200 bg-white px-3 py-2 text-sm"
              open={g.missingTotal > 0 && g.missingTotal <= 30}
            >
              <summary className="cursor-pointer">
                {g.label}：应报 {g.expected}，已发布 {g.published}，未发布 <b>{g.missingTotal}</b>
              </summary>
              {g.missing.length ? (
                <ul className="mt-2 flex flex-wrap gap-1.5">
                  {g.missing.map((b) => (
                    <li
                      key={b.key}
                      className="rounded bg-slate-100 px-1.5 py-0.5 text-xs"
                      title={b.source === 'imported' ? '来自导入的应报名单' : b.source === 'reported' ? '曾发布过年报的部门' : '行政区划'}
                    >
                      {b.name}
                    </li>
                  ))}
                  {g.missingTotal > g.missing.length ? <li className="text-xs text-slate-500">另有 {g.missingTotal - g.missing.length} 个</li> : null}
                </ul>
              ) : null}
            </details>
          ))}
        </div>
      ) : null}

      {view.children.length ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full border-collapse text-sm" data-testid="coverage-children">
            <caption className="px-2 py-1.5 text-left text-sm font-semibold">下级地区年报覆盖（{view.year} 年度）</caption>
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th className={`${th} text-left`}>地区</th>
                <th className={`${th} text-right`}>已发布</th>
                <th className={`${th} text-right`}>应报</th>
                <th className={`${th} text-right`}>覆盖率</th>
              </tr>
            </thead>
            <tbody>
              {view.children.map((c) => (
                <tr key={c.region.code} className="border-t border-slate-100">
                  <td className="px-2 py-1">
                    <Link href={`/regions/${c.region.code}`} className="text-sky-800 hover:underline">
                      {c.region.name}
                    </Link>
                    {c.expected > 0 && c.published === c.expected ? <span className="ml-1 text-xs text-emerald-700">齐全</span> : null}
                  </td>
                  <td className={`${td} text-right`}>{c.published}</td>
                  <td className={`${td} text-right`}>{c.expected}</td>
                  <td className={`${td} text-right`}>{formatPercent(c.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <LateList view={view} />
    </section>
  );
}

export function LateList({ view }: { view: CoverageView }) {
  if (view.year === null) return null;
  return (
    <div data-testid="late-list">
      <h3 className="text-sm font-semibold">{view.year} 年度逾期发布的报告</h3>
      {view.late.length === 0 ? (
        <p className="text-sm text-slate-600">无逾期发布的报告（发布日期不详的除外）。</p>
      ) : (
        <ul className="mt-1 space-y-0.5 text-sm">
          {view.late.map((l) => (
            <li key={l.reportId}>
              <Link href={`/reports/${l.reportId}`} className="text-sky-800 hover:underline">
                {displayText(l.agency)}
              </Link>{' '}
              {l.published} 发布，期限 {l.due}，<b>逾期 {l.daysLate} 天</b>
              <span className="ml-1 text-xs text-slate-500">（{l.basis}）</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
