/**
 * Which list entries are annual reports, and of which year. A column of a 政府信息公开 platform
 * lists every report the body ever published (and sometimes notices about them); an entry is kept
 * when its title names a 政府信息公开 annual report and its report year is in the range asked for.
 */

export interface YearRange {
  from: number;
  to: number;
}

/** The first year a national format exists for (the 2019 format, for reports on 2019 and later). */
const FIRST_YEAR = 2008;

/** `2019-2025` or `2024` → the inclusive range; a one-line error for anything else. */
export function parseYearRange(text: string, thisYear = new Date().getFullYear()): YearRange {
  const m = /^\s*(\d{4})\s*(?:[-–~至]\s*(\d{4}))?\s*$/.exec(text);
  if (!m) throw new Error(`years: expected YEAR or FROM-TO (e.g. 2019-2025), got "${text}"`);
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  if (from > to) throw new Error(`years: ${from} is after ${to}`);
  if (from < FIRST_YEAR || to > thisYear) throw new Error(`years: ${text} is outside ${FIRST_YEAR}-${thisYear}`);
  return { from, to };
}

export type TitleJudgement = { report: true; year: number } | { report: false; reason: string };

// 年度报告 / 年报 of 政府信息公开 (also 政务公开 and 信息公开 alone, as some bodies title it).
const ANNUAL_REPORT = /(政府信息公开|政务公开|信息公开)[^，。,]{0,12}(年度报告|年报|工作报告)|(年度报告|年报)[^，。,]{0,4}[(（]?政府信息公开/;
// Titles that mention a report without being one: a notice about the reports, a call to submit them.
const NOT_A_REPORT = /(关于|通知|公告|征求意见|编制|报送|做好|印发|解读|提纲|目录|说明)/;
const YEAR = /((?:19|20)\d{2})\s*年/g;

/** Whether a title names an annual report and the year it reports on. */
export function judgeTitle(title: string, years?: YearRange): TitleJudgement {
  const t = title.replace(/\s+/g, '');
  if (!ANNUAL_REPORT.test(t)) return { report: false, reason: '标题不是政府信息公开年度报告' };
  if (NOT_A_REPORT.test(t.replace(ANNUAL_REPORT, ''))) return { report: false, reason: '标题是关于年度报告的通知或说明' };
  // The report year is the one before 年 (度): "2024年政府信息公开工作年度报告", "2024年度…".
  const found = [...t.matchAll(YEAR)].map((m) => Number(m[1]));
  if (!found.length) return { report: false, reason: '标题中没有年份' };
  const year = found[0];
  if (years && (year < years.from || year > years.to)) return { report: false, reason: `${year}年不在所选年份（${years.from}–${years.to}）内` };
  return { report: true, year };
}
