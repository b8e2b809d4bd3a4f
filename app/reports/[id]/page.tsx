import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Linker } from '@/components/report/Linker';
import { ReportChecks, type ChecksView } from '@/components/report/ReportChecks';
import { ReportTables } from '@/components/report/ReportTables';
import { tableCells, type CellValue } from '@/lib/report/table-view';
import { SourceText } from '@/components/report/SourceText';
import { getDb } from '@/db/client';
import { getReportPage, type ReportPageData } from '@/db/queries/report-page';
import { CrossYearFindings, ReuseSummary } from '@/components/crossyear/CrossYear';
import { ruleLabel } from '@/lib/format/rules';
import { LEVEL_LABEL } from '@/lib/charts/entities';
import { FORMATS, type FormatVersion } from '@/lib/format';
import { sourceMarks } from '@/lib/report/marks';
import { displayText, fileName } from '@/lib/text/display';
import { parseIntInRange, RANGES } from '@/lib/url/params';

type Props = { params: Promise<{ id: string }> };

/*
 * A report's page depends on the report alone: the cells a link marks (?key=…) are marked in the
 * browser, so the server renders the same page for every link to a report. It still renders per
 * request (the root layout gives every page its request's CSP nonce), so what it sends is kept
 * small: the tables and the source text travel as data, drawn by client components.
 */

// Once per request: the page and its metadata read the same report (kept between requests while
// the database is unchanged: db/queries/report-page).
const load = cache(async (id: string) => {
  const n = parseIntInRange(id, RANGES.id);
  return n == null ? null : getReportPage(await getDb(), n);
});

export async function generateMetadata(props: Props): Promise<Metadata> {
  const r = (await load((await props.params).id))?.report;
  return { title: r ? `${displayText(r.agency) ?? '未识别单位'} ${r.year ?? ''}年度报告` : '报告' };
}

const SCOPE: Record<string, string> = { agency: '本单位', region: '全地区（含下属单位）' };

/** What the page shows, derived from its data once per loaded data (the cache keeps the data). */
const views = new WeakMap<ReportPageData, ReturnType<typeof deriveView>>();

function deriveView({ report: r, inForce, reuse }: ReportPageData) {
  const format = (r.format === '2019' ? '2019' : '2021') as FormatVersion;
  const f = FORMATS[format];
  const values = new Map<string, CellValue>(
    r.values.map((v) => {
      const c = inForce.get(v.key);
      return [v.key, c ? { ...v, reviewed: { kind: c.kind, value: c.enteredValue, by: displayText(c.userName), at: c.createdAt } } : v];
    }),
  );
  const rules = new Map(f.rules.map((x) => [x.id, x]));
  const failed = r.checks.filter((c) => c.status === 'fail');
  const notAssessable = r.checks.filter((c) => c.status === 'not_assessable');
  const failing = new Set(failed.flatMap((c) => [...(rules.get(c.ruleId)?.lhs ?? []), ...(rules.get(c.ruleId)?.rhs ?? [])]));
  const cellMarks = sourceMarks(r.text.length, r.values);
  // Passages repeated from last year's report, marked in the same text (they never cover a table cell).
  const reuseMarks = (reuse?.sections ?? [])
    .flatMap((x) => x.passages)
    .filter((p) => !cellMarks.some(([a, b]) => p.start < b && a < p.end))
    .map((p, i): (typeof cellMarks)[number] => [p.start, p.end, `reused-${i}`, 'reused']);
  const marks = [...cellMarks, ...reuseMarks].sort((a, b) => a[0] - b[0]);
  const counts: ChecksView['counts'] = { printed: 0, blank: 0, inferred: 0, guessed: 0, missing: 0 };
  for (const v of r.values) if (v.status in counts) counts[v.status as keyof typeof counts]++;
  const allKeys = f.keys.map((k) => k.key);
  const checks: ChecksView = {
    total: r.checks.length,
    passed: r.checks.length - failed.length - notAssessable.length,
    counts,
    reviewed: inForce.size,
    cells: r.values.length,
    failed: failed.map((c) => {
      const rule = rules.get(c.ruleId);
      return {
        ruleId: c.ruleId,
        message: c.message ?? ruleLabel(c.ruleId),
        label: ruleLabel(c.ruleId),
        markKeys: rule ? [...rule.lhs, ...rule.rhs].join(' ') : null,
      };
    }),
    notAssessable: notAssessable.map((c) => ruleLabel(c.ruleId)),
    warnings: r.warningList.map((w) => {
      const keys = w.key ? allKeys.filter((k) => k === w.key || k.startsWith(`${w.key}.`)) : [];
      return { message: w.message, markKeys: keys.length ? keys.join(' ') : null };
    }),
    all: r.checks.map((c) => ({ ruleId: c.ruleId, status: c.status, label: ruleLabel(c.ruleId) })),
  };
  return { format, f, marks, checks, cells: tableCells(format, values, failing) };
}

