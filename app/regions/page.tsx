import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { getDb } from '@/db/client';
import { getChildCounts } from '@/db/queries/places';

export const metadata: Metadata = { title: '地区' };

export default async function RegionsPage() {
  await connection();
  const provinces = await getChildCounts(await getDb(), null);
  const withData = provinces.filter((p) => p.reports > 0);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">地区</h1>
        <p className="text-sm text-slate-600">按省 → 市 → 县 → 乡镇浏览。地区页显示该地区历年数据、下级地区对比和排名。数字为已入库的报告份数。</p>
      </div>
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5" data-testid="provinces">
        {withData.map((p) => (
          <li key={p.code}>
            <Link
              href={`/regions/${p.code}`}
              className="flex items-center justify-between rounded border border-slate-200 bg-white px-3 py-2 text-sm hover:border-sky-400"
            >
              <span>{p.name}</span>
              <span className="text-xs text-slate-500">{p.reports}</span>
            </Link>
          </li>
        ))}
      </ul>
      {provinces.length > withData.length ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600">暂无报告的省级地区（{provinces.length - withData.length}）</summary>
          <ul className="mt-2 flex flex-wrap gap-2">
            {provinces
              .filter((p) => p.reports === 0)
              .map((p) => (
                <li key={p.code}>
                  <Link href={`/regions/${p.code}`} className="text-slate-500 hover:underline">
                    {p.name}
                  </Link>
                </li>
              ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
