import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { ReportList } from '@/components/report/ReportList';
import { Pill } from '@/components/ui/Stat';
import { getDb } from '@/db/client';
import { COUNTING_RULE } from '@/db/queries/filter';
import { getAgencies } from '@/db/queries/places';
import { getYears, listReports } from '@/db/queries/reports';
import { filterQuery, getParam, intParam, parseFilterParams, RANGES } from '@/lib/url/params';
import { regionByCode, regionPath } from '@/lib/region/gazetteer';

export const metadata: Metadata = { title: '报告' };

const PAGE = 100;

/**
 * /reports?r=<region>&a=<agency>&y=<year>&key=<cells> — the reports behind a chart mark (the
 * drill-down). With exactly one report it opens that report, its cells marked.
 */
export default async function ReportsPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const sp = await props.searchParams;
  const db = await getDb();
  const f = parseFilterParams(sp);
  const region = f.regions[0] && regionByCode(f.regions[0]) ? f.regions[0] : null;
  const agency = f.agencies[0] ?? null;
  const year = f.years?.[0] ?? null;
  const key = getParam(sp, 'key');
  const keyParam = key ? key.split('~').slice(0, 50).map(encodeURIComponent).join('~') : null;
  const page = intParam(sp, 'p', RANGES.page, 0);

  if (region || agency != null) {
    const { total, rows } = await listReports(
      db,
      { regionCode: region, agencyIds: agency != null ? [agency] : undefined, years: year ? [year] : null },
      { limit: PAGE, offset: page * PAGE },
    );
    if (total === 1 && rows.length === 1) redirect(`/reports/${rows[0].id}${keyParam ? `?key=${keyParam}` : ''}`);
    const who = region ? regionPath(region) : ((await getAgencies(db, [agency!]))[0]?.name ?? `单位 #${agency}`);
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">
          {who} · {year ? `${year}年度` : '全部年度'}的报告
        </h1>
        <p className="text-sm text-slate-600">
          共 {total} 份报告计入该数字。{COUNTING_RULE}
        </p>
        {rows.length ? <ReportList rows={rows} keyParam={keyParam} /> : <p className="text-sm text-slate-500">没有符合条件的报告。</p>}
        <Pager
          page={page}
          total={total}
          base={`/reports?${filterQuery({ regions: region ? [region] : [], agencies: agency != null ? [agency] : [], years: year ? [year] : null }, { key: keyParam })}`}
        />
      </div>
    );
  }

  const [years, { total, rows }] = await Promise.all([
    getYears(db),
    listReports(db, { years: year ? [year] : null }, { limit: PAGE, offset: page * PAGE, counted: false }),
  ]);
  if (year && total === 1 && key) redirect(`/reports/${rows[0].id}?key=${keyParam}`);
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-semibold">报告</h1>
      <p className="text-sm text-slate-600">
        共 {total} 份{year ? `${year}年度` : ''}报告计入统计（每个单位每年取最新版本）。按地区查看请用
        <Link href="/compare" className="mx-1 text-sky-800 underline">
          对比
        </Link>
        或
        <Link href="/regions" className="mx-1 text-sky-800 underline">
          地区
        </Link>
        页。
      </p>
      <div className="flex flex-wrap items-center gap-1">
        <Pill href="/reports" active={!year}>
          全部
        </Pill>
        {years.map((y) => (
          <Pill key={y} href={`/reports?y=${y}`} active={y === year}>
            {y}
          </Pill>
        ))}
      </div>
      <ReportList rows={rows} keyParam={keyParam} />
      <Pager page={page} total={total} base={`/reports?${year ? `y=${year}` : ''}`} />
    </div>
  );
}

function Pager({ page, total, base }: { page: number; total: number; base: string }) {
  const pages = Math.ceil(total / PAGE);
  if (pages <= 1) return null;
  const href = (p: number) => `${base}${base.endsWith('?') ? '' : '&'}p=${p}`;
  return (
    <nav className="flex items-center gap-3 text-sm" aria-label="分页">
      {page > 0 ? (
        <Link href={href(page - 1)} className="text-sky-800 underline">
          上一页
        </Link>
      ) : null}
      <span className="text-slate-500">
        第 {page + 1} / {pages} 页
      </span>
      {page + 1 < pages ? (
        <Link href={href(page + 1)} className="text-sky-800 underline">
          下一页
        </Link>
      ) : null}
    </nav>
  );
}
