'use client';
/**
 * The report's source text (normalized, as stored) with every extracted cell marked. Marks carry
 * the value keys they hold (several cells can share one printed token); sections get anchors.
 *
 * Rendered in the browser only, from the text and a compact list of marks: a server-rendered
 * text would travel twice (in the HTML and again in the React payload that hydrates it), and
 * with a mark per cell that made a 10 KB report a 330 KB page. Now the text is sent once.
 */
import { useSyncExternalStore } from 'react';

/** One mark: start, end (offsets into the text), the keys it holds (space-separated), cell status. */
export type SourceMark = [start: number, end: number, keys: string, status: string];

interface Props {
  text: string;
  marks: SourceMark[];
  sections: { index: number; start: number }[];
}

const subscribeNever = () => () => {};

export function SourceText({ text, marks, sections }: Props) {
  // False while the server renders and while hydrating, true in the browser after that.
  const ready = useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );

  if (!ready) {
    return (
      <div className="src text-[13px] leading-7 text-slate-400" aria-busy="true">
        原文加载中…
      </div>
    );
  }
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
  for (const [start, end, keys, status] of marks) {
    pushText(start);
    const list = keys.split(' ');
    nodes.push(
      <mark key={`m${start}`} id={`src-${list[0]}`} data-keys={keys} data-status={status}>
        {text.slice(start, end)}
      </mark>,
    );
    pos = end;
  }
  pushText(text.length);
  return (
    <div className="src whitespace-pre-wrap break-words text-[13px] leading-7 text-slate-800" data-testid="source-text">
      {nodes}
    </div>
  );
}
