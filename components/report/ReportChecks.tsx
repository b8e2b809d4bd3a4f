'use client';
/**
 * A report's checks: the summary line, each failed rule (with a button marking its cells), the
 * rules that could not be assessed, the parser's warnings and the list of every rule. Plain data
 * in (labels resolved on the server): ~80 list items that would otherwise be server-rendered React
 * elements sent twice (HTML and React payload) on every request of the report page.
 */
export interface ChecksView {
  total: number;
  passed: number;
  counts: { printed: number; blank: number; inferred: number; guessed: number; missing: number };
  /** Cells with a reviewer's correction in force. */
  reviewed: number;
  failed: { ruleId: string; message: string; label: string; markKeys: string | null }[];
  notAssessable: string[];
  warnings: { message: string; markKeys: string | null }[];
  /** Every rule with its status (pass, fail, not_assessable), shown when some rule did not fail. */
  all: { ruleId: string; status: string; label: string }[];
  /** Cells read, in all. */
  cells: number;
}

const STATUS_LABEL: Record<string, string> = { pass: '通过', fail: '未通过', not_assessable: '无法校验' };
const STATUS_CLASS: Record<string, string> = { pass: 'text-emerald-700', fail: 'text-rose-700' };

export function ReportChecks({ v }: { v: ChecksView }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-labelledby="checks">
      <h2 id="checks" className="text-base font-semibold">
        校验
      </h2>
      <p className="mt-1 text-sm text-slate-600" data-testid="check-summary">
        共 {v.total} 条：通过 {v.passed}，<span className={v.failed.length ? 'font-semibold text-rose-700' : ''}>未通过 {v.failed.length}</span>
        ，无法校验 {v.notAssessable.length}。 单元格 {v.cells} 个：印出 {v.counts.printed}，空白 {v.counts.blank}，推算 {v.counts.inferred}，推测{' '}
        {v.counts.guessed}，未能读取 {v.counts.missing}
        {v.reviewed ? <span data-testid="reviewed-count">；已人工核对 {v.reviewed} 个（表中标“核”）</span> : null}。
      </p>
      {v.failed.length ? (
        <ul className="mt-2 space-y-1.5 text-sm" data-testid="failed-checks">
          {v.failed.map((c) => (
            <li key={c.ruleId} className="rounded border border-rose-200 bg-rose-50 px-2 py-1.5">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <span className="text-rose-900">{c.message}</span>
                {c.markKeys ? (
                  <button
                    type="button"
                    className="shrink-0 rounded border border-rose-300 bg-white px-2 py-0.5 text-xs text-rose-800 hover:bg-rose-100"
                    data-mark-keys={c.markKeys}
                  >
                    在表中标出
                  </button>
                ) : null}
              </div>
              <div className="mt-0.5 text-xs text-rose-700/80">规则：{c.label}。报告原样保存，未作修正。</div>
            </li>
          ))}
        </ul>
      ) : null}
      {v.notAssessable.length ? (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-slate-600">无法校验的规则（{v.notAssessable.length}）</summary>
          <ul className="mt-1 list-disc pl-5 text-slate-600">
            {v.notAssessable.map((label, i) => (
              <li key={i}>{label}（有单元格未能读取）</li>
            ))}
          </ul>
        </details>
      ) : null}
      {v.warnings.length ? (
        <div className="mt-3">
          <h3 className="text-sm font-medium text-slate-700">解析提示（{v.warnings.length}）</h3>
          <ul className="mt-1 space-y-1 text-sm text-amber-900">
            {v.warnings.map((w, i) => (
              <li key={i} className="flex flex-wrap items-start justify-between gap-2 rounded bg-amber-50 px-2 py-1">
                <span>{w.message}</span>
                {w.markKeys ? (
                  <button
                    type="button"
                    className="shrink-0 rounded border border-amber-300 bg-white px-2 py-0.5 text-xs hover:bg-amber-100"
                    data-mark-keys={w.markKeys}
                  >
                    在表中标出
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {v.total > v.failed.length ? (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-slate-600">全部校验规则</summary>
          <ul className="mt-1 grid gap-x-4 text-xs text-slate-600 sm:grid-cols-2">
            {v.all.map((c) => (
              <li key={c.ruleId}>
                <span className={STATUS_CLASS[c.status] ?? 'text-slate-500'}>{STATUS_LABEL[c.status]}</span> {c.label}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
