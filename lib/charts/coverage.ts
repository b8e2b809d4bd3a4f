/**
 * States report coverage on a region's cross-year charts: the note says published / expected per
 * year, and the axis label of a year whose coverage differs from the others is marked, so a jump
 * that comes from more reports being published is not read as growth.
 */
import type { ChartSpec } from './spec';

export interface YearCoverage {
  year: number;
  published: number;
  expected: number;
}

export const UNEVEN_MARK = '（覆盖不同）';

/** 报告覆盖（已发布/应报）：2023 年 1/8 · 2024 年 1/8。 plus the warning when some year differs. */
export function coverageLine(years: YearCoverage[], uneven: number[]): string {
  if (years.length === 0) return '';
  const marked = new Set(uneven);
  const list = years.map((y) => `${y.year} 年 ${y.published}/${y.expected}${marked.has(y.year) ? UNEVEN_MARK : ''}`).join(' · ');
  return `报告覆盖（已发布/应报）：${list}。${marked.size ? '标出的年度报告覆盖面与其他年度不同，跨年变化可能来自报告数量的变化，而非实际增减。' : ''}`;
}

/** The chart with the coverage line in its note and uneven years marked on their categories (“2023年…”). */
export function withCoverage(spec: ChartSpec, years: YearCoverage[], uneven: number[]): ChartSpec {
  const line = coverageLine(years, uneven);
  if (!line) return spec;
  const marked = new Set(uneven);
  return {
    ...spec,
    note: [spec.note, line].filter(Boolean).join(' '),
    categories: spec.categories.map((c) => {
      const y = /^(\d{4})年/.exec(c);
      return y && marked.has(Number(y[1])) ? c.replace(/^(\d{4}年)/, `$1${UNEVEN_MARK}`) : c;
    }),
  };
}
