import type { Metadata } from 'next';
import { connection } from 'next/server';
import { HarvestPanel } from '@/components/harvest/HarvestPanel';
import { regionPath } from '@/lib/region/gazetteer';
import { pageActor } from '@/server/session';

export const metadata: Metadata = { title: '抓取报告' };

export default async function HarvestPage() {
  await connection();
  const actor = await pageActor('/harvest', 'harvest');
  if (!actor) return <p className="text-sm text-rose-700">无权抓取报告。</p>;
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">从政府网站抓取报告</h1>
        <p className="mt-1 text-sm text-slate-600">
          每行一个网址：报告文件、报告详情页，或政府信息公开平台的“年报”栏目页（自动翻页，只取所选年份的年度报告）。先预览，确认后才入库；
          内容相同的文件只存一次。对每个网站一次只发一个请求、请求间隔 1 秒，并遵守 robots.txt。
          {actor.regionCode ? ` 您负责 ${regionPath(actor.regionCode)}，只能入库该地区的报告。` : ''}
        </p>
      </header>
      <HarvestPanel />
    </div>
  );
}
