'use client';
/** An admin's decision on a report version: withdrawn, current, or back to the automatic rule. */
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function VersionControls({ reportId, pin, isCurrent }: { reportId: number; pin: string | null; isCurrent: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function set(p: 'current' | 'withdrawn' | null) {
    const res = await fetch(`/api/reports/${reportId}/version`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: p }),
    });
    if (!res.ok) setError(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `失败（${res.status}）`);
    else router.refresh();
  }
  const btn = 'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-40';
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="version-controls">
      <span className="text-slate-600">
        版本：{pin === 'withdrawn' ? '已撤回（不计入统计）' : isCurrent ? '计入统计' : '不计入统计（有更新版本）'}
        {pin === 'current' ? '（管理员指定）' : ''}
      </span>
      <button type="button" className={btn} disabled={pin === 'current'} onClick={() => set('current')}>
        设为现行版本
      </button>
      <button type="button" className={btn} disabled={pin === 'withdrawn'} onClick={() => set('withdrawn')}>
        撤回
      </button>
      <button type="button" className={btn} disabled={pin == null} onClick={() => set(null)}>
        按日期自动
      </button>
      {error ? <span className="text-xs text-rose-700">{error}</span> : null}
    </div>
  );
}