export default async function ReportPage(props: Props) {
  const { id } = await props.params;
  const data = await load(id);
  if (!data) notFound();
  let view = views.get(data);
  if (!view) views.set(data, (view = deriveView(data)));
  const { format, f, marks, checks, cells } = view;
  const { report: r, crossYear, reuse } = data;
  const regionLink = r.regionCode ? `/regions/${r.regionCode}` : null;

  return (
    <div className="space-y-5" data-wide>
      <nav className="text-sm text-slate-500" aria-label="位置">
        <Link href="/reports" className="hover:underline">
          报告
        </Link>
        {r.regionCode ? (
          <>
            {' › '}
            <Link href={`/reports?r=${r.regionCode}`} className="hover:underline">
              {r.regionPath}
            </Link>
          </>
        ) : null}
      </nav>
      <header>
        <h1 className="text-xl font-semibold" data-testid="report-title">
          {displayText(r.title) ?? `${displayText(r.agency) ?? '未识别单位'}${r.year ?? ''}年政府信息公开工作年度报告`}
        </h1>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
          <dt className="text-slate-500">单位</dt>
          <dd>
            {displayText(r.agency) ?? '未识别'}
            {r.agencyId ? (
              <Link href={`/agencies/${r.agencyId}`} className="ml-2 text-xs text-sky-800 underline">
                历年报告对照
              </Link>
            ) : null}
          </dd>
          <dt className="text-slate-500">地区</dt>
          <dd>
            {regionLink ? (
              <Link href={regionLink} className="text-sky-800 underline">
                {r.regionPath}
              </Link>
            ) : (
              '未识别'
            )}
          </dd>
          <dt className="text-slate-500">层级</dt>
          <dd>{r.level ? (LEVEL_LABEL[r.level] ?? r.level) : '—'}</dd>
          <dt className="text-slate-500">统计年度</dt>
          <dd>{r.year ?? '未识别'}</dd>
          <dt className="text-slate-500">报告格式</dt>
          <dd>
            {format} 版（{f.document}）
          </dd>
          <dt className="text-slate-500">发布日期</dt>
          <dd>{r.published ?? '未注明'}</dd>
          <dt className="text-slate-500">覆盖范围</dt>
          <dd>{r.scope ? (SCOPE[r.scope] ?? r.scope) : '—'}</dd>
          <dt className="text-slate-500">来源文件</dt>
          <dd className="break-all">{displayText(fileName(r.sourceFile))}</dd>
        </dl>
        {r.versions.length > 1 ? (
          <p className="mt-2 text-sm text-slate-600">
            同一单位同一年度共有 {r.versions.length} 个版本：
            {r.versions.map((v) => (
              <Link key={v.id} href={`/reports/${v.id}`} className={`ml-2 ${v.id === r.id ? 'font-semibold' : 'text-sky-800 underline'}`}>
                #{v.id}
                {v.isCurrent ? '（计入统计）' : ''}
              </Link>
            ))}
          </p>
        ) : null}
      </header>

      <Linker>
        <ReportChecks v={checks} />

        <section className="mt-5 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-labelledby="cross-year-h" id="reuse">
          <h2 id="cross-year-h" className="text-base font-semibold">
            跨年核对
          </h2>
          <p className="mb-2 text-xs text-slate-500">
            与同一单位相邻年度的报告对照：表三“上年结转”应等于上年“结转下年度”（不一致即有一份报告有误）；表二“现行有效件数”应约等于上年现行有效 +
            本年制发 − 本年废止（集中清理也会改变存量，仅提示核实）。
          </p>
          <CrossYearFindings rows={crossYear} empty={r.agencyId ? '与相邻年度报告对照，未发现不一致（或暂无相邻年度的报告）。' : undefined} />
          {reuse ? (
            <div className="mt-3">
              <ReuseSummary reuse={reuse} />
            </div>
          ) : null}
        </section>

        <div className="mt-5 grid gap-5 xl:grid-cols-[minmax(0,1.25fr)_minmax(0,0.75fr)]">
          <section className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-labelledby="tables">
            <h2 id="tables" className="text-base font-semibold">
              统计表
            </h2>
            <p className="mb-3 text-xs text-slate-500">
              按国家格式排列。点击数字定位原文；<span className="rounded bg-violet-50 px-1 text-violet-900">推</span>{' '}
              为按表内关系推算，“空”为原文空白，
              <span className="text-rose-700">?</span> 为未能读取，红框为参与未通过校验的单元格。
            </p>
            <ReportTables format={format} cells={cells} />
          </section>
          <section
            className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 sm:p-4 xl:sticky xl:top-2 xl:max-h-[calc(100vh-1rem)] xl:overflow-auto"
            aria-labelledby="source"
          >
            <h2 id="source" className="text-base font-semibold">
              报告原文
            </h2>
            <nav className="my-2 flex flex-wrap gap-x-3 gap-y-1 text-xs" aria-label="章节">
              {r.sections.map((s) => (
                <a key={s.index} href={`#sec-${s.index}`} className="text-sky-800 hover:underline">
                  {displayText(s.title)}
                </a>
              ))}
            </nav>
            <p className="mb-2 text-xs text-slate-500">标黄的是提取为表格数值的原文；点击可定位到表中对应单元格。</p>
            <SourceText text={r.text} marks={marks} sections={r.sections.map((x) => ({ index: x.index, start: x.start }))} />
          </section>
        </div>
      </Linker>
    </div>
  );
}
