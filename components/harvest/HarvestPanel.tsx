'use client';
/**
 * Paste URLs (and years) → preview (what each URL holds; nothing stored) → confirm → the result
 * per item with links to the stored reports and the review queue. POST /api/harvest both times.
 */
import Link from 'next/link';
import { useState } from 'react';
import { HARVEST_STATUS_LABEL, type HarvestItemView, type HarvestStatus } from '@/lib/harvest/view';

interface Summary {
  items: HarvestItemView[];
  counts: Record<HarvestStatus, number>;
  requests: number;
}

const STATUS_CLASS: Record<HarvestStatus, string> = {
  new: 'text-sky-700',
  stored: 'text-emerald-700',
  unchanged: 'text-slate-500',
  skipped: 'text-amber-700',
  failed: 'text-rose-700',
};

async function post(body: object): Promise<Summary> {
  const res = await fetch('/api/harvest', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as Summary & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `请求失败（HTTP ${res.status}）`);
  return json;
}

export function HarvestPanel() {
  const [urls, setUrls] = useState('');
  const [years, setYears] = useState('');
  const [busy, setBusy] = useState<'preview' | 'store' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Summary | null>(null);
  const [result, setResult] = useState<Summary | null>(null);

  const run = async (confirm: boolean) => {
    setBusy(confirm ? 'store' : 'preview');
    setError(null);
    if (!confirm) setResult(null);
    try {
      const s = await post({ urls, years, confirm });
      if (confirm) setResult(s);
      else setPreview(s);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const shown = result ?? preview;

  return (
    <div className="space-y-4">
      <div className="space-y-2">
        <label className="block text-sm font-medium" htmlFor="harvest-urls">
          网址
        </label>
        <textarea
          id="harvest-urls"
          className="h-32 w-full rounded border border-slate-300 p-2 font-mono text-sm"
          placeholder="https://www.example.gov.cn/col/col123/index.html"
          value={urls}
          onChange={(e) => (setUrls(e.target.value), setPreview(null), setResult(null))}
        />
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label>
            年份{' '}
            <input
              className="w-32 rounded border border-slate-300 px-2 py-1"
              placeholder="2019-2025"
              value={years}
              onChange={(e) => setYears(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="rounded bg-slate-800 px-3 py-1.5 text-white disabled:opacity-50"
            disabled={!urls.trim() || busy !== null}
            onClick={() => run(false)}
          >
            {busy === 'preview' ? '正在预览…' : '预览'}
          </button>
          {preview && !result ? (
            <button
              type="button"
              className="rounded bg-emerald-700 px-3 py-1.5 text-white disabled:opacity-50"
              disabled={busy !== null || preview.counts.new === 0}
              onClick={() => run(true)}
            >
              {busy === 'store' ? '正在入库…' : `确认入库 ${preview.counts.new} 份`}
            </button>
          ) : null}
        </div>
        {error ? (
          <p role="alert" className="text-sm text-rose-700">
            {error}
          </p>
        ) : null}
      </div>
      {shown ? (
        <section aria-label={result ? '抓取结果' : '预览'} className="space-y-2">
          <p className="text-sm text-slate-700" data-testid="harvest-summary">
            {result ? '已完成：' : '预览（尚未入库）：'}
            {(Object.keys(HARVEST_STATUS_LABEL) as HarvestStatus[])
              .filter((k) => shown.counts[k])
              .map((k) => `${HARVEST_STATUS_LABEL[k]} ${shown.counts[k]}`)
              .join('，')}
            （{shown.requests} 次请求）
            {result && result.counts.stored ? (
              <>
                {' '}
                <Link className="text-sky-700 underline" href="/review">
                  去审核
                </Link>
              </>
            ) : null}
          </p>
          <table className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1 pr-2 font-normal">状态</th>
                <th className="py-1 pr-2 font-normal">标题</th>
                <th className="py-1 pr-2 font-normal">发布日期</th>
                <th className="py-1 pr-2 font-normal">形式</th>
                <th className="py-1 font-normal">说明</th>
              </tr>
            </thead>
            <tbody>
              {shown.items.map((it) => (
                <tr key={`${it.url} ${it.status}`} className="border-t border-slate-100 align-top">
                  <td className={`py-1 pr-2 whitespace-nowrap ${STATUS_CLASS[it.status]}`}>{HARVEST_STATUS_LABEL[it.status]}</td>
                  <td className="py-1 pr-2">
                    {it.reportId ? (
                      <Link className="text-sky-700 underline" href={`/reports/${it.reportId}`}>
                        {it.title || it.url}
                      </Link>
                    ) : (
                      it.title || it.url
                    )}
                    <div className="break-all text-xs text-slate-400">{it.url}</div>
                  </td>
                  <td className="py-1 pr-2 whitespace-nowrap">{it.published ?? ''}</td>
                  <td className="py-1 pr-2 whitespace-nowrap">{it.form}</td>
                  <td className="py-1 text-slate-600">{it.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
