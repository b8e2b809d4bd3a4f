/**
 * Where a report's cells stand in its source text, as non-overlapping marks in text order: one
 * mark per printed token (several cells can share one), the first of two overlapping spans kept.
 */
export interface Located {
  key: string;
  status: string;
  start: number | null;
  end: number | null;
}

export type Mark = [start: number, end: number, keys: string, status: string];

export function sourceMarks(textLength: number, values: Located[]): Mark[] {
  const byRange = new Map<string, { start: number; end: number; keys: string[]; status: string }>();
  for (const v of values) {
    if (v.start == null || v.end == null || v.end <= v.start || v.end > textLength) continue;
    const id = `${v.start}:${v.end}`;
    const s = byRange.get(id);
    if (s) s.keys.push(v.key);
    else byRange.set(id, { start: v.start, end: v.end, keys: [v.key], status: v.status });
  }
  const sorted = [...byRange.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mark[] = [];
  let last = -1;
  for (const s of sorted) {
    if (s.start < last) continue; // overlapping spans: the first one wins
    out.push([s.start, s.end, s.keys.join(' '), s.status]);
    last = s.end;
  }
  return out;
}
