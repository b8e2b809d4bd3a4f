/**
 * Publication deadlines of the annual reports (《政府信息公开条例》第四十九条) and whether a
 * report met its deadline.
 *
 * - 第四十九条 第一款: departments of governments at county level and above publish the report
 *   on the previous year by 1月31日 → `department` (offices such as 人民政府办公室 are
 *   departments too).
 * - 第四十九条 第二款: local governments at county level and above by 3月31日 → `government`.
 * - The 条例 sets no date for townships and streets (乡镇、街道) nor for their own offices:
 *   `township`, by default 3月31日 — the later statutory date, so no body is called late for a
 *   date no regulation sets. A province that requires 1月31日 sets GONGKAI_DEADLINE_TOWNSHIP=01-31.
 * - Special cases (a body with its own date): the `deadline` column of the expected-units list.
 */

/** `MM-DD`, in the year after the statistics year. */
export type MonthDay = `${number}-${number}` | string;

export type DeadlineRule = 'department' | 'government' | 'township' | 'body';

export interface DeadlineSettings {
  department: MonthDay;
  government: MonthDay;
  township: MonthDay;
}

export const DEFAULT_DEADLINES: DeadlineSettings = { department: '01-31', government: '03-31', township: '03-31' };

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isMonthDay(s: string): boolean {
  const m = MONTH_DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(2001, Number(m[1]) - 1, Number(m[2])));
  return d.getUTCDate() === Number(m[2]);
}

/**
 * The settings from environment variables GONGKAI_DEADLINE_DEPARTMENT / _GOVERNMENT / _TOWNSHIP
 * (`MM-DD`); a malformed value is an error naming the variable, not a silent default.
 */
export function deadlineSettingsFrom(env: Record<string, string | undefined>): DeadlineSettings {
  const out = { ...DEFAULT_DEADLINES };
  for (const rule of ['department', 'government', 'township'] as const) {
    const name = `GONGKAI_DEADLINE_${rule.toUpperCase()}`;
    const v = env[name]?.trim();
    if (!v) continue;
    if (!isMonthDay(v)) throw new Error(`${name}="${v}" is not a date of the form MM-DD (e.g. 03-31)`);
    out[rule] = v;
  }
  return out;
}

export interface BodyForDeadline {
  kind: 'government' | 'office' | 'department' | null;
  level: 'province' | 'city' | 'county' | 'township' | 'department' | null;
  /** Set for township governments, street offices and bodies of a township. */
  townCode?: string | null;
  /** A date of its own (the expected-units list), `MM-DD`. */
  deadline?: string | null;
}

export interface Deadline {
  /** ISO date, in the year after the statistics year. */
  date: string;
  rule: DeadlineRule;
  /** Why this date, in Chinese (shown next to the status). */
  basis: string;
}

export function deadlineFor(body: BodyForDeadline, year: number, settings: DeadlineSettings = DEFAULT_DEADLINES): Deadline {
  const due = (md: string) => `${year + 1}-${md}`;
  if (body.deadline) return { date: due(body.deadline), rule: 'body', basis: '应报单位名单中为该单位设定的期限' };
  const township = Boolean(body.townCode) || body.level === 'township';
  if (township) return { date: due(settings.township), rule: 'township', basis: `乡镇、街道（条例未规定，按设置 ${settings.township}）` };
  // A body of unknown kind is given the later date: lateness is only claimed when certain.
  if (body.kind === 'department' || body.kind === 'office')
    return { date: due(settings.department), rule: 'department', basis: '条例第四十九条：县级以上人民政府部门 1月31日前' };
  return { date: due(settings.government), rule: 'government', basis: '条例第四十九条：县级以上地方人民政府 3月31日前' };
}

export type TimelinessStatus = 'on_time' | 'late' | 'unknown';

export interface Timeliness {
  status: TimelinessStatus;
  /** Days after the deadline (late only). */
  daysLate?: number;
  /** Why the status is unknown, in Chinese. */
  reason?: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).getUTCDate() === Number(m[3]) ? t / 86_400_000 : null;
}

/** On time / late by N days / unknown, from the publication date and the deadline. */
export function timeliness(published: string | null | undefined, year: number, deadline: Deadline): Timeliness {
  if (!published) return { status: 'unknown', reason: '报告未注明发布日期' };
  const p = dayNumber(published);
  const d = dayNumber(deadline.date);
  if (p === null || d === null) return { status: 'unknown', reason: `发布日期“${published}”无法识别` };
  // A report cannot be published before the year it reports on has ended: the date is wrong.
  if (p < dayNumber(`${year + 1}-01-01`)!) return { status: 'unknown', reason: `发布日期 ${published} 早于统计年度结束，不可信` };
  return p <= d ? { status: 'on_time' } : { status: 'late', daysLate: p - d };
}

/** 按时 / 逾期 N 天 / 日期不详. */
export function timelinessLabel(t: Timeliness): string {
  return t.status === 'on_time' ? '按时' : t.status === 'late' ? `逾期 ${t.daysLate} 天` : '发布日期不详';
}

export interface TimelinessSummary {
  onTime: number;
  late: number;
  unknown: number;
  /** onTime ÷ (onTime + late); null when no report has a usable date. */
  onTimeShare: number | null;
}

export function summarizeTimeliness(items: Timeliness[]): TimelinessSummary {
  const onTime = items.filter((t) => t.status === 'on_time').length;
  const late = items.filter((t) => t.status === 'late').length;
  return { onTime, late, unknown: items.length - onTime - late, onTimeShare: onTime + late ? onTime / (onTime + late) : null };
}
