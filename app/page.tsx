import Link from 'next/link';
import { connection } from 'next/server';
import { Chart } from '@/components/charts/Chart';
import { Pill, Stat } from '@/components/ui/Stat';
import { getDb } from '@/db/client';
import { getOverview, getQualitySummary } from '@/db/queries/reports';
import { COUNTING_RULE } from '@/db/queries/scope';
import { getChildCounts } from '@/db/queries/web-agencies';
import { loadOverview, overviewQuery } from '@/app/_data/charts';
import { ViewActions } from '@/components/briefing/ViewActions';
import { ruleFamilyLabel } from '@/app/_data/quality';
import {
  APPLICANT_GROUPS,
  applicantCounts,
  CASE_GROUPS,
  caseSummary,
  disclosureRates,
  outcomeKeys,
  OUTCOME_GROUPS,
  ratio,
} from '@/lib/charts/measures';
import { NOTES } from '@/lib/charts/specs';
import { formatCount, formatPercent } from '@/lib/charts/spec';
import { getParam, isRegionCode, parseYears } from '@/lib/charts/state';
import { regionByCode, regionPath } from '@/lib/region/gazetteer';
import { ReviewCounts } from '@/components/review/ReviewCounts';
import { reviewCounts } from '@/db/queries/review';
import { currentActor } from '@/server/session';

export default async function OverviewPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const sp = await props.searchParams;
  const r = getParam(sp, 'r');
  const regionCode = r && isRegionCode(r) && regionByCode(r) ? r : null;
  const db = await getDb();
  const o = await getOverview(db);
  const d = await loadOverview(regionCode, parseYears(getParam(sp, 'y'))?.[0] ?? null);
  const q = await getQualitySummary(db, regionCode ? { regionCode } : {});
  const provinces = (await getChildCounts(db, null)).filter((p) => p.reports > 0);
  const children = regionCode ? (await getChildCounts(db, regionCode)).filter((c) => c.reports > 0) : [];
  const trail = regionCode ? d.region?.path : null;
  const actor = await currentActor();
  const queue = actor ? await reviewCounts(db, { scope: actor.regionCode, uploadedBy: actor.id }) : null;

  const v = d.point?.values ?? {};
  const a = applicantCounts(v);
  const rates = disclosureRates(v);
  const reviewCases = caseSummary(v, CASE_GROUPS[0]);
  const lit = caseSummary(v, CASE_GROUPS[1]);
  const link = (keys: string[]) => d.point?.link(keys) ?? null;
  const years = d.input.points.map((p) => p.year);
  const scopeName = d.region ? d.region.path : '全国';

  return (
    <div className="space-y-5">
      <section>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h1 className="text-xl font-semibold">政府信息公开工作年度报告概览</h1>
          <ViewActions briefingHref={`/briefing/overview.docx${overviewQuery(regionCode, d.year) ? `?${overviewQuery(regionCode, d.year)}` : ''}`} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          已收录 <b data-testid="count-reports">{formatCount(o.reports)}</b> 份报告，来自 <b>{formatCount(o.agencies)}</b> 个单位、<b>{formatCount(o.regions)}</b> 个县级以上地区，
          年度 {o.years.length ? `${o.years[0]}—${o.years[o.years.length - 1]}` : '—'}。
        </p>
      </section>

      {actor && queue ? <ReviewCounts counts={queue} scopeName={actor.regionCode ? regionPath(actor.regionCode) : '全国'} /> : null}

      <section className="space-y-2" aria-label="范围" data-print="hide">
        <div className="flex flex-wrap items-center gap-1">
          <span className="mr-1 text-sm text-slate-600">范围</span>
          <Pill href="/" active={!regionCode}>
            全国
          </Pill>
          {provinces.map((p) => (
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
            {children.length ? <span className="ml-3 text-slate-500">下级：</span> : null}
            {children.map((c) => (
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
              <Pill key={y} href={`/?${overviewQuery(regionCode, y)}`} active={y === d.year}>
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
              value={`${formatCount(a.total)} 件`}
              detail={`${APPLICANT_GROUPS[0].label} ${formatCount(a.natural)} · ${APPLICANT_GROUPS[1].label} ${formatCount(a.legal)}`}
              href={link(['t3.new_received.total'])}
            />
            <Stat label="予以公开率" value={formatPercent(rates.grantedRate)} detail={`办结 ${formatCount(rates.processed)} 件`} href={link(outcomeKeys(OUTCOME_GROUPS[0]))} />
            <Stat label="公开率（含部分公开）" value={formatPercent(rates.disclosedRate)} detail="（予以公开 + 部分公开）÷ 办结" href={link([...outcomeKeys(OUTCOME_GROUPS[0]), ...outcomeKeys(OUTCOME_GROUPS[1])])} />
            <Stat label="不予公开占比" value={formatPercent(ratio(v[`out.${OUTCOME_GROUPS[2].key}`], rates.processed))} detail="不予公开 ÷ 办结" href={link(outcomeKeys(OUTCOME_GROUPS[2]))} />
            <Stat
              label="行政复议纠错率"
              value={formatPercent(reviewCases.correctionRate)}
              detail={`复议 ${formatCount(reviewCases.total)} 件，纠正 ${formatCount(reviewCases.corrected)}`}
              href={link(['t4.review.corrected', 't4.review.total'])}
            />
            <Stat
              label="行政诉讼纠错率"
              value={formatPercent(lit.correctionRate)}
              detail={`诉讼 ${formatCount(lit.total)} 件，纠正 ${formatCount(lit.corrected)}`}
              href={link(['t4.litigation_direct.corrected', 't4.litigation_after_review.corrected'])}
            />
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {NOTES.disclosure}纠错率 = 结果纠正 ÷（总计 − 尚未审结）。{NOTES.applicant}点击数字查看背后的报告。
          </p>
        </section>
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">
          {scopeName}暂无已入库的报告。可用 <code>npm run import -- 文件或文件夹</code> 导入报告。
        </p>
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        <div className="lg:col-span-2">
          <Chart spec={d.volume} />
        </div>
        <Chart spec={d.outcomes} height={340} />
        <Chart spec={d.cases} height={340} />
      </div>

      <section className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-labelledby="dq">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="dq" className="text-base font-semibold">
            数据质量
          </h2>
          <Link href={`/quality${regionCode ? `?region=${regionCode}` : ''}`} className="text-sm text-sky-800 underline" data-testid="quality-link">
            查看全部问题 →
          </Link>
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {formatCount(o.failedReports)} 份报告（共 {formatCount(o.reports)} 份）有未通过的校验，共 {formatCount(o.failedChecks)} 条。未通过的校验是原报告本身的不一致，数据按原样保存、不作修正。
        </p>
        {q.byRule.length ? (
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {q.byRule.map((f) => (
              <li key={f.family} className="flex items-center justify-between gap-2 py-1.5">
                <Link href={`/quality?rule=${f.family}${regionCode ? `&region=${regionCode}` : ''}`} className="text-sky-800 hover:underline">
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
