/**
 * The report's source text (normalized, as stored) with every extracted cell marked. Marks carry
 * the value keys they hold (several cells can share one printed token); sections get anchors.
 */
import type { CellValue } from './ReportTables';

interface Props {
  text: string;
  values: CellValue[];
  sections: { index: number; title: string; start: number; end: number }[];
  active: Set<string>;
  labelOf: (key: string) => string;
}

interface Span {
  start: number;
  end: number;
  keys: string[];
  status: string;
}

export function markSpans(text: string, values: CellValue[]): Span[] {
  const byRange = new Map<string, Span>();
  for (const v of values) {
    if (v.start == null || v.end == null || v.end <= v.start || v.end > text.length) continue;
    const id = `${v.start}:${v.end}`;
    const s = byRange.get(id);
    if (s) s.keys.push(v.key);
    else byRange.set(id, { start: v.start, end: v.end, keys: [v.key], status: v.status });
  }
  const sorted = [...byRange.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  let last = -1;
  for (const s of sorted) {
    if (s.start < last) continue; // overlapping spans: the first one wins
    out.push(s);
    last = s.end;
  }
  return out;
}

export function SourceText({ text, values, sections, active, labelOf }: Props) {
  const spans = markSpans(text, values);
  const anchors = [...sections].sort((a, b) => a.start - b.start);
  const nodes: React.ReactNode[] = [];
  let pos = 0;
  let ai = 0;
  const pushText = (until: number) => {
    while (pos < until) {
      // Section anchors fall between marks.
      while (ai < anchors.length && anchors[ai].start < pos) ai++;
      const next = ai < anchors.length && anchors[ai].start < until ? anchors[ai].start : until;
      if (next > pos) nodes.push(text.slice(pos, next));
      pos = next;
      if (ai < anchors.length && anchors[ai].start === pos && pos < until) {
        nodes.push(<span key={`sec-${anchors[ai].index}`} id={`sec-${anchors[ai].index}`} className="scroll-mt-4" />);
        ai++;
      }
    }
  };
  for (const s of spans) {
    pushText(s.start);
    const isActive = s.keys.some((k) => active.has(k));
    nodes.push(
      <mark
        key={`m${s.start}`}
        id={`src-${s.keys[0]}`}
        data-keys={s.keys.join(' ')}
        data-status={s.status}
        className={isActive ? 'is-active' : undefined}
        title={s.keys.map(labelOf).join('；')}
      >
        {text.slice(s.start, s.end)}
      </mark>,
    );
    pos = s.end;
  }
  pushText(text.length);
  return (
    <div className="src whitespace-pre-wrap break-words text-[13px] leading-7 text-slate-800" data-testid="source-text">
      {nodes}
    </div>
  );
}
