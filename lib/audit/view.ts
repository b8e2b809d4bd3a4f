/**
 * The audit log as people read it (the /audit page and its CSV export): the actions' names, one
 * row's content in words, the page's filters read from the URL. Pure: no I/O.
 */
import { ACCOUNT_ACTION_LABEL, describeAccountEvent } from '../auth/account-events';
import { csvField } from '../charts/csv';
import { displayText } from '../text/display';
import { getParam, parseIntInRange, RANGES, type SearchParams } from '../url/params';

export const AUDIT_ACTIONS = {
  upload: '上传',
  correction: '更正',
  metadata: '修改报告信息',
  version: '版本',
  user: '账号',
  account: ACCOUNT_ACTION_LABEL,
  harvest: '抓取',
} as const;
export type AuditActionName = keyof typeof AUDIT_ACTIONS;

/** What the log can be filtered by; every field optional. */
export interface AuditFilter {
  action?: AuditActionName;
  /** The account name as recorded (exact). */
  user?: string;
  reportId?: number;
  /** UTC dates, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
}

/** Rows per page of /audit. */
export const AUDIT_PAGE_SIZE = 100;

export interface AuditQuery {
  filter: AuditFilter;
  /** 0-based page, as on the other lists (`?p=`). */
  page: number;
  /**
   * The newest row id the reader's first page showed (`?upto=`): later pages count from it, so
   * rows written meanwhile (an upload every second) do not shift what page N holds.
   */
  upto: number | null;
  /** One line per parameter that was not understood (and so not applied). */
  errors: string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The day after a YYYY-MM-DD date (the exclusive end of a `to` date). */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The page's query from its URL: `action`, `user`, `report`, `from`, `to`, `p`, `upto`. */
export function parseAuditQuery(sp: SearchParams): AuditQuery {
  const errors: string[] = [];
  const filter: AuditFilter = {};
  const action = getParam(sp, 'action');
  if (action) {
    if (Object.hasOwn(AUDIT_ACTIONS, action)) filter.action = action as AuditActionName;
    else errors.push(`未知的操作类型“${displayText(action).slice(0, 20)}”，已忽略`);
  }
  const user = getParam(sp, 'user')?.trim();
  if (user) {
    if (user.length <= 64) filter.user = user;
    else errors.push('账号名过长（上限 64 字），已忽略');
  }
  const report = getParam(sp, 'report');
  if (report) {
    const id = parseIntInRange(report, RANGES.id);
    if (id != null) filter.reportId = id;
    else errors.push(`报告编号“${displayText(report).slice(0, 20)}”不是正整数，已忽略`);
  }
  for (const k of ['from', 'to'] as const) {
    const v = getParam(sp, k)?.trim();
    if (!v) continue;
    if (isDate(v)) filter[k] = v;
    else errors.push(`${k === 'from' ? '起始' : '截止'}日期“${displayText(v).slice(0, 20)}”应为 YYYY-MM-DD，已忽略`);
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.push(`起始日期 ${filter.from} 晚于截止日期 ${filter.to}，已忽略日期范围`);
    delete filter.from;
    delete filter.to;
  }
  return {
    filter,
    page: parseIntInRange(getParam(sp, 'p'), RANGES.page) ?? 0,
    upto: parseIntInRange(getParam(sp, 'upto'), RANGES.id),
    errors,
  };
}

/** The URL query of a filter (and page), for links and the CSV export: `action=upload&from=…`. */
export function auditQueryString(f: AuditFilter, extra: { p?: number; upto?: number | null } = {}): string {
  const q = new URLSearchParams();
  if (f.action) q.set('action', f.action);
  if (f.user) q.set('user', f.user);
  if (f.reportId != null) q.set('report', String(f.reportId));
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (extra.upto != null) q.set('upto', String(extra.upto));
  if (extra.p) q.set('p', String(extra.p));
  return q.toString();
}

/** One row of the log as the page and the CSV show it. */
export interface AuditEntryView {
  id: number;
  at: string;
  userName: string | null;
  action: string;
  reportId: number | null;
  target: string | null;
  detail: Record<string, unknown> | null;
}

/** An upload's outcome in words (db/import.ts Outcome, and `redeclared` for a changed declaration). */
const UPLOAD_OUTCOMES: Readonly<Record<string, string>> = {
  imported: '已导入',
  unchanged: '未变化',
  reparsed: '已重新解析',
  redeclared: '已按新的报告信息重新解析',
  failed: '失败',
};

/** The row's content in words (the upload's outcome, the correction's values…). */
export function describeAudit(action: string, d: Record<string, unknown> | null): string {
  if (!d) return '';
  switch (action) {
    case 'upload':
      return `${UPLOAD_OUTCOMES[String(d.outcome)] ?? '已导入'}${d.reason ? `：${String(d.reason).split(' / ')[0]}` : ''}`;
    case 'correction':
      return `${d.kind}：解析 ${d.parsed ?? '无'}（${d.parsedStatus}）→ ${d.entered ?? '原文如此'}；${d.reason ?? ''}`;
    case 'harvest':
      return `${d.inputs ?? ''} 个网址：入库 ${d.stored ?? 0}，已有 ${d.unchanged ?? 0}，跳过 ${d.skipped ?? 0}，失败 ${d.failed ?? 0}（${d.requests ?? 0} 次请求）`;
    case 'version':
      return `${d.before ?? '自动'} → ${d.after ?? '自动'}`;
    case 'account':
      return describeAccountEvent(d);
    default:
      return JSON.stringify(d);
  }
}

export const actionLabel = (action: string): string => (Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action as AuditActionName] : action);

export const AUDIT_CSV_HEADER = ['编号', '时间（UTC）', '账号', '操作', '报告编号', '对象', '内容', '详情（JSON）'];

/**
 * One CSV line of a row (fields as csvField writes them: formula-like text neutralised). Text is
 * kept as recorded, except that bidirectional controls are removed, so a spreadsheet shows it in
 * stored order; the JSON column keeps the record itself.
 */
export function auditCsvLine(r: AuditEntryView): string {
  return [
    csvField(r.id),
    csvField(r.at),
    csvField(displayText(r.userName)),
    csvField(actionLabel(r.action)),
    csvField(r.reportId),
    csvField(displayText(r.target)),
    csvField(displayText(describeAudit(r.action, r.detail))),
    csvField(r.detail == null ? null : jsonEscapingBidi(r.detail)),
  ].join(',');
}

/** JSON with bidirectional controls written as `\u202e` escapes: the same data, shown in stored order. */
function jsonEscapingBidi(v: unknown): string {
  return JSON.stringify(v).replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
