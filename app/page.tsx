import Link from 'next/link';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { Chart } from '@/components/charts/Chart';
import { Pill, Stat } from '@/components/ui/Stat';
import { getDb } from '@/db/client';
import { COUNTING_RULE } from '@/db/queries/filter';
import { getChildCounts } from '@/db/queries/places';
import { getQualitySummary } from '@/db/queries/quality';
import { getOverview } from '@/db/queries/reports';
import { getOverviewView } from '@/app/_data/views';
import { getCoverageView } from '@/db/queries/coverage';
import { CoverageSection } from '@/components/coverage/Coverage';
import { withCoverage } from '@/lib/charts/coverage';
import { ruleFamilyLabel } from '@/lib/format/rules';
import { ViewActions } from '@/components/briefing/ViewActions';
import {
  APPLICANT_GROUPS,
  CASE_GROUPS,
  caseSummary,
  outcomeKeys,
  OUTCOME_GROUPS,
  partialLabel,
  ratioDef,
  ratioLabel,
  volumeRow,
  type RatioId,
} from '@/lib/metrics';
import { NOTES } from '@/lib/charts/specs';
import { formatCount, formatPercent } from '@/lib/charts/spec';
import { filterQuery, parseFilterParams, usesOldNames } from '@/lib/url/params';
import { regionByCode, regionPath } from '@/lib/region/gazetteer';
import { ReviewCounts } from '@/components/review/ReviewCounts';
import { reviewCounts } from '@/db/queries/review';
import { currentActor } from '@/server/session';

const RECEIVED = volumeRow('new_received');
const PROCESSED = volumeRow('total_processed');

