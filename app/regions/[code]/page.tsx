import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { Chart } from '@/components/charts/Chart';
import { Pill } from '@/components/ui/Stat';
import { getDb } from '@/db/client';
import { COUNTING_RULE } from '@/db/queries/filter';
import { getRegionAgencies } from '@/db/queries/places';
import { getCoverageView } from '@/db/queries/coverage';
import { getReuseDistribution } from '@/db/queries/crossyear';
import { CoverageSection } from '@/components/coverage/Coverage';
import { displayText } from '@/lib/text/display';
import { withCoverage } from '@/lib/charts/coverage';
import { ReuseDistributionView } from '@/components/crossyear/ReuseDistribution';
import { getPeerRank, getRegionView, regionQuery } from '@/app/_data/views';
import { LEVEL_LABEL } from '@/lib/charts/entities';
import { ViewActions } from '@/components/briefing/ViewActions';
import { formatCount, formatPercent } from '@/lib/charts/spec';
import { yearsText } from '@/lib/charts/specs';
import { compareHref } from '@/lib/charts/state';
import { MIN_APPLICATIONS_TO_RANK, partialLabel, ratioLabel, RANK_MEASURES, volumeRow } from '@/lib/metrics';
import { filterQuery, getParam, isRegionCode, MAX_SELECTION, parseFilterParams } from '@/lib/url/params';
import { ancestry, regionByCode } from '@/lib/region/gazetteer';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { code } = await props.params;
  const r = isRegionCode(code) ? regionByCode(code) : undefined;
  return { title: r ? r.name : '地区' };
}

