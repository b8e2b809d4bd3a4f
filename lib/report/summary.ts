/**
 * A readable plain-text summary of a parsed report, for the command line.
 */
import { FORMATS } from '../format';
import type { ParsedReport } from './types';

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : String(v);
}

function pct(part: number | null, whole: number | null): string {
  if (part === null || whole === null || whole === 0) return '—';
  return `${((100 * part) / whole).toFixed(1)}%`;
}

export function summarizeReport(file: string, r: ParsedReport): string {
  const v = r.values;
  const m = r.meta;
  const lines: string[] = [];
  lines.push(`== ${file}`);
  lines.push(
    `   单位 ${m.agency ?? '（未识别）'} · ${m.year ?? '?'} 年度 · 地区 ${m.region ?? '?'} (${m.region_code ?? '?'}) · 层级 ${m.level ?? '?'} · ${r.format} 版格式${m.published ? ` · 发布 ${m.published}` : ''}`,
  );
  const received = v['t3.new_received.total'];
  const processed = v['t3.total_processed.total'];
  lines.push(
    `   申请：新收 ${fmt(received)}，上年结转 ${fmt(v['t3.carried_over.total'])}，办理 ${fmt(processed)}，结转下年 ${fmt(v['t3.carried_forward.total'])}`,
  );
  lines.push(
    `   予以公开 ${fmt(v['t3.granted.total'])}（${pct(v['t3.granted.total'], processed)}），部分公开 ${fmt(v['t3.partially_granted.total'])}（${pct(v['t3.partially_granted.total'], processed)}）`,
  );
  lines.push(
    `   行政复议 ${fmt(v['t4.review.total'])}（纠正 ${fmt(v['t4.review.corrected'])}），行政诉讼 直接起诉 ${fmt(v['t4.litigation_direct.total'])} / 复议后起诉 ${fmt(v['t4.litigation_after_review.total'])}`,
  );
  const cells = Object.values(r.cells);
  const count = (s: string) => cells.filter((c) => c.status === s).length;
  lines.push(
    `   单元格 ${FORMATS[r.format].keys.length} 个：印出 ${count('printed')}，空白 ${count('blank')}，推算 ${count('inferred')}，推测 ${count('guessed')}，缺失 ${count('missing')}`,
  );
  const failed = r.checks.filter((c) => c.status === 'fail');
  const na = r.checks.filter((c) => c.status === 'not_assessable').length;
  lines.push(`   校验 ${r.checks.length} 条：通过 ${r.checks.filter((c) => c.status === 'pass').length}，未通过 ${failed.length}，无法校验 ${na}`);
  for (const c of failed) lines.push(`     ✗ ${c.message}`);
  for (const w of r.warnings) lines.push(`     ! ${w.message}`);
  return lines.join('\n');
}
