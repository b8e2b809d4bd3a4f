/**
 * The parser on real reports: every input form, the checks, inferred and glued cells, and every
 * kind of bad input. Values asserted here were read by hand from the fixture texts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../lib/report/parse';
import { ReportError } from '../lib/report/types';
import { FORMATS } from '../lib/format';
import { FIXTURES, cellRight, parseFixture, truthCases } from './helpers/fixtures';

const seed = (n: string) => join(FIXTURES, 'seeds', n);
const real = (n: string) => join(FIXTURES, 'real', n);

describe('every truth file', () => {
  const cases = truthCases();
  it('has at least the five seeds and nine further real reports', () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
  });
  for (const c of cases) {
    it(`${c.dir}/${c.name}: format, every key, and cells as the hand-checked truth`, async () => {
      const r = await parseFixture(c.path);
      expect(r.format).toBe(c.truth.format);
      expect(Object.keys(r.values)).toEqual(FORMATS[r.format].keys.map((k) => k.key));
      const wrong = Object.keys(c.truth.values).filter((k) => !cellRight(c.truth, k, r.values[k]));
      // Known limits (see README "Parser accuracy"): 上海 2025 prints 表二's first section out of
      // its table, with remarks in place of numbers — exactly these four cells; every other cell of
      // every truth file is right.
      const known = c.name.startsWith('006_shanghai')
        ? ['t2.rules.repealed', 't2.rules.in_force', 't2.normative_docs.repealed', 't2.normative_docs.in_force']
        : [];
      expect(wrong, `wrong cells: ${wrong.join(', ')}`).toEqual(known);
    });
  }
});

describe('one cell per line (seed 000) and its broken arithmetic', () => {
  it('keeps the printed numbers and reports the failed rules', async () => {
    const r = await parseFixture(seed('000_4d303cf0b4364684.txt'));
    expect(r.values['t3.new_received.natural_person']).toBe(9);
    expect(r.values['t3.new_received.total']).toBe(0);
    expect(r.values['t3.total_processed.natural_person']).toBe(10);
    expect(r.values['t3.total_processed.total']).toBe(8);
    const failed = r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    for (const id of [
      't3.row_total.new_received',
      't3.row_total.partially_granted',
      't3.row_total.unavailable.not_held',
      't3.row_total.total_processed',
    ]) {
      expect(failed).toContain(id);
    }
    const row = r.checks.find((c) => c.id === 't3.row_total.new_received')!;
    expect(row.expected).toBe(0);
    expect(row.actual).toBe(9);
    expect(row.message).toContain('一、本年新收政府信息公开申请数量');
    // Every table cell is tied to its place in the text.
    const cell = r.cells['t3.granted.natural_person'];
    expect(cell.status).toBe('printed');
    expect(r.text.slice(cell.start!, cell.end!)).toBe('4');
  });
});

describe('input forms', () => {
  it('reads a blank cell (a lone space line) as blank, seed 001', async () => {
    const r = await parseFixture(seed('001_3e09011248c3275f.txt'));
    expect(r.cells['t3.carried_over.research'].status).toBe('blank');
    expect(r.values['t3.carried_over.research']).toBeNull();
    expect(r.checks.every((c) => c.status === 'pass')).toBe(true);
  });

  it('reads cells ending in " |" with "|||" filler rows as blank rows, seed 002', async () => {
    const r = await parseFixture(seed('002_3bb274d1443478a1.txt'));
    expect(r.values['t2.fees.amount']).toBe(587.4072);
    expect(r.values['t2.licensing.decisions']).toBe(7903);
    expect(r.cells['t3.partially_granted.natural_person'].status).toBe('blank');
  });

  it('reads tab-separated PDF text with garbled labels and infers the lost cell, seed 003', async () => {
    const r = await parseFixture(seed('003_6790f04c403e7862.txt'));
    expect(r.values['t2.penalty.decisions']).toBe(351867);
    expect(r.values['t2.fees.amount']).toBe(22910);
    // The "PUTF" row (2.没有现成信息需要另行制作) is read by position, and the next row is not shifted.
    expect(r.values['t3.unavailable.not_held.total']).toBe(80);
    expect(r.values['t3.unavailable.needs_creation.total']).toBe(0);
    expect(r.values['t3.total_processed.total']).toBe(260);
    const inferred = r.cells['t3.other.overdue_correction.natural_person'];
    expect(inferred.status).toBe('inferred');
    expect(inferred.value).toBe(3);
    expect(r.warnings.some((w) => w.code === 'inferred_cell')).toBe(true);
    expect(r.values['t4.review.corrected']).toBe(7);
    expect(r.values['t4.litigation_direct.total']).toBe(3);
  });

  it('reads 规范性文件 for 行政规范性文件 and a table without a title, seed 004', async () => {
    const r = await parseFixture(seed('004_be8f56aee3e3e289.txt'));
    expect(r.values['t2.normative_docs.issued']).toBe(10);
    expect(r.values['t2.fees.amount']).toBe(1633.444944);
    expect(r.values['t3.new_received.total']).toBe(157);
  });

  it('reads column-major PDF text (淮安 2024) by the row totals', async () => {
    const r = await parseFixture(real('001_huaian-city-2024.txt'));
    expect(r.values['t2.normative_docs.issued']).toBe(8);
    expect(r.values['t2.normative_docs.in_force']).toBe(66);
    expect(r.values['t3.new_received.natural_person']).toBe(3001);
    expect(r.values['t3.new_received.total']).toBe(3119);
    expect(r.warnings.some((w) => w.code === 'column_major')).toBe(true);
  });

  it('reads 洪泽 2023: 总计 printed sixth, （六） collapsed into one row, 表四 totals printed as 0', async () => {
    const r = await parseFixture(real('002_hongze-district-2023.txt'));
    expect(r.values['t3.new_received.total']).toBe(21);
    expect(r.values['t3.unavailable.not_held.natural_person']).toBe(10);
    expect(r.warnings.some((w) => w.code === 'collapsed_rows')).toBe(true);
    expect(r.values['t4.review.upheld']).toBe(10);
    expect(r.checks.find((c) => c.id === 't4.total.review')?.status).toBe('fail');
  });

  it('splits glued cells by the table arithmetic (平潭 2023)', async () => {
    const r = await parseFixture(real('007_pingtan-2023.txt'));
    expect(r.values['t3.granted.natural_person']).toBe(22);
    expect(r.values['t3.granted.total']).toBe(22);
    expect(r.values['t3.partially_granted.commercial']).toBe(1);
    expect(r.values['t2.fees.amount']).toBe(5949.088667);
    expect([r.values['t4.review.total'], r.values['t4.litigation_direct.total'], r.values['t4.litigation_after_review.total']]).toEqual([2, 5, 2]);
    expect(r.cells['t3.granted.natural_person'].note).toBeTruthy();
    // The crawled page runs everything together: the six parts are still found, in order.
    expect(r.sections.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.text.slice(r.sections[5].start).startsWith('六、其他需要报告的事项')).toBe(true);
  });

  it('reads the 2019 format with signed changes and 采购 in 元 (平潭 2019)', async () => {
    const r = await parseFixture(real('008_pingtan-2019.txt'));
    expect(r.format).toBe('2019');
    expect(r.values['t2.licensing.prev_count']).toBe(396);
    expect(r.values['t2.penalty.prev_count']).toBe(2648);
  });

  it('reads Markdown tables (沭阳 2025)', async () => {
    const r = await parseFixture(real('004_shuyang-county-2025.md'));
    expect(r.values['t2.licensing.decisions']).toBe(517645);
    expect(r.values['t3.new_received.total']).toBe(713);
    expect(r.values['t4.review.total']).toBe(61);
  });

  it('reads HTML tables with rowspan/colspan and &nbsp; blanks (上海 2019)', async () => {
    const r = await parseFixture(real('014_shanghai-govoffice-2019.html'));
    expect(r.format).toBe('2019');
    expect(r.values['t2.rules.total_published']).toBe(524);
    // The 总计 column is blank on outcome rows in the source: kept blank, and the rule fails.
    expect(r.cells['t3.granted.total'].status).toBe('blank');
    expect(r.checks.find((c) => c.id === 't3.row_total.granted')?.status).toBe('fail');
  });
});

describe('bad input', () => {
  const bad = (text: string) => {
    try {
      parseReport(text);
    } catch (e) {
      expect(e).toBeInstanceOf(ReportError);
      return (e as ReportError).code;
    }
    return 'parsed';
  };
  it('rejects an empty text', () => expect(bad('  \n ')).toBe('empty'));
  it('rejects text that is not an annual report', () =>
    expect(bad('床前明月光，疑是地上霜。举头望明月，低头思故乡。\n'.repeat(20))).toBe('not_a_report'));
  it('rejects binary content', () => expect(bad('\u0000\u0001\u0002PNG\u0003\u0004'.repeat(50))).toBe('binary'));
  it('rejects a report cut off in the middle of 表三', () => {
    const full = readFileSync(seed('000_4d303cf0b4364684.txt'), 'utf8');
    expect(bad(full.slice(0, full.indexOf('(四)无法提供')))).toBe('truncated');
  });
  it('rejects a text over the size limit', () => expect(bad('政府信息公开'.repeat(400_000))).toBe('too_large'));
});
