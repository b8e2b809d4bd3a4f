import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { getDb } from '@/db/client';
import { DOUBT_KIND_LABEL, queueYears, reviewCounts, reviewQueue, type DoubtKind } from '@/db/queries/review';
import { getParam } from '@/lib/charts/state';
import { regionByCode, regionPath } from '@/lib/region/gazetteer';
import { displayText } from '@/lib/text/display';
import { pageActor } from '@/server/session';

export const metadata: Metadata = { title: '审核' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const KINDS = Object.keys(DOUBT_KIND_LABEL) as DoubtKind[];

export default async function ReviewQueuePage(props: Props) {
  await connection();
  const actor = await pageActor('/review', 'review');
  if (!actor) return <p className="text-sm text-rose-700">无权审核。</p>;
  const sp = await props.searchParams;
  const r = getParam(sp, 'r');
  const region = r && /^\d{6}(\d{3})?$/.test(r) && regionByCode(r) ? r : null;
  const y = getParam(sp, 'y');
  const year = y && /^(19|20)\d{2}$/.test(y) ? Number(y) : null;
  const k = getParam(sp, 'kind');
  const kind = KINDS.includes(k as DoubtKind) ? (k as DoubtKind) : null;
  const db = await getDb();
  const scope = { scope: actor.regionCode, uploadedBy: actor.id };
  const [rows, totals, years] = await Promise.all([
    reviewQueue(db, { ...scope, region, year, kind }),
    reviewCounts(db, { ...scope, region, year }),
    queueYears(db, scope),
  ]);

  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">审核队列</h1>
        <p className="mt-1 text-sm text-slate-600" data-testid="review-totals">
          {actor.regionCode ? `${regionPath(actor.regionCode)}：` : ''}
          待审核报告 {totals.reports} 份 —— 存疑单元格 {totals.doubtfulCells} 个，未通过校验 {totals.openChecks} 条，元数据未定 {totals.openMeta} 项，
          更正待复核 {totals.staleCorrections} 条；已人工核对 {totals.reviewedCells} 个数字。
        </p>
      </header>
      <form className="flex flex-wrap items-end gap-3 text-sm" method="get" data-testid="review-filter">
        <label className="block">
          <span className="text-xs text-slate-500">地区代码</span>
          <input
            name="r"
            defaultValue={region ?? ''}
            placeholder="如 320800"
            className="mt-0.5 block w-28 rounded border border-slate-300 px-2 py-1"
          />
        </label>
        <label className="block">
          <span className="text-xs text-slate-500">年度</span>
          <select name="y" defaultValue={year ?? ''} className="mt-0.5 block rounded border border-slate-300 px-2 py-1">
            <option value="">全部</option>
            {years.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="text-xs text-slate-500">类型</span>
          <select name="kind" defaultValue={kind ?? ''} className="mt-0.5 block rounded border border-slate-300 px-2 py-1">
            <option value="">全部</option>
            {KINDS.map((x) => (
              <option key={x} value={x}>
                {DOUBT_KIND_LABEL[x]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50">
          筛选
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">没有待审核的报告。</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm" data-testid="review-queue">
            <thead>
              <tr className="border-b border-slate-300 text-left text-xs text-slate-500">
                <th className="py-1 pr-3 font-medium">单位</th>
                <th className="py-1 pr-3 font-medium">地区</th>
                <th className="py-1 pr-3 font-medium">年度</th>
                <th className="py-1 pr-3 text-right font-medium">存疑单元格</th>
                <th className="py-1 pr-3 text-right font-medium">未通过校验</th>
                <th className="py-1 pr-3 text-right font-medium">元数据</th>
                <th className="py-1 pr-3 text-right font-medium">待复核</th>
                <th className="py-1 pr-3 text-right font-medium">已核对</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => (
                <tr key={x.id} className="border-b border-slate-100">
                  <td className="py-1.5 pr-3">
                    <Link href={`/review/${x.id}`} className="text-sky-800 underline">
                      {displayText(x.agency ?? x.sourceFile)}
                    </Link>
                    {!x.isCurrent ? (
                      <span className="ml-1 text-xs text-slate-400">{x.versionPin === 'withdrawn' ? '（已撤回）' : '（非现行版本）'}</span>
                    ) : null}
                  </td>
                  <td className="py-1.5 pr-3 text-slate-600">{x.regionPath ?? '未识别'}</td>
                  <td className="py-1.5 pr-3">{x.year ?? '未识别'}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{x.doubtfulCells || ''}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{x.openChecks || ''}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{x.openMeta || ''}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{x.staleCorrections || ''}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums text-emerald-700">{x.reviewedCells || ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
