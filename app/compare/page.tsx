import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Chart } from '@/components/charts/Chart';
import { Picker } from '@/components/compare/Picker';
import { getDb } from '@/db/client';
import { COUNTING_RULE } from '@/db/queries/filter';
import { getChildCounts } from '@/db/queries/places';
import { getCompareView } from '@/app/_data/views';
import { LEVEL_LABEL } from '@/lib/charts/entities';
import { VOLUME_ROWS } from '@/lib/metrics';
import { ViewActions } from '@/components/briefing/ViewActions';
import { compareHref, compareQuery, METRICS, parseCompareState, type CompareState, type Panel } from '@/lib/charts/state';

export const metadata: Metadata = { title: '对比' };

function toggleTable(state: CompareState, panel: Panel): string {
  const tables = state.tables.includes(panel) ? state.tables.filter((p) => p !== panel) : [...state.tables, panel];
  return compareHref({ ...state, tables });
}

function toggleYear(state: CompareState, year: number, available: number[]): string {
  const current = state.years ?? [];
  let years = current.includes(year) ? current.filter((y) => y !== year) : [...current, year];
  if (years.length === 0 || years.length === available.length) years = [];
  return compareHref({ ...state, years: years.length ? years : null });
}

const pill = (active: boolean) =>
  `rounded-full border px-3 py-1 text-sm ${active ? 'border-sky-700 bg-sky-700 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`;

export default async function ComparePage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const state = parseCompareState(await props.searchParams);
  const db = await getDb();
  const d = await getCompareView(db, state);
  const selected = d.entities.length > 0;
  const suggestions = selected
    ? []
    : (await getChildCounts(db, null))
        .filter((p) => p.reports > 0)
        .sort((a, b) => b.reports - a.reports)
        .slice(0, 12);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">对比地区和单位</h1>
          <p className="text-sm text-slate-600" data-print="hide">
            选择地区或单位和年度，比较申请数量、办理结果和复议诉讼情况。当前视图完整保存在网址中，复制网址即可分享。
          </p>
        </div>
        {selected ? <ViewActions briefingHref={`/briefing/compare.docx?${compareQuery({ ...state, tables: [], browse: null })}`} /> : null}
      </div>

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-label="选择" data-print="hide">
        <div>
          <h2 className="mb-1 text-sm font-medium text-slate-700">已选（{d.entities.length}）</h2>
          {selected ? (
            <ul className="flex flex-wrap gap-2" data-testid="selection">
              {d.entities.map((e, i) => {
                const next: CompareState =
                  e.kind === 'region'
                    ? { ...state, regions: state.regions.filter((c) => c !== e.code) }
                    : { ...state, agencies: state.agencies.filter((a) => a !== e.id) };
                return (
                  <li
                    key={e.kind === 'region' ? e.code : `a${e.id}`}
                    className="inline-flex items-center gap-1 rounded border border-sky-200 bg-sky-50 py-1 pl-2 pr-1 text-sm"
                  >
                    <span>
                      {d.names[i]}
                      <span className="ml-1 text-xs text-slate-500">{e.kind === 'region' ? (LEVEL_LABEL[e.level] ?? '') : '单位'}</span>
                    </span>
                    {e.kind === 'region' ? (
                      <Link href={`/regions/${e.code}`} className="px-1 text-xs text-sky-800 underline" title={`${e.path}：历年与下级地区`}>
                        详情
                      </Link>
                    ) : null}
                    <Link
                      href={compareHref(next)}
                      scroll={false}
                      className="rounded px-1 text-slate-500 hover:bg-sky-100 hover:text-slate-900"
                      aria-label={`移除${d.names[i]}`}
                    >
                      ×
                    </Link>
                  </li>
                );
              })}
              <li>
                <Link href={compareHref({ ...state, regions: [], agencies: [] })} className="text-sm text-slate-500 underline">
                  全部清除
                </Link>
              </li>
            </ul>
          ) : (
            <p className="text-sm text-slate-500">尚未选择。用下面的搜索或行政区划浏览添加，可同时比较多个。</p>
          )}
        </div>
        <Picker state={state} />
      </section>

      <section
        className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:flex-row sm:flex-wrap sm:items-center sm:gap-6 sm:p-4"
        aria-label="筛选"
        data-print="hide"
      >
        <div className="flex flex-wrap items-center gap-1" data-testid="years">
          <span className="mr-1 text-sm text-slate-600">年度</span>
          <Link href={compareHref({ ...state, years: null })} scroll={false} className={pill(!state.years)}>
            全部
          </Link>
          {d.availableYears.map((y) => (
            <Link
              key={y}
              href={toggleYear(state, y, d.availableYears)}
              scroll={false}
              className={pill(Boolean(state.years?.includes(y)))}
              aria-pressed={Boolean(state.years?.includes(y))}
            >
              {y}
            </Link>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-1">
          <span className="mr-1 text-sm text-slate-600">数量指标</span>
          {METRICS.map((m) => (
            <Link key={m} href={compareHref({ ...state, metric: m })} scroll={false} className={pill(state.metric === m)}>
              {VOLUME_ROWS.find((r) => r.key === m)?.short.replace(/政府信息公开申请数量$/, '') ?? m}
            </Link>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-1">
          <span className="mr-1 text-sm text-slate-600">图表</span>
          <Link href={compareHref({ ...state, chart: 'bar' })} scroll={false} className={pill(state.chart === 'bar')}>
            按申请人类型
          </Link>
          <Link href={compareHref({ ...state, chart: 'line' })} scroll={false} className={pill(state.chart === 'line')}>
            历年趋势
          </Link>
        </div>
      </section>

      {selected ? (
        <div className="grid gap-4">
          <Chart spec={d.volume} table={state.tables.includes('volume')} toggleHref={toggleTable(state, 'volume')} />
          <Chart spec={d.outcomes} table={state.tables.includes('outcomes')} toggleHref={toggleTable(state, 'outcomes')} />
          <Chart spec={d.cases} table={state.tables.includes('cases')} toggleHref={toggleTable(state, 'cases')} />
        </div>
      ) : (
        <section className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm" data-testid="suggestions">
          <h2 className="mb-2 font-medium text-slate-700">从这里开始</h2>
          {suggestions.length > 1 ? (
            <p className="mb-2">
              <Link href={compareHref({ ...state, regions: suggestions.slice(0, 4).map((p) => p.code) })} className="text-sky-800 underline">
                比较报告最多的 {Math.min(4, suggestions.length)} 个省级地区：
                {suggestions
                  .slice(0, 4)
                  .map((p) => p.name)
                  .join('、')}
              </Link>
            </p>
          ) : null}
          <ul className="flex flex-wrap gap-2">
            {suggestions.map((p) => (
              <li key={p.code}>
                <Link
                  href={compareHref({ ...state, regions: [p.code] })}
                  className="rounded border border-slate-200 px-2 py-1 text-slate-700 hover:border-sky-400"
                >
                  {p.name} <span className="text-xs text-slate-400">{p.reports} 份</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="text-xs text-slate-500">统计口径：{COUNTING_RULE}</p>
    </div>
  );
}
