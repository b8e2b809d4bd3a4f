'use client';
/**
 * Choose regions and agencies: search by name (regions down to townships, departments too), or
 * browse province → city → county → township. Every choice is a URL change (the state lives in
 * the URL), so the back button and shared links work.
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState } from 'react';
import { compareHref, MAX_SELECTION, type CompareState } from '@/lib/charts/state';
import type { ChildCount, PlaceHit as Hit } from '@/db/queries/places';
import { displayText } from '@/lib/text/display';

interface BrowseData {
  parent: string | null;
  trail: { code: string; name: string; level: string }[];
  children: ChildCount[];
  agencies: { id: number; name: string; reports: number }[];
}

const LEVEL: Record<string, string> = { province: '省', city: '市', county: '县', township: '乡镇', department: '部门' };

function withAdded(state: CompareState, kind: 'region' | 'agency', id: string): CompareState {
  if (state.regions.length + state.agencies.length >= MAX_SELECTION) return state;
  if (kind === 'region') return state.regions.includes(id) ? state : { ...state, regions: [...state.regions, id] };
  const n = Number(id);
  return state.agencies.includes(n) ? state : { ...state, agencies: [...state.agencies, n] };
}

export function Picker({ state }: { state: CompareState }) {
  const router = useRouter();
  const inputId = useId();
  const [q, setQ] = useState('');
  const [found, setHits] = useState<Hit[] | null>(null);
  // An emptied search box shows no hits without an effect having to clear them.
  const hits = q.trim() ? found : null;
  const [browse, setBrowse] = useState<BrowseData | null>(null);
  const [browseAt, setBrowseAt] = useState<string | null>(state.browse);
  const [open, setOpen] = useState(Boolean(state.browse));
  const full = state.regions.length + state.agencies.length >= MAX_SELECTION;

  // Debounced search.
  useEffect(() => {
    const term = q.trim();
    if (!term) return;
    const ctl = new AbortController();
    const t = setTimeout(() => {
      fetch(`/api/places?q=${encodeURIComponent(term)}`, { signal: ctl.signal })
        .then((r) => r.json())
        .then((d: { hits: Hit[] }) => setHits(d.hits))
        .catch(() => {});
    }, 200);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [q]);

  useEffect(() => {
    if (!open) return;
    const ctl = new AbortController();
    fetch(`/api/places${browseAt ? `?parent=${browseAt}` : ''}`, { signal: ctl.signal })
      .then((r) => r.json())
      .then((d: BrowseData) => setBrowse(d))
      .catch(() => {});
    return () => ctl.abort();
  }, [open, browseAt]);

  function add(kind: 'region' | 'agency', id: string) {
    setQ('');
    setHits(null);
    router.push(compareHref({ ...withAdded(state, kind, id), browse: open ? browseAt : null }), { scroll: false });
  }

  const chip = 'inline-flex items-center gap-1 rounded border px-2 py-1 text-left text-sm';

  return (
    <div className="space-y-2">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        添加地区或单位
      </label>
      <div className="relative">
        <input
          id={inputId}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="输入名称，如 淮安、洪泽区、彰武镇、生态环境局"
          className="w-full rounded border border-slate-300 px-3 py-2 text-sm focus:border-sky-600 focus:outline-none"
          autoComplete="off"
          disabled={full}
          data-testid="place-search"
        />
        {hits ? (
          <ul
            className="absolute z-20 mt-1 max-h-80 w-full overflow-auto rounded border border-slate-200 bg-white shadow-lg"
            role="listbox"
            aria-label="搜索结果"
          >
            {hits.length === 0 ? <li className="px-3 py-2 text-sm text-slate-500">没有找到“{q}”</li> : null}
            {hits.map((h) => (
              <li key={`${h.kind}${h.id}`}>
                <button
                  type="button"
                  className="flex w-full items-baseline justify-between gap-2 px-3 py-2 text-left text-sm hover:bg-sky-50"
                  onClick={() => add(h.kind, h.id)}
                  data-place={`${h.kind}:${h.id}`}
                >
                  <span>
                    <span className="font-medium">{displayText(h.name)}</span>
                    <span className="ml-2 text-xs text-slate-500">
                      {h.kind === 'agency' ? '单位' : (LEVEL[h.level ?? ''] ?? '')} · {h.path}
                    </span>
                  </span>
                  <span className="shrink-0 text-xs text-slate-500">{h.reports} 份报告</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div>
        <button type="button" className="text-sm text-sky-800 underline underline-offset-2" onClick={() => setOpen((v) => !v)} aria-expanded={open}>
          {open ? '收起行政区划' : '按行政区划浏览（省 → 市 → 县 → 乡镇）'}
        </button>
        {open && browse ? (
          <div className="mt-2 rounded border border-slate-200 bg-white p-2" data-testid="browser">
            <nav aria-label="所在层级" className="mb-2 flex flex-wrap gap-1 text-sm">
              <button type="button" className="text-sky-800 hover:underline" onClick={() => setBrowseAt(null)}>
                全国
              </button>
              {browse.trail.map((t) => (
                <span key={t.code}>
                  <span className="text-slate-400"> › </span>
                  <button type="button" className="text-sky-800 hover:underline" onClick={() => setBrowseAt(t.code)}>
                    {t.name}
                  </button>
                </span>
              ))}
              {browse.parent ? (
                <button
                  type="button"
                  className={`${chip} ml-auto border-sky-300 bg-sky-50 py-0.5`}
                  onClick={() => add('region', browse.parent!)}
                  disabled={full}
                >
                  ＋ 添加 {browse.trail[browse.trail.length - 1]?.name}
                </button>
              ) : null}
            </nav>
            <ul className="grid grid-cols-2 gap-1 sm:grid-cols-3 lg:grid-cols-4">
              {browse.children.map((c) => (
                <li key={c.code} className="flex items-center justify-between gap-1 rounded px-1 text-sm hover:bg-slate-50">
                  {c.hasChildren ? (
                    <button
                      type="button"
                      className="truncate text-left text-slate-800 hover:underline"
                      onClick={() => setBrowseAt(c.code)}
                      title={`进入${c.name}`}
                    >
                      {c.name}
                    </button>
                  ) : (
                    <span className="truncate">{c.name}</span>
                  )}
                  <span className="flex shrink-0 items-center gap-1">
                    <span className={`text-xs ${c.reports ? 'text-slate-500' : 'text-slate-300'}`}>{c.reports}</span>
                    <button
                      type="button"
                      className="rounded px-1 text-sky-800 hover:bg-sky-100"
                      onClick={() => add('region', c.code)}
                      aria-label={`添加${c.name}`}
                      disabled={full}
                    >
                      ＋
                    </button>
                  </span>
                </li>
              ))}
            </ul>
            {browse.agencies.length ? (
              <div className="mt-2 border-t border-slate-100 pt-2">
                <p className="mb-1 text-xs text-slate-500">本级单位</p>
                <ul className="flex flex-wrap gap-1">
                  {browse.agencies.map((a) => (
                    <li key={a.id}>
                      <button
                        type="button"
                        className={`${chip} border-slate-200 hover:bg-sky-50`}
                        onClick={() => add('agency', String(a.id))}
                        disabled={full}
                      >
                        {displayText(a.name)} <span className="text-xs text-slate-400">{a.reports}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <p className="mt-2 text-xs text-slate-400">数字为该地区已入库的报告份数。</p>
          </div>
        ) : null}
      </div>
      {full ? <p className="text-xs text-amber-700">最多同时比较 {MAX_SELECTION} 个地区或单位。</p> : null}
      <p className="text-xs text-slate-500">
        也可直接编辑网址，例如{' '}
        <Link className="underline" href={compareHref({ regions: ['620600', '371311'] })}>
          /compare?r=620600~371311
        </Link>
        。
      </p>
    </div>
  );
}
