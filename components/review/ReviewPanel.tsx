'use client';
/**
 * The doubtful items of one report, each beside the source text it is read from, with the action
 * that fits it: type the value of a lost cell, confirm or replace an inferred/guessed value, mark a
 * failed check "source inconsistent", or settle a correction a re-parse put back in the queue.
 * Every action is a POST checked on the server; the page is refreshed from the database after it.
 * Each POST says what the reviewer saw (the value in force when the page was rendered): if another
 * reviewer corrected the item since, the server refuses (409) and the item says what is in force now.
 */
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export interface ExcerptView {
  before: string;
  mark: string;
  after: string;
  exact: boolean;
}

export type ReviewItem =
  | { kind: 'cell'; key: string; label: string; status: string; value: number | null; note: string | null; excerpt: ExcerptView | null }
  | { kind: 'check'; ruleId: string; label: string; message: string; keys: string[] }
  | { kind: 'meta'; field: string; label: string }
  | {
      kind: 'stale';
      key: string;
      label: string;
      parsedValue: number | null;
      enteredValue: number | null;
      nowValue: number | null;
      nowStatus: string | null;
      excerpt: ExcerptView | null;
    };

/** What the server answers for a correction made against a state that changed since (409). */
interface Stale {
  error?: string;
  current?: { value: number | null; correction: { kind: string; userName: string; createdAt: string } | null };
}

const KIND: Record<string, string> = { entered: '录入', confirmed: '确认', replaced: '改为', source_inconsistent: '标为原文不一致' };

/** The 409 as one Chinese line: the value now in force, and who set it when. */
function staleMessage(out: Stale): string {
  const c = out.current;
  if (!c) return out.error ?? '该项已被他人更正，请刷新页面后再核对。';
  const value = c.value ?? '空';
  const by = c.correction
    ? `${c.correction.userName} 于 ${c.correction.createdAt.slice(0, 16).replace('T', ' ')} ${KIND[c.correction.kind] ?? c.correction.kind}，`
    : '';
  return `该项已被他人更正：${by}现行值为 ${value}。请刷新页面，核对后再提交。`;
}

/** The state the reviewer sees for an item (what the server compares with what is in force now). */
function seenOf(it: ReviewItem): { expected: number | null; expectedCorrection: null } {
  // Items in the queue have no correction in force (a stale one no longer counts): the value in force is the parse's.
  const value = it.kind === 'cell' ? it.value : it.kind === 'stale' ? it.nowValue : null;
  return { expected: value, expectedCorrection: null };
}

const STATUS: Record<string, string> = {
  missing: '未能读取',
  inferred: '按表内关系推算',
  guessed: '按合理性猜测',
  blank: '原文空白',
  printed: '原文印出',
};

function Source({ e }: { e: ExcerptView | null }) {
  if (!e) return <p className="text-xs text-slate-400">原文中找不到该单元格的位置，请对照原文全文。</p>;
  // Blank lines of PDF text are folded for reading, and the context kept to two lines either side,
  // so the highlighted part is in view; the stored text and its offsets are untouched.
  const fold = (t: string) => t.replace(/\n[ \t]*(?:\n[ \t]*)+/g, '\n');
  const lastLines = (t: string) => fold(t).split('\n').slice(-3).join('\n');
  const firstLines = (t: string) => fold(t).split('\n').slice(0, 3).join('\n');
  return (
    <p
      className="max-h-48 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 px-2 py-1 font-mono text-xs leading-5 text-slate-700"
      data-testid="review-excerpt"
    >
      …{lastLines(e.before)}
      <mark
        className={e.exact ? 'rounded bg-amber-200 px-0.5' : 'rounded bg-sky-100 px-0.5 ring-1 ring-sky-400'}
        title={e.exact ? '该单元格的原文' : '该单元格应在此段原文中'}
      >
        {fold(e.mark)}
      </mark>
      {firstLines(e.after)}…
    </p>
  );
}

