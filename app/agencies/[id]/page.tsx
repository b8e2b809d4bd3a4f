import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { ViewActions } from '@/components/briefing/ViewActions';
import { CrossYearFindings } from '@/components/crossyear/CrossYear';
import { ReportTables } from '@/components/report/ReportTables';
import { tableCells, type CellValue } from '@/lib/report/table-view';
import { getDb } from '@/db/client';
import { getAgencyView } from '@/db/queries/agency';
import { LEVEL_LABEL } from '@/lib/charts/entities';
import { intParam, parseIntInRange, RANGES } from '@/lib/url/params';
import { displayText } from '@/lib/text/display';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function load(id: string, year: number | null) {
  const n = parseIntInRange(id, RANGES.id);
  return n == null ? null : getAgencyView(await getDb(), n, year);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  await connection();
  const v = await load((await props.params).id, null);
  return { title: v ? `${displayText(v.name)} · 历年报告` : '单位' };
}

export default async function AgencyPage(props: Props) {
  await connection();
  const sp = await props.searchParams;
  const v = await load((await props.params).id, intParam(sp, 'y', RANGES.year, null));
  if (!v) notFound();
  const values = new Map<string, CellValue>(v.values.map((c) => [c.key, { ...c, raw: null, start: null, end: null, note: null }]));
  return (
    <div className="space-y-5" data-wide>
      <nav className="text-sm text-slate-500" aria-label="位置">
        {v.regionCode ? (
          <Link href={`/regions/${v.regionCode}`} className="hover:underline">
            {v.regionPath}
          </Link>
        ) : (
          '单位'
        )}
      </nav>
      <header>
        <h1 className="text-xl font-semibold" data-testid="agency-title">
          {displayText(v.name)}
        </h1>
        <p className="text-sm text-slate-600">
          {v.level ? (LEVEL_LABEL[v.level] ?? v.level) : ''} · {v.years.length} 个年度的报告
        </p>
        <ViewActions briefingHref={`/briefing/agency.docx?id=${v.id}`} />
      </header>

      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white" aria-labelledby="years-h">
        <h2 id="years-h" className="px-3 pt-2 text-base font-semibold">
          历年报告
        </h2>
        <table className="w-full border-collapse text-sm" data-testid="agency-years">
          <thead className="bg-slate-50 text-xs text-slate-600">
            <tr>
              <th className="px-2 py-1.5 text-left font-medium">年度</th>
              <th className="px-2 py-1.5 text-left font-medium">发布日期</th>
              <th className="px-2 py-1.5 text-left font-medium">期限</th>
              <th className="px-2 py-1.5 text-left font-medium">是否按时</th>
              <th className="px-2 py-1.5 text-right font-medium">表内校验未通过</th>
              <th className="px-2 py-1.5 text-right font-medium">跨年核对未通过</th>
              <th className="px-2 py-1.5 text-left font-medium" />
            </tr>
          </thead>
          <tbody>
            {v.years.map((y) => (
              <tr key={y.year} className={`border-t border-slate-100 ${y.year === v.year?.year ? 'bg-sky-50' : ''}`}>
                <td className="px-2 py-1">
                  <Link href={`/agencies/${v.id}?y=${y.year}`} className="text-sky-800 hover:underline">
                    {y.year}
                  </Link>
                </td>
                <td className="px-2 py-1 tabular-nums">{y.published ?? '—'}</td>
                <td className="px-2 py-1 tabular-nums">{y.due}</td>
                <td className={`px-2 py-1 ${y.late ? 'font-semibold text-rose-700' : ''}`}>{y.timeliness}</td>
                <td className="px-2 py-1 text-right tabular-nums">{y.failedChecks}</td>
                <td className="px-2 py-1 text-right tabular-nums">{y.crossYear}</td>
                <td className="px-2 py-1">
                  <Link href={`/reports/${y.reportId}`} className="text-xs text-sky-800 underline">
                    报告
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-labelledby="xy-h">
        <h2 id="xy-h" className="text-base font-semibold">
          跨年核对
        </h2>
        <div className="mt-2">
          <CrossYearFindings rows={v.findings} empty="相邻年度的报告之间未发现不一致（或没有相邻年度的报告）。" />
        </div>
      </section>

      {v.year ? (
        <section className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-labelledby="tables-h">
          <h2 id="tables-h" className="text-base font-semibold" data-testid="agency-tables-title">
            {v.year.year} 年度{v.previous ? `与 ${v.previous.year} 年度对照` : ''}
          </h2>
          <p className="mb-3 text-xs text-slate-500">
            {v.previous
              ? `按国家格式排列。每格上方为 ${v.year.year} 年度印出的数值，下方为 ${v.previous.year} 年度的数值及变化（绿色增加、红色减少）；两年格式不同时，只对照两版共有的项目。`
              : `没有 ${v.year.year - 1} 年度的报告，无法逐项对照。`}
          </p>
          <ReportTables format={v.year.format} cells={tableCells(v.year.format, values, new Set(), v.changes ?? undefined)} />
        </section>
      ) : null}
    </div>
  );
}
