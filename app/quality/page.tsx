import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/db/client';
import { getChildCounts } from '@/db/queries/places';
import { getQualitySummary, listQualityIssues } from '@/db/queries/quality';
import { getYears } from '@/db/queries/reports';
import { getCoverageView } from '@/db/queries/coverage';
import { listCrossYearFindings } from '@/db/queries/crossyear';
import { CrossYearFindings } from '@/components/crossyear/CrossYear';
import { LateList } from '@/components/coverage/Coverage';
import { formatPercent } from '@/lib/charts/spec';
import { RULE_FAMILIES, ruleFamilyLabel, ruleLabel } from '@/lib/format/rules';
import { FORMATS } from '@/lib/format';
import { formatCount } from '@/lib/charts/spec';
import { filterQuery, getParam, parseFilterParams, usesOldNames } from '@/lib/url/params';
import { regionByCode, regionPath } from '@/lib/region/gazetteer';
import { displayText } from '@/lib/text/display';

export const metadata: Metadata = { title: '数据质量' };

const LIMIT = 100;
const RULES = new Map([...FORMATS['2019'].rules, ...FORMATS['2021'].rules].map((r) => [r.id, r]));

function queryOf(region: string | null, year: number | null, rule: string | null): string {
  const q = filterQuery({ regions: region ? [region] : [], years: year ? [year] : null }, { rule });
  return q ? `?${q}` : '';
}