export default async function OverviewPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const sp = await props.searchParams;
  const f = parseFilterParams(sp);
  const regionCode = f.regions[0] && regionByCode(f.regions[0]) ? f.regions[0] : null;
  if (usesOldNames(sp)) redirect(`/?${filterQuery({ regions: regionCode ? [regionCode] : [], years: f.years })}`);
  const db = await getDb();
  const [o, d, q, provinces, children, coverage] = await Promise.all([
    getOverview(db),
    getOverviewView(db, regionCode, f.years?.[0] ?? null),
    getQualitySummary(db, regionCode ? { regionCode } : {}),
    getChildCounts(db, null),
    regionCode ? getChildCounts(db, regionCode) : Promise.resolve([]),
    getCoverageView(db, regionCode, f.years?.[0] ?? null),
  ]);
  const trail = regionCode ? d.region?.path : null;
  const actor = await currentActor();
  const queue = actor ? await reviewCounts(db, { scope: actor.regionCode, uploadedBy: actor.id }) : null;

  const fig = d.point?.figures ?? null;
  const sum = (column: string) => fig?.sums[column] ?? null;
  const rate = (id: RatioId) => fig?.ratios[id] ?? null;
  const review = caseSummary(fig, CASE_GROUPS[0]);
  const lit = caseSummary(fig, CASE_GROUPS[1]);
  const link = (keys: string[]) => d.point?.link(keys) ?? null;
  const years = d.input.points.map((p) => p.year);
  const scopeName = d.region ? d.region.path : '全国';
  const viewQuery = filterQuery({ regions: regionCode ? [regionCode] : [], years: d.year ? [d.year] : null });
  const rateStat = (id: RatioId, href: string | null, detail?: string) => {
    const r = rate(id);
    const def = ratioDef(id);
    return <Stat label={def.label} value={formatPercent(r?.value)} detail={detail ?? def.definition} partial={ratioLabel(r)} href={href} />;
  };

  return (
    <div className="space-y-5">
      <section>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h1 className="text-xl font-semibold">政府信息公开工作年度报告概览</h1>
          <ViewActions briefingHref={`/briefing/overview.docx${viewQuery ? `?${viewQuery}` : ''}`} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          已收录 <b data-testid="count-reports">{formatCount(o.reports)}</b> 份报告，来自 <b>{formatCount(o.agencies)}</b> 个单位、
          <b>{formatCount(o.regions)}</b> 个县级以上地区， 年度 {o.years.length ? `${o.years[0]}—${o.years[o.years.length - 1]}` : '—'}。
        </p>
      </section>

      {actor && queue ? <ReviewCounts counts={queue} scopeName={actor.regionCode ? regionPath(actor.regionCode) : '全国'} /> : null}

      <section className="space-y-2" aria-label="范围" data-print="hide">
        <div className="flex flex-wrap items-center gap-1">
          <span className="mr-1 text-sm text-slate-600">范围</span>
          <Pill href="/" active={!regionCode}>
            全国
          </Pill>
          {provinces
            .filter((p) => p.reports > 0)
            .map((p) => (
              <Pill key={p.code} href={`/?r=${p.code}`} active={Boolean(regionCode?.startsWith(p.code.slice(0, 2)))}>
                {p.name}
              </Pill>
            ))}
        </div>
        {regionCode ? (
          <div className="flex flex-wrap items-center gap-1 text-sm">
            <span className="text-slate-600">当前：{trail}</span>
            <Link href={`/regions/${regionCode}`} className="ml-2 text-sky-800 underline">
              地区详情
            </Link>
            {children.some((c) => c.reports > 0) ? <span className="ml-3 text-slate-500">下级：</span> : null}
            {children
              .filter((c) => c.reports > 0)
              .map((c) => (
                <Link key={c.code} href={`/?r=${c.code}`} className="rounded px-1.5 text-sky-800 hover:bg-sky-50">
                  {c.name}
                </Link>
              ))}
          </div>
        ) : null}
        {years.length ? (
          <div className="flex flex-wrap items-center gap-1">
            <span className="mr-1 text-sm text-slate-600">年度</span>
            {years.map((y) => (
              <Pill key={y} href={`/?${filterQuery({ regions: regionCode ? [regionCode] : [], years: [y] })}`} active={y === d.year}>
                {y}
              </Pill>
            ))}
          </div>
        ) : null}
      </section>

      {d.point ? (
        <section aria-label="主要数字">
          <h2 className="mb-2 text-base font-semibold">
            {scopeName} · {d.year}年度 <span className="text-sm font-normal text-slate-500">（{d.point.reports} 份报告）</span>
          </h2>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
            <Stat
              testId="stat-received"
              label="本年新收申请"
              value={`${formatCount(sum(RECEIVED.metric)?.value)} 件`}
              detail={`${APPLICANT_GROUPS[0].label} ${formatCount(sum(RECEIVED.byApplicant.natural)?.value)} · ${APPLICANT_GROUPS[1].label} ${formatCount(sum(RECEIVED.byApplicant.legal)?.value)}`}
              partial={partialLabel(sum(RECEIVED.metric))}
              href={link(['t3.new_received.total'])}
            />
            {rateStat('granted_share', link(outcomeKeys(OUTCOME_GROUPS[0])), `办结 ${formatCount(sum(PROCESSED.metric)?.value)} 件`)}
            {rateStat('disclosed_share', link([...outcomeKeys(OUTCOME_GROUPS[0]), ...outcomeKeys(OUTCOME_GROUPS[1])]))}
            {rateStat('denied_share', link(outcomeKeys(OUTCOME_GROUPS[2])))}
            {rateStat(
              'review_rate',
              link(['t4.review.corrected', 't4.review.total']),
              `复议 ${formatCount(review.total.value)} 件，纠正 ${formatCount(review.results[1]?.value)}`,
            )}
            {rateStat(
              'litigation_rate',
              link(['t4.litigation_direct.corrected', 't4.litigation_after_review.corrected']),
              `诉讼 ${formatCount(lit.total.value)} 件，纠正 ${formatCount(lit.results[1]?.value)}`,
            )}
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {NOTES.disclosure}
            {NOTES.cases}
            {NOTES.applicant}未能读取的数字不按 0 计入合计，标“部分”。点击数字查看背后的报告。
          </p>
        </section>
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">
          {scopeName}暂无已入库的报告。可用 <code>npm run import -- 文件或文件夹</code> 导入报告。
        </p>
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        <div className="lg:col-span-2">
          <Chart spec={withCoverage(d.volume, coverage.years, coverage.uneven)} />
        </div>
        <Chart spec={withCoverage(d.outcomes, coverage.years, coverage.uneven)} height={340} />
        <Chart spec={withCoverage(d.cases, coverage.years, coverage.uneven)} height={340} />
      </div>
      <CoverageSection
        view={coverage}
        regionName={scopeName}
        yearHref={(y) => `/?${filterQuery({ regions: regionCode ? [regionCode] : [], years: [y] })}`}
      />

      <section className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-labelledby="dq">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="dq" className="text-base font-semibold">
            数据质量
          </h2>
          <Link href={`/quality${regionCode ? `?r=${regionCode}` : ''}`} className="text-sm text-sky-800 underline" data-testid="quality-link">
            查看全部问题 →
          </Link>
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {formatCount(o.failedReports)} 份报告（共 {formatCount(o.reports)} 份）有未通过的校验，共 {formatCount(o.failedChecks)}{' '}
          条。未通过的校验是原报告本身的不一致，数据按原样保存、不作修正。
        </p>
        {q.byRule.length ? (
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {q.byRule.map((f) => (
              <li key={f.family} className="flex items-center justify-between gap-2 py-1.5">
                <Link
                  href={`/quality?${filterQuery({ regions: regionCode ? [regionCode] : [] }, { rule: f.family })}`}
                  className="text-sky-800 hover:underline"
                >
                  {ruleFamilyLabel(f.family)}
                </Link>
                <span className="shrink-0 tabular-nums text-slate-600">
                  {formatCount(f.reports)} 份 · {formatCount(f.failures)} 条
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-emerald-700">所有报告均通过了全部校验。</p>
        )}
      </section>
      <p className="text-xs text-slate-500">统计口径：{COUNTING_RULE}</p>
    </div>
  );
}
