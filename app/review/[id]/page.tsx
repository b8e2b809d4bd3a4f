import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { Linker } from '@/components/report/Linker';
import { ReportTables } from '@/components/report/ReportTables';
import { tableCells, type CellValue } from '@/lib/report/table-view';
import { SourceText } from '@/components/report/SourceText';
import { MetaEditor } from '@/components/review/MetaEditor';
import { ReviewPanel, type ReviewItem } from '@/components/review/ReviewPanel';
import { VersionControls } from '@/components/review/VersionControls';
import { getDb } from '@/db/client';
import { getReviewView } from '@/db/queries/review-view';
import { ruleLabel } from '@/lib/format/rules';
import { can } from '@/lib/auth/policy';
import { FORMATS } from '@/lib/format';
import { sourceMarks } from '@/lib/report/marks';
import { REVIEWED_MARK } from '@/lib/review/corrections';
import { displayText } from '@/lib/text/display';
import { pageActor } from '@/server/session';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: '审核报告' };

const KIND_LABEL: Record<string, string> = { entered: '录入', confirmed: '确认', replaced: '改为', source_inconsistent: '标为原文不一致' };
const META_LABEL: Record<string, string> = { agency: '未识别单位名称', region: '未能确定地区', year: '未识别统计年度' };

export default async function ReviewReportPage(props: Props) {
  await connection();
  const { id } = await props.params;
  const actor = await pageActor(`/review/${id}`, 'review');
  if (!actor) return <p className="text-sm text-rose-700">无权审核。</p>;
  if (!/^\d{1,10}$/.test(id)) notFound();
  const v = await getReviewView(await getDb(), Number(id));
  if (!v) notFound();
  const r = v.report;
  if (!can(actor, 'review', { regionCode: r.regionCode, townCode: null, uploadedBy: v.uploadedBy })) {
    return <p className="text-sm text-rose-700">该报告不在您负责的地区内。</p>;
  }
  const f = FORMATS[v.format];
  const labelOf = (k: string) => f.keyIndex.get(k)?.label ?? k;
  const rules = new Map(f.rules.map((x) => [x.id, x]));
  const values = new Map<string, CellValue>(
    r.values.map((c) => {
      const cor = v.inForce.get(c.key);
      return [c.key, { ...c, reviewed: cor ? { kind: cor.kind, value: cor.enteredValue, by: displayText(cor.userName), at: cor.createdAt } : null }];
    }),
  );
  const failing = new Set(
    r.checks.filter((c) => c.status === 'fail').flatMap((c) => [...(rules.get(c.ruleId)?.lhs ?? []), ...(rules.get(c.ruleId)?.rhs ?? [])]),
  );
  const note = new Map(r.values.map((c) => [c.key, c.note]));
  const items: ReviewItem[] = v.doubts.map((d): ReviewItem => {
    switch (d.kind) {
      case 'cell':
        return {
          kind: 'cell',
          key: d.key,
          label: labelOf(d.key),
          status: d.status,
          value: d.value,
          note: note.get(d.key) ?? null,
          excerpt: d.excerpt ?? null,
        };
      case 'check': {
        const c = r.checks.find((x) => x.ruleId === d.ruleId);
        return { kind: 'check', ruleId: d.ruleId, label: ruleLabel(d.ruleId), message: c?.message ?? ruleLabel(d.ruleId), keys: d.keys };
      }
      case 'stale':
        return {
          kind: 'stale',
          key: d.target,
          label: f.keyIndex.has(d.target) ? labelOf(d.target) : ruleLabel(d.target),
          parsedValue: d.parsedValue,
          enteredValue: d.enteredValue,
          nowValue: d.nowValue,
          nowStatus: d.nowStatus,
          excerpt: d.excerpt ?? null,
        };
      case 'meta':
        return { kind: 'meta', field: d.field, label: META_LABEL[d.field] };
    }
  });
  const declared = v.declared ?? {};
  const meta = {
    agency: String(declared.agency ?? ''),
    region_code: String(declared.region_code ?? ''),
    year: declared.year != null ? String(declared.year) : '',
    published: String(declared.published ?? ''),
    url: v.sourceUrl ?? '',
  };

  return (
    <div className="space-y-5" data-wide>
      <nav className="text-sm text-slate-500" aria-label="位置">
        <Link href="/review" className="hover:underline">
          审核队列
        </Link>
        {' › '}
        <Link href={`/reports/${r.id}`} className="hover:underline">
          公开页面
        </Link>
      </nav>
      <header className="space-y-2">
        <h1 className="text-xl font-semibold" data-testid="review-title">
          审核：{displayText(r.agency) ?? '未识别单位'} {r.year ?? ''}
        </h1>
        <p className="text-sm text-slate-600">
          {r.regionPath ?? '地区未识别'} · 来源文件 {displayText(r.sourceFile)} · 待审核 {items.length} 项 · {REVIEWED_MARK} {v.inForce.size} 个数字
        </p>
        {can(actor, 'set_version', { regionCode: r.regionCode, uploadedBy: v.uploadedBy }) ? (
          <VersionControls reportId={r.id} pin={v.versionPin} isCurrent={r.isCurrent} />
        ) : null}
        <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <summary className="cursor-pointer font-medium">报告信息（单位、地区、年度、来源网址、发布日期）</summary>
          <p className="mt-1 text-xs text-slate-500">填写后覆盖原文识别结果，并按此重新解析；清空则恢复原文识别。</p>
          <MetaEditor reportId={r.id} initial={meta} />
        </details>
      </header>

      <Linker>
        <div className="grid gap-5 xl:grid-cols-[minmax(0,1.1fr)_minmax(0,0.9fr)]">
          <div className="min-w-0 space-y-5">
            <section aria-labelledby="todo">
              <h2 id="todo" className="mb-2 text-base font-semibold">
                待审核项目
              </h2>
              <ReviewPanel reportId={r.id} items={items} />
            </section>
            <section className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-labelledby="tables">
              <h2 id="tables" className="text-base font-semibold">
                统计表
              </h2>
              <p className="mb-3 text-xs text-slate-500">
                <span className="rounded bg-emerald-50 px-1 text-emerald-900">核</span> 为{REVIEWED_MARK}
                的数字（悬停可见解析值与核对值）。点击数字定位原文。
              </p>
              <ReportTables format={v.format} cells={tableCells(v.format, values, failing)} />
            </section>
            {v.corrections.length ? (
              <section className="rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-labelledby="history">
                <h2 id="history" className="text-base font-semibold">
                  更正记录
                </h2>
                <ul className="mt-2 space-y-1" data-testid="correction-history">
                  {[...v.corrections].reverse().map((c) => (
                    <li key={c.id} className={c.state === 'stale' ? 'text-amber-800' : ''}>
                      {c.createdAt.slice(0, 16).replace('T', ' ')} {displayText(c.userName)} {KIND_LABEL[c.kind]}{' '}
                      {f.keyIndex.has(c.target) ? labelOf(c.target) : ruleLabel(c.target)}： 解析 {c.parsedValue ?? '无'} →{' '}
                      {c.kind === 'source_inconsistent' ? '原文如此' : c.enteredValue}（{displayText(c.reason)}）
                      {c.state === 'stale' ? ' — 重新解析后待复核' : ''}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </div>
          <section
            className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 sm:p-4 xl:sticky xl:top-2 xl:max-h-[calc(100vh-1rem)] xl:overflow-auto"
            aria-labelledby="source"
          >
            <h2 id="source" className="text-base font-semibold">
              报告原文
            </h2>
            <SourceText
              text={r.text}
              marks={sourceMarks(r.text.length, r.values)}
              sections={r.sections.map((x) => ({ index: x.index, start: x.start }))}
            />
          </section>
        </div>
      </Linker>
    </div>
  );
}