export default async function QualityPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const sp = await props.searchParams;
  const f = parseFilterParams(sp);
  const region = f.regions[0] && regionByCode(f.regions[0]) ? f.regions[0] : null;
  const year = f.years?.[0] ?? null;
  const ruleParam = getParam(sp, 'rule');
  const rule = ruleParam && /^t[234]\.[a-z_.]{1,80}$/.test(ruleParam) ? ruleParam : null;
  // The old parameter names (region, year) still work: redirected to the shared ones (r, y).
  if (usesOldNames(sp)) redirect(`/quality${queryOf(region, year, rule)}`);
  const db = await getDb();
  const filter = { regionCode: region, years: year ? [year] : null };
  const [rows, summary, years, allProvinces, crossYear, coverage] = await Promise.all([
    listQualityIssues(db, { ...filter, ruleId: rule }, LIMIT),
    getQualitySummary(db, filter),
    getYears(db),
    getChildCounts(db, null),
    listCrossYearFindings(db, filter, 100),
    getCoverageView(db, region, year),
  ]);
  const timely = coverage.years.find((y) => y.year === coverage.year);
  const provinces = allProvinces.filter((p) => p.reports > 0);
  const regionOptions = new Map<string, string>(provinces.map((p) => [p.code, p.name]));
  if (region && !regionOptions.has(region)) regionOptions.set(region, regionPath(region));
  const allRules = [...RULES.keys()];
  const q = (o: { region?: string | null; year?: number | null; rule?: string | null }) => {
    const v = { region, year, rule, ...o };
    return `/quality${queryOf(v.region, v.year, v.rule)}`;
  };

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">数据质量</h1>
        <p className="text-sm text-slate-600">
          未通过国家格式校验规则（勾稽关系、（七）总计、总计列、表四总计）或有解析提示的报告。未通过的校验说明原报告本身前后不一致；数据按原样保存，不作修正。
        </p>
      </div>

      <form
        method="get"
        action="/quality"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm"
        aria-label="筛选"
      >
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">地区</span>
          <select name="r" defaultValue={region ?? ''} className="rounded border border-slate-300 px-2 py-1.5">
            <option value="">全部地区</option>
            {[...regionOptions].map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">年度</span>
          <select name="y" defaultValue={year ?? ''} className="rounded border border-slate-300 px-2 py-1.5">
            <option value="">全部年度</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          <span className="text-slate-600">规则</span>
          <select name="rule" defaultValue={rule ?? ''} className="max-w-full rounded border border-slate-300 px-2 py-1.5 sm:max-w-md">
            <option value="">全部规则</option>
            <optgroup label="规则类别">
              {RULE_FAMILIES.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </optgroup>
            <optgroup label="单条规则">
              {allRules.map((id) => (
                <option key={id} value={id}>
                  {ruleLabel(id)}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 text-white hover:bg-sky-800">
          筛选
        </button>
        {region || year || rule ? (
          <Link href="/quality" className="py-1.5 text-slate-600 underline">
            清除
          </Link>
        ) : null}
      </form>

      <section className="grid gap-4 lg:grid-cols-2" aria-label="汇总">
        <div className="rounded-lg border border-slate-200 bg-white p-3">
          <h2 className="mb-1 text-sm font-semibold">按规则类别</h2>
          {summary.byRule.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {summary.byRule.map((f) => (
                <li key={f.family} className="flex justify-between gap-2 py-1">
                  <Link href={q({ rule: f.family })} className="text-sky-800 hover:underline">
                    {ruleFamilyLabel(f.family)}
                  </Link>
                  <span className="shrink-0 tabular-nums text-slate-600">
                    {formatCount(f.reports)} 份 · {formatCount(f.failures)} 条
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-emerald-700">没有未通过的校验。</p>
          )}
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-3">
          <h2 className="mb-1 text-sm font-semibold">按地区（未通过校验最多的）</h2>
          <ul className="max-h-64 divide-y divide-slate-100 overflow-auto text-sm">
            {summary.byRegion
              .filter((g) => g.failedChecks > 0)
              .slice(0, 20)
              .map((g) => (
                <li key={g.regionCode} className="flex justify-between gap-2 py-1">
                  <Link href={q({ region: g.regionCode })} className="truncate text-sky-800 hover:underline">
                    {g.path ?? g.regionCode}
                  </Link>
                  <span className="shrink-0 tabular-nums text-slate-600">
                    {g.failedReports}/{g.reports} 份 · {g.failedChecks} 条
                  </span>
                </li>
              ))}
          </ul>
        </div>
      </section>

      <section className="space-y-2" aria-labelledby="timeliness-h" data-testid="quality-timeliness">
        <h2 id="timeliness-h" className="text-base font-semibold">
          发布是否按时{coverage.year ? `（${coverage.year} 年度）` : ''}
        </h2>
        {timely ? (
          <p className="text-sm text-slate-700">
            按时 {timely.onTime} 份，逾期 {timely.late} 份，发布日期不详 {timely.unknown} 份；按时率 {formatPercent(timely.onTimeShare)}
            （不计日期不详的报告）。
          </p>
        ) : (
          <p className="text-sm text-slate-600">暂无报告。</p>
        )}
        <LateList view={coverage} />
      </section>

      <section className="space-y-2" aria-labelledby="cross-year-h">
        <h2 id="cross-year-h" className="text-base font-semibold">
          跨年核对
        </h2>
        <p className="text-sm text-slate-600">
          同一单位相邻年度报告之间的不一致：表三“上年结转”与上年“结转下年度”不符 {crossYear.summary.errors}{' '}
          处（有一份报告有误）；表二“现行有效件数”与上年存量加减本年制发、废止不符
          {crossYear.summary.hints} 处（请核实，集中清理也会造成差异）。共核对 {crossYear.summary.pairs} 对相邻年度报告。
        </p>
        <CrossYearFindings rows={crossYear.rows} showAgency />
      </section>

      <section aria-labelledby="list">
        <h2 id="list" className="mb-2 text-base font-semibold">
          报告（{rows.length >= LIMIT ? `前 ${LIMIT} 份` : `${rows.length} 份`}）
          <span className="ml-2 text-sm font-normal text-slate-500">
            {[
              region ? regionPath(region) : '全部地区',
              year ? `${year}年度` : '全部年度',
              rule ? (ruleFamilyLabel(rule) !== rule ? ruleFamilyLabel(rule) : ruleLabel(rule)) : '全部规则',
            ].join(' · ')}
          </span>
        </h2>
        {rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">没有符合条件的报告。</p>
        ) : (
          <ul className="space-y-2" data-testid="quality-list">
            {rows.map((x) => {
              const shown = rule ? x.failedRules.filter((id) => id.startsWith(rule)) : x.failedRules;
              const first = shown[0] ? RULES.get(shown[0]) : undefined;
              const keyParam = first ? `?key=${[...first.lhs, ...first.rhs].join('~')}` : '';
              return (
                <li key={x.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <Link href={`/reports/${x.id}${keyParam}`} className="font-medium text-sky-800 hover:underline">
                      {displayText(x.agency) ?? `报告 #${x.id}`} · {x.year ?? '年度未识别'}
                    </Link>
                    <span className="text-xs text-slate-500">{x.regionPath}</span>
                  </div>
                  <div className="mt-1 text-xs">
                    {x.failedChecks > 0 ? (
                      <span className="text-rose-700">{x.failedChecks} 条校验未通过</span>
                    ) : (
                      <span className="text-slate-500">校验均通过</span>
                    )}
                    {x.warnings > 0 ? <span className="ml-2 text-amber-700">{x.warnings} 条解析提示</span> : null}
                  </div>
                  {shown.length ? (
                    <ul className="mt-1 list-disc pl-5 text-xs text-slate-700">
                      {shown.slice(0, 4).map((id) => (
                        <li key={id}>{ruleLabel(id)}</li>
                      ))}
                      {shown.length > 4 ? <li className="list-none text-slate-500">等 {shown.length} 条</li> : null}
                    </ul>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
