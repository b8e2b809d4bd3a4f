'use client';
/**
 * The manifest fields of one file (agency, region code, year, source URL, publication date):
 * before the upload they travel with the file; for a stored report they are saved at once
 * (POST /api/reports/:id/meta, which re-parses it with them).
 */
import { useState } from 'react';

export type MetaValues = Partial<Record<'agency' | 'region_code' | 'year' | 'url' | 'published', string>>;

const FIELDS: { key: keyof MetaValues; label: string; placeholder: string; width: string }[] = [
  { key: 'agency', label: '单位', placeholder: '如 淮安市洪泽区人民政府', width: 'sm:col-span-2' },
  { key: 'region_code', label: '地区代码', placeholder: '如 320813', width: '' },
  { key: 'year', label: '统计年度', placeholder: '如 2023', width: '' },
  { key: 'published', label: '发布日期', placeholder: 'YYYY-MM-DD', width: '' },
  { key: 'url', label: '来源网址', placeholder: 'https://…', width: 'sm:col-span-3' },
];

export function MetaFields({
  values,
  reportId,
  onChange,
  onSaved,
}: {
  values: MetaValues;
  reportId: number | null;
  onChange: (v: MetaValues) => void;
  onSaved?: () => void;
}) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function save() {
    setBusy(true);
    setMessage(null);
    const res = await fetch(`/api/reports/${reportId}/meta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(values),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    setBusy(false);
    setMessage(res.ok ? { ok: true, text: '已保存，报告已按此重新解析' } : { ok: false, text: body.error ?? `保存失败（${res.status}）` });
    if (res.ok) onSaved?.();
  }
  return (
    <div className="mt-2 grid gap-2 rounded bg-slate-50 p-2 sm:grid-cols-4" data-testid="meta-fields">
      {FIELDS.map((f) => (
        <label key={f.key} className={`block text-xs ${f.width}`}>
          <span className="text-slate-600">{f.label}</span>
          <input
            name={f.key}
            value={values[f.key] ?? ''}
            placeholder={f.placeholder}
            onChange={(e) => onChange({ ...values, [f.key]: e.target.value })}
            className="mt-0.5 w-full rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
      ))}
      {reportId ? (
        <div className="flex items-end gap-2">
          <button type="button" onClick={save} disabled={busy} className="rounded bg-sky-700 px-3 py-1 text-sm text-white disabled:opacity-50">
            保存
          </button>
          {message ? <span className={`text-xs ${message.ok ? 'text-emerald-700' : 'text-rose-700'}`}>{message.text}</span> : null}
        </div>
      ) : (
        <p className="self-end text-xs text-slate-500 sm:col-span-4">留空的项目按报告原文识别。</p>
      )}
    </div>
  );
}
