/**
 * Cross-year checks on the real 平潭综合实验区 series (2023 → 2024 → 2025: test/fixtures/real, 2024 in test/fixtures/meta).
 * Values read by hand from the source texts: 表二 行政规范性文件 prints 77|132|470 (2023),
 * 62|33|440 (2024) and 58|45|546 (2025); 表三 上年结转 is 0 in every column of all three years,
 * 结转下年度 is 0 in 2023 and 2024 and 4 自然人 + 2 商业企业 = 6 in 2025.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CROSS_YEAR_RULES, crossYearRulesFor } from '../lib/crossyear/rules';
import { checkCrossYear, consecutivePairs, rankFindings, type YearReport } from '../lib/crossyear/check';
import { compareYears } from '../lib/crossyear/compare';
import { FORMATS } from '../lib/format';
import type { ParsedReport } from '../lib/report/types';
import { FIXTURES, parseFixture } from './helpers/fixtures';

const real = (n: string) => join(FIXTURES, 'real', n);

function yearReport(r: ParsedReport, id: number): YearReport {
  return { id, year: r.meta.year!, format: r.format, label: `${r.meta.agency}${r.meta.year}年度报告`, scope: r.meta.scope, cells: r.cells };
}

let y2023: YearReport, y2024: YearReport, y2025: YearReport;
beforeAll(async () => {
  y2023 = yearReport(await parseFixture(real('007_pingtan-2023.txt')), 7);
  y2024 = yearReport(await parseFixture(join(FIXTURES, 'meta', '012_pingtan-2024.txt')), 12);
  y2025 = yearReport(await parseFixture(real('013_pingtan-2025.txt')), 13);
});

describe('the cross-year rule list', () => {
  it('is derived from the format: one carry rule per 表三 applicant column, one stock rule per 表二 row with 制发/废止/现行有效', () => {
    const carry = CROSS_YEAR_RULES.filter((r) => r.kind === 'carry');
    expect(carry.map((r) => r.subject)).toEqual(FORMATS['2021'].t3.columns.map((c) => c.label));
    expect(carry.every((r) => r.current.startsWith('t3.carried_over.') && r.previous[0].startsWith('t3.carried_forward.'))).toBe(true);
    const stock = CROSS_YEAR_RULES.filter((r) => r.kind === 'stock');
    expect(stock.map((r) => r.subject)).toEqual(['规章', '行政规范性文件']);
    expect(stock.every((r) => r.severity === 'verify')).toBe(true);
    expect(carry.every((r) => r.severity === 'error')).toBe(true);
  });
  it('applies 表三 across the format change (2020 → 2021) but 表二 only within the 2021 format', () => {
    expect(crossYearRulesFor('2019', '2021').map((r) => r.kind)).toEqual(Array(7).fill('carry'));
    expect(crossYearRulesFor('2021', '2021')).toHaveLength(9);
    expect(crossYearRulesFor('2019', '2019').some((r) => r.kind === 'stock')).toBe(false);
  });
});

describe('平潭 2023 → 2024', () => {
  it('finds 现行有效 470 + 62 − 33 = 499 against the printed 440, worded as 请核实 and naming both reports', () => {
    const f = checkCrossYear(y2023, y2024).find((x) => x.ruleId === 'xy.t2.stock.normative_docs')!;
    expect(f.status).toBe('fail');
    expect(f.severity).toBe('verify');
    expect(f.expected).toBe(499);
    expect(f.actual).toBe(440);
    expect(f.previous).toEqual({ id: 7, year: 2023 });
    expect(f.current).toEqual({ id: 12, year: 2024 });
    expect(f.message).toMatch(/^请核实/);
    expect(f.message).toContain('平潭综合实验区管委会2023年度报告现行有效 470 件');
    expect(f.message).toContain('加平潭综合实验区管委会2024年度报告本年制发 62 件，减本年废止 33 件，应为 499 件');
    expect(f.message).toContain('印为 440 件（相差 -59 件）');
  });
  it('passes 上年结转 = 结转下年度 in all seven columns (0 = 0) and 规章 (0 + 0 − 0 = 0)', () => {
    const f = checkCrossYear(y2023, y2024);
    expect(f.filter((x) => x.kind === 'carry').map((x) => x.status)).toEqual(Array(7).fill('pass'));
    expect(f.find((x) => x.ruleId === 'xy.t2.stock.rules')!.status).toBe('pass');
  });
});

describe('平潭 2024 → 2025', () => {
  it('finds 现行有效 440 + 58 − 45 = 453 against the printed 546', () => {
    const f = checkCrossYear(y2024, y2025).find((x) => x.ruleId === 'xy.t2.stock.normative_docs')!;
    expect([f.status, f.expected, f.actual]).toEqual(['fail', 453, 546]);
  });
  it('passes the carry rules: 2025 上年结转 0 = 2024 结转下年度 0', () => {
    const carry = checkCrossYear(y2024, y2025).filter((x) => x.kind === 'carry');
    expect(carry.every((x) => x.status === 'pass' && x.actual === 0)).toBe(true);
  });
});

describe('a carried-over figure that does not match', () => {
  // 2025 carried 4 自然人 + 2 商业企业 = 6 into 2026. A 2026 report is not published yet, so this
  // one is 2025's own cells with 上年结转 set to what a careless 2026 report might print.
  it('is an error naming both reports, column by column', () => {
    const next: YearReport = {
      ...y2025,
      id: 99,
      year: 2026,
      label: '2026年度报告',
      cells: { ...y2025.cells, 't3.carried_over.natural_person': { value: 4, status: 'printed' } },
    };
    const f = checkCrossYear(y2025, next);
    const byId = new Map(f.map((x) => [x.ruleId, x]));
    expect(byId.get('xy.t3.carry.natural_person')!.status).toBe('pass');
    const commercial = byId.get('xy.t3.carry.commercial')!;
    expect([commercial.status, commercial.severity, commercial.expected, commercial.actual]).toEqual(['fail', 'error', 2, 0]);
    expect(commercial.message).toBe(
      '表三“商业企业”列：2026年度报告的“二、上年结转政府信息公开申请数量”为 0，但平潭综合实验区管委会2025年度报告的“四、结转下年度继续办理”为 2（相差 -2），两者应当相等。',
    );
    expect(byId.get('xy.t3.carry.total')!.expected).toBe(6);
    // Errors rank before 请核实 hints.
    expect(rankFindings(f)[0].severity).toBe('error');
  });
  it('is not assessable when a cell could not be read, and doubtful when one was inferred', () => {
    const cur: YearReport = {
      ...y2024,
      cells: {
        ...y2024.cells,
        't3.carried_over.total': { value: null, status: 'missing' },
        't2.normative_docs.issued': { value: 62, status: 'guessed' },
      },
    };
    const f = new Map(checkCrossYear(y2023, cur).map((x) => [x.ruleId, x]));
    expect(f.get('xy.t3.carry.total')!.status).toBe('not_assessable');
    expect(f.get('xy.t3.carry.total')!.message).toContain('未能读取');
    expect(f.get('xy.t2.stock.normative_docs')!.doubtful).toBe(true);
    expect(f.get('xy.t2.stock.normative_docs')!.message).toContain('涉及推断或存疑的数值');
  });
});

describe('pairing', () => {
  it('pairs consecutive years only', () => {
    const pairs = consecutivePairs([{ year: 2025 }, { year: 2021 }, { year: 2023 }, { year: 2024 }]);
    expect(pairs.map(([a, b]) => `${a.year}-${b.year}`)).toEqual(['2023-2024', '2024-2025']);
    expect(checkCrossYear(y2023, y2025)).toEqual([]);
  });
});

describe('side by side with the year before', () => {
  it('gives the previous printed value and the change for every key of the 2021 format', () => {
    const c = compareYears(y2023, y2024);
    expect(c.size).toBe(FORMATS['2021'].keys.length);
    expect(c.get('t2.normative_docs.in_force')).toEqual({ previous: 470, change: -30 });
    expect(c.get('t2.licensing.decisions')).toEqual({ previous: 2629, change: 1900 });
    expect(c.get('t3.carried_forward.total')).toEqual({ previous: 0, change: 0 });
  });
  it('compares 表三 and 表四 only across the format change (2019 format → 2021)', async () => {
    const y2019 = yearReport(await parseFixture(real('008_pingtan-2019.txt')), 8);
    const c = compareYears(y2019, y2023);
    expect(c.has('t2.normative_docs.in_force')).toBe(false);
    expect(c.has('t3.new_received.total')).toBe(true);
    expect([...c.keys()].every((k) => !k.startsWith('t2.') || FORMATS['2019'].keyIndex.has(k))).toBe(true);
  });
});
