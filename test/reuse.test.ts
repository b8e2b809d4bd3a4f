/**
 * Text reuse on the real 平潭 series. Read by hand: 平潭 rewrites its narrative every year — of
 * 2024's 23 narrative sentences only one repeats 2023 (六、“2024年，无收取信息处理费情况。”,
 * the same sentence with the year updated); 2025 against 2024 likewise. The copy case below is
 * built from the real texts: 2025's report with 2024's 五 pasted in, years updated.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeSentence, reuseDistribution, tableSpans, textReuse } from '../lib/crossyear/reuse';
import { parseReport } from '../lib/report/parse';
import type { ParsedReport } from '../lib/report/types';
import { FIXTURES, parseFixture } from './helpers/fixtures';

let p2023: ParsedReport, p2024: ParsedReport, p2025: ParsedReport, huaian: ParsedReport;

beforeAll(async () => {
  [p2023, p2024, p2025, huaian] = await Promise.all(
    ['007_pingtan-2023.txt', '012_pingtan-2024.txt', '013_pingtan-2025.txt', '001_huaian-city-2024.txt'].map((f) =>
      parseFixture(join(FIXTURES, f.startsWith('012_') ? 'meta' : 'real', f)),
    ),
  );
});

const section = (r: ParsedReport, i: number) => r.sections.find((s) => s.index === i)!;

describe('平潭, as published', () => {
  it('2023 → 2024: one repeated sentence of 23, in 六', () => {
    const r = textReuse(p2023, p2024);
    expect([r.reused, r.sentences]).toEqual([1, 23]);
    const six = r.sections.find((s) => s.index === 6)!;
    expect([six.reused, six.sentences, six.rate]).toEqual([1, 1, 1]);
    expect(six.passages.map((p) => p2024.text.slice(p.start, p.end))).toEqual(['2024年,无收取信息处理费情况。']);
    expect(r.sections.find((s) => s.index === 1)).toMatchObject({ sentences: 16, reused: 0, rate: 0 });
    expect(r.sections.find((s) => s.index === 5)).toMatchObject({ sentences: 6, reused: 0, rate: 0 });
  });
  it('2024 → 2025: likewise one of 23', () => {
    const r = textReuse(p2024, p2025);
    expect([r.reused, r.sentences]).toEqual([1, 23]);
  });
  it('leaves the tables out: 二、三、四 hold only tables, so no sentence there', () => {
    for (const r of [p2024, huaian]) {
      const self = textReuse(r, r);
      expect(self.sections.filter((s) => s.index >= 2 && s.index <= 4).every((s) => s.sentences === 0)).toBe(true);
      // Against itself every narrative sentence repeats, and no passage touches a table.
      expect(self.reused).toBe(self.sentences);
      const tables = tableSpans(r);
      expect(tables).toHaveLength(3);
      expect(self.passages.some((p) => tables.some((t) => p.start < t.end && t.start < p.end))).toBe(false);
    }
  });
  it('skips numbered sub-headings and masks figures', () => {
    expect(normalizeSentence('2024年，全区共收到申请218件。')).toBe(normalizeSentence('2025年,全区共收到申请154件'));
    const one = textReuse(p2023, p2024).sections.find((s) => s.index === 1)!;
    expect(one.sentences).toBe(16);
  });
});

describe('a copied section', () => {
  it('counts every sentence of 2024’s 五 pasted into 2025, also one lightly edited, as one passage', () => {
    const five2024 = section(p2024, 5);
    const five2025 = section(p2025, 5);
    const pasted = p2024.text
      .slice(five2024.start, five2024.end)
      .replace(/2025年/g, '2026年')
      .replace(/2024年/g, '2025年')
      .replace('整合政府信息资源', '统筹政府信息资源');
    const copy = parseReport(p2025.text.slice(0, five2025.start) + pasted + p2025.text.slice(five2025.end));
    const r = textReuse(p2024, copy);
    const five = r.sections.find((s) => s.index === 5)!;
    expect([five.reused, five.sentences, five.rate]).toEqual([6, 6, 1]);
    expect(five.passages).toHaveLength(1);
    const text = copy.text.slice(five.passages[0].start, five.passages[0].end);
    // The crawled page runs the heading into the text: the section's title is the part found
    // (五、存在的主要问题), the rest of the heading opens the first sentence.
    expect(text.startsWith('及改进情况2025年,实验区政府信息公开工作取得了新进展新成果')).toBe(true);
    expect(text.endsWith('提升政务公开的效率和质量。')).toBe(true);
    expect(r.sections.find((s) => s.index === 1)!.reused).toBe(0);
  });
});

describe("a region's distribution of reuse rates", () => {
  it('bins the 平潭 rates (1/23 twice) and a full copy into tenths', () => {
    const rates = [textReuse(p2023, p2024).rate!, textReuse(p2024, p2025).rate!, textReuse(p2025, p2025).rate!];
    const bins = reuseDistribution(rates);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ from: 0, to: 0.1, count: 2 });
    expect(bins[9].count).toBe(1);
    expect(reuseDistribution([0.3, 0.7]).map((b) => b.count)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);
  });
});