export function ReviewPanel({ reportId, items }: { reportId: number; items: ReviewItem[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stale, setStale] = useState<Record<string, boolean>>({});

  async function post(id: string, body: Record<string, unknown>) {
    setBusy(id);
    const res = await fetch(`/api/reports/${reportId}/corrections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const out = (await res.json().catch(() => ({}))) as Stale;
    setBusy(null);
    if (!res.ok) {
      setErrors((e) => ({ ...e, [id]: res.status === 409 ? staleMessage(out) : (out.error ?? `保存失败（${res.status}）`) }));
      setStale((s) => ({ ...s, [id]: res.status === 409 }));
      return;
    }
    setErrors((e) => ({ ...e, [id]: '' }));
    router.refresh();
  }

  function form(
    id: string,
    fields: { kind: string; target: string; expected: number | null; expectedCorrection: null },
    opts: { value?: boolean; reason?: 'optional' | 'required'; label: string; placeholder?: string },
  ) {
    return (
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          void post(id, { ...fields, entered: f.get('entered') ?? undefined, reason: f.get('reason') ?? undefined });
        }}
      >
        {opts.value ? (
          <input
            name="entered"
            inputMode="decimal"
            required
            placeholder={opts.placeholder ?? '原文数值'}
            aria-label="原文数值"
            className="w-28 rounded border border-slate-300 px-2 py-1 text-sm"
            data-testid="review-value"
          />
        ) : null}
        {opts.reason ? (
          <input
            name="reason"
            required={opts.reason === 'required'}
            placeholder={opts.reason === 'required' ? '理由（必填）' : '说明（可选）'}
            aria-label="理由"
            className="min-w-40 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
          />
        ) : null}
        <button
          type="submit"
          disabled={busy === id}
          className="rounded bg-sky-700 px-3 py-1 text-sm text-white hover:bg-sky-800 disabled:opacity-50"
          data-testid="review-submit"
        >
          {opts.label}
        </button>
      </form>
    );
  }

  if (items.length === 0)
    return (
      <p className="text-sm text-emerald-700" data-testid="review-done">
        本报告没有待审核的项目。
      </p>
    );
  return (
    <ol className="space-y-3" data-testid="review-items">
      {items.map((it) => {
        const id =
          it.kind === 'cell' || it.kind === 'stale' ? `${it.kind}:${it.key}` : it.kind === 'check' ? `check:${it.ruleId}` : `meta:${it.field}`;
        return (
          <li key={id} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="review-item" data-item={id}>
            {it.kind === 'cell' ? (
              <div className="space-y-2">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className="text-sm font-medium">{it.label}</span>
                  <span className="text-xs text-slate-500">
                    {STATUS[it.status] ?? it.status}
                    {it.value != null ? `：${it.value}` : ''}
                    {it.note ? `（${it.note}）` : ''}
                    <button type="button" className="ml-2 text-sky-800 hover:underline" data-mark-keys={it.key}>
                      在表中标出
                    </button>
                  </span>
                </div>
                <Source e={it.excerpt} />
                {it.status === 'missing' || it.status === 'blank' ? (
                  form(id, { kind: 'entered', target: it.key, ...seenOf(it) }, { value: true, reason: 'optional', label: '录入' })
                ) : (
                  <div className="flex flex-wrap items-center gap-3">
                    {form(`${id}:c`, { kind: 'confirmed', target: it.key, ...seenOf(it) }, { label: `确认 ${it.value}` })}
                    <span className="text-xs text-slate-400">或</span>
                    {form(
                      id,
                      { kind: 'replaced', target: it.key, ...seenOf(it) },
                      { value: true, reason: 'required', label: '改为', placeholder: '原文数值' },
                    )}
                  </div>
                )}
              </div>
            ) : it.kind === 'check' ? (
              <div className="space-y-2">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className="text-sm font-medium text-rose-900">{it.message}</span>
                  <button type="button" className="text-xs text-sky-800 hover:underline" data-mark-keys={it.keys.join(' ')}>
                    在表中标出
                  </button>
                </div>
                <p className="text-xs text-slate-500">
                  {it.label}。若原文数字如此（报告自身不平衡），标为“原文不一致”并说明；若是读错了数字，请在表中改正该单元格。
                </p>
                {form(id, { kind: 'source_inconsistent', target: it.ruleId, ...seenOf(it) }, { reason: 'required', label: '标为原文不一致' })}
              </div>
            ) : it.kind === 'stale' ? (
              <div className="space-y-2">
                <div className="text-sm font-medium">{it.label}</div>
                <p className="text-sm text-amber-900" data-testid="stale-values">
                  重新解析后原文读数变了：更正时解析为 {it.parsedValue ?? '未能读取'}，核对值 {it.enteredValue ?? '—'}；现在解析为{' '}
                  {it.nowValue ?? '未能读取'}（{STATUS[it.nowStatus ?? ''] ?? it.nowStatus}）。
                </p>
                <Source e={it.excerpt} />
                <div className="flex flex-wrap items-center gap-3">
                  {it.nowValue != null && it.nowStatus !== 'missing' && it.nowStatus !== 'blank'
                    ? form(`${id}:c`, { kind: 'confirmed', target: it.key, ...seenOf(it) }, { label: `采用现在的读数 ${it.nowValue}` })
                    : null}
                  {it.nowStatus === 'missing' || it.nowStatus === 'blank'
                    ? form(id, { kind: 'entered', target: it.key, ...seenOf(it) }, { value: true, reason: 'optional', label: '重新录入' })
                    : form(id, { kind: 'replaced', target: it.key, ...seenOf(it) }, { value: true, reason: 'required', label: '改为' })}
                </div>
              </div>
            ) : (
              <div className="text-sm">
                <span className="font-medium">{it.label}</span>
                <span className="ml-2 text-slate-500">请在上方“报告信息”中填写。</span>
              </div>
            )}
            {errors[id] || errors[`${id}:c`] ? (
              <p role="alert" className="mt-1 text-sm text-rose-700" data-testid="review-error">
                {errors[id] || errors[`${id}:c`]}
                {stale[id] || stale[`${id}:c`] ? (
                  <button type="button" className="ml-2 text-sky-800 hover:underline" onClick={() => router.refresh()}>
                    刷新
                  </button>
                ) : null}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