export default async function RegionPage(props: Props) {
  await connection();
  const { code } = await props.params;
  if (!isRegionCode(code) || !regionByCode(code)) notFound();
  const sp = await props.searchParams;
  const db = await getDb();
  const d = await getRegionView(db, code, parseFilterParams(sp).years?.[0] ?? null, getParam(sp, 'm'));
  if (!d) notFound();
  const chain = ancestry(code);
  const years = d.input.points.map((p) => p.year);
  const reports = d.input.points.reduce((n, p) => n + p.reports, 0);
  const [peerRank, agencies, coverage, reuse] = await Promise.all([
    d.year && chain.length > 1 ? getPeerRank(db, code, d.year, d.measure.id) : Promise.resolve({ peers: 0, me: null }),
    getRegionAgencies(db, code, 30),
    getCoverageView(db, code, d.year),
    getReuseDistribution(db, { regionCode: code, years: d.year ? [d.year] : null }),
  ]);
  const { peers, me } = peerRank;
  const childCodes = d.children.slice(0, MAX_SELECTION).map((c) => c.region.code);
  const mdef = d.measure;
  const show = (v: number | null, f: 'count' | 'percent') => (f === 'percent' ? formatPercent(v) : formatCount(v));
  const RECEIVED = volumeRow('new_received').metric;
  const PROCESSED = volumeRow('total_processed').metric;
  const Partial = ({ text }: { text: string | null }) =>
    text ? (
      <span className="ml-1 rounded bg-amber-50 px-1 text-[11px] text-amber-800" title={text} data-partial="1">
        部分
      </span>
    ) : null;

  return (
    <div className="space-y-5">
      <nav className="text-sm text-slate-500" aria-label="位置">
        <Link href="/regions" className="hover:underline">
          地区
        </Link>
        {chain.map((r) => (
          <span key={r.code}>
            {' › '}
            {r.code === code ? (
              <span className="text-slate-800">{r.name}</span>
            ) : (
              <Link href={`/regions/${r.code}`} className="hover:underline">
                {r.name}
              </Link>
            )}
          </span>
        ))}
      </nav>
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold" data-testid="region-title">
            {d.region.path}
          </h1>
          <p className="text-sm text-slate-600">
            {LEVEL_LABEL[d.region.level] ?? ''} · {years.length ? yearsText(years) : '暂无报告'} · 共 {reports} 份报告计入
          </p>
        </div>
        <ViewActions
          briefingHref={`/briefing/region.docx?code=${code}${regionQuery(d.year, d.measure) ? `&${regionQuery(d.year, d.measure)}` : ''}`}
        />
        <div className="flex gap-3 text-sm" data-print="hide">
          <Link href={compareHref({ regions: [code] })} className="text-sky-800 underline">
            加入对比
          </Link>
          <Link href={`/?r=${code}`} className="text-sky-800 underline">
            概览
          </Link>
          <Link href={`/quality?r=${code}`} className="text-sky-800 underline">
            数据质量
          </Link>
        </div>
      </header>

      <div className="grid gap-4 lg:grid-cols-2">
        <Chart spec={withCoverage(d.volume, coverage.years, coverage.uneven)} height={320} />
        <Chart spec={withCoverage(d.outcomes, coverage.years, coverage.uneven)} height={320} />
        <div className="lg:col-span-2">
          <Chart spec={withCoverage(d.cases, coverage.years, coverage.uneven)} height={320} />
        </div>
      </div>

      <CoverageSection view={coverage} regionName={d.region.name} yearHref={(y) => `/regions/${code}?${regionQuery(y, d.measure)}`} />
      <ReuseDistributionView dist={reuse} scope={d.region.name} />

      <section className="space-y-3" aria-labelledby="children">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="children" className="text-base font-semibold">
            下级地区对比{d.year ? `（${d.year}年度）` : ''}
          </h2>
          {childCodes.length > 1 ? (
            <Link href={compareHref({ regions: childCodes, years: d.year ? [d.year] : null })} className="text-sm text-sky-800 underline">
              在对比页中打开{d.children.length > MAX_SELECTION ? `（前 ${MAX_SELECTION} 个）` : ''}
            </Link>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-1" data-print="hide">
          <span className="mr-1 text-sm text-slate-600">年度</span>
          {years.map((y) => (
            <Pill key={y} href={`/regions/${code}?${regionQuery(y, d.measure)}`} active={y === d.year}>
              {y}
            </Pill>
          ))}
          <span className="ml-3 mr-1 text-sm text-slate-600">排名指标</span>
          {RANK_MEASURES.map((k) => (
            <Pill key={k.id} href={`/regions/${code}?${regionQuery(d.year, k)}`} active={k.id === d.measure.id}>
              {k.label}
            </Pill>
          ))}
        </div>
        {me ? (
          <p className="text-sm text-slate-700" data-testid="peer-rank">
            在{chain[chain.length - 2]?.name}的 {peers} 个有报告的同级地区中，{d.region.name}的{mdef.label}
            {me.rank ? (
              <>
                排第 <b>{me.rank}</b> 位（{show(me.value, mdef.format)}
                {me.partial ? `，${me.partial}` : ''}）。
              </>
            ) : (
              <>不参与排名：{me.unranked}。</>
            )}
          </p>
        ) : null}
        <Chart spec={d.childChart} height={300} />
        {d.children.length ? (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full border-collapse text-sm" data-testid="ranking">
              <caption className="sr-only">下级地区排名</caption>
              <thead className="bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th className="px-2 py-1.5 text-right font-medium">排名</th>
                  <th className="px-2 py-1.5 text-left font-medium">地区</th>
                  <th className="px-2 py-1.5 text-right font-medium">新收申请</th>
                  <th className="hidden px-2 py-1.5 text-right font-medium sm:table-cell">办结</th>
                  <th className="px-2 py-1.5 text-right font-medium">予以公开率</th>
                  <th className="px-2 py-1.5 text-right font-medium">复议纠错率</th>
                  <th className="hidden px-2 py-1.5 text-right font-medium sm:table-cell">报告</th>
                </tr>
              </thead>
              <tbody>
                {d.children.map((c) => (
                  <tr key={c.region.code} className="border-t border-slate-100">
                    <td className="px-2 py-1 text-right tabular-nums">
                      {c.rank ?? (
                        <span className="text-xs text-slate-400" title={c.unranked}>
                          不排名
                        </span>
                      )}
                    </td>
                    <td className="px-2 py-1">
                      <Link href={`/regions/${c.region.code}${d.year ? `?y=${d.year}` : ''}`} className="text-sky-800 hover:underline">
                        {c.region.name}
                      </Link>
                      {c.unranked ? <div className="text-xs text-slate-400">{c.unranked}</div> : null}
                    </td>
                    <td className="px-2 py-1 text-right tabular-nums">
                      {formatCount(c.figures.sums[RECEIVED]?.value)}
                      <Partial text={partialLabel(c.figures.sums[RECEIVED])} />
                    </td>
                    <td className="hidden px-2 py-1 text-right tabular-nums sm:table-cell">
                      {formatCount(c.figures.sums[PROCESSED]?.value)}
                      <Partial text={partialLabel(c.figures.sums[PROCESSED])} />
                    </td>
                    <td className="px-2 py-1 text-right tabular-nums">
                      {formatPercent(c.figures.ratios.granted_share.value)}
                      <Partial text={ratioLabel(c.figures.ratios.granted_share)} />
                    </td>
                    <td className="px-2 py-1 text-right tabular-nums">
                      {formatPercent(c.figures.ratios.review_rate.value)}
                      <Partial text={ratioLabel(c.figures.ratios.review_rate)} />
                    </td>
                    <td className="hidden px-2 py-1 text-right tabular-nums sm:table-cell">
                      <Link
                        href={`/reports?${filterQuery({ regions: [c.region.code], years: d.year ? [d.year] : null })}`}
                        className="text-sky-800 hover:underline"
                      >
                        {c.reports}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <p className="text-xs text-slate-500">
          比率指标只对办结申请不少于 {MIN_APPLICATIONS_TO_RANK} 件的地区排名（件数太少时一两件即可大幅改变比率）。{COUNTING_RULE}
        </p>
      </section>

      {agencies.length ? (
        <section aria-labelledby="agencies">
          <h2 id="agencies" className="mb-2 text-base font-semibold">
            本级单位
          </h2>
          <ul className="flex flex-wrap gap-2 text-sm">
            {agencies.map((a) => (
              <li key={a.id} className="rounded border border-slate-200 bg-white px-2 py-1">
                <Link href={`/agencies/${a.id}`} className="text-sky-800 hover:underline">
                  {displayText(a.name)}
                </Link>
                <span className="ml-1 text-xs text-slate-500">{a.reports} 份</span>
                <Link href={compareHref({ agencies: [a.id] })} className="ml-2 text-xs text-slate-500 underline">
                  对比
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
