/**
 * One test per failure class of issue 7 (reports the parser had never seen), each on a real
 * fixture or a layout variant of one (scripts/variants.ts: the fixture's true values and its own
 * narrative, re-laid as real pipelines print tables).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../lib/report/parse';
import { tokenize } from '../lib/report/cells';
import type { ParsedReport } from '../lib/report/types';
import { loadFixtures, variantsOf, type FixtureInput, type VariantKind } from '../scripts/variants';
import { parseFixture, FIXTURES } from './helpers/fixtures';
import { join } from 'node:path';

let fixtures: FixtureInput[] = [];
beforeAll(async () => {
  fixtures = await loadFixtures();
});
const fixture = (prefix: string) => fixtures.find((f) => f.name.startsWith(prefix))!;
function variant(fx: FixtureInput, kind: Exclude<VariantKind, 'docx' | 'pdf'>): { r: ParsedReport; text: string } {
  const v = variantsOf(fx, [kind])[0];
  return { r: parseReport(v.content), text: v.content };
}
const warned = (r: ParsedReport, code: string, key?: string) => r.warnings.some((w) => w.code === code && (key === undefined || w.key === key));

describe('failure classes of issue 7', () => {
  it('表四 as one space-separated line with no label (沭阳 2025 values)', () => {
    const fx = fixture('004_shuyang');
    const { r, text } = variant(fx, 't4-unlabelled-line');
    expect(text).toContain('27 10 9 15 61 3 0 0 0 3 8 0 1 1 10');
    for (const [k, v] of Object.entries(fx.truth.values)) if (k.startsWith('t4.')) expect(r.values[k], k).toBe(v);
  });

  it('a one-digit figure glued to the next label: 行政强制0第二十条… (彰武镇 2022, crawled)', () => {
    const { r, text } = variant(fixture('001_3e09'), 'run-together');
    expect(text).toMatch(/行政强制0第二十条/);
    expect(r.cells['t2.coercion.decisions']).toMatchObject({ value: 0, status: 'printed', raw: '0' });
    expect(r.values['t2.licensing.decisions']).toBe(0);
  });

  it('a negative change glued to the next label: 行政事业性收费35-15第二十条… (平潭 2019, crawled)', () => {
    const fx = fixture('008_pingtan');
    const changed = { ...fx, truth: { ...fx.truth, values: { ...fx.truth.values, 't2.fees.change': -15 } } };
    const { r, text } = variant(changed, 'run-together');
    expect(text).toContain('行政事业性收费35-15第二十条');
    expect(r.values['t2.fees.prev_count']).toBe(35);
    expect(r.values['t2.fees.change']).toBe(-15);
  });

  it('rows out of template order: 表二 first section printed last (淮安 2024 values)', () => {
    const fx = fixture('001_huaian');
    const { r } = variant(fx, 'out-of-order');
    for (const k of [
      't2.rules.issued',
      't2.normative_docs.repealed',
      't2.normative_docs.in_force',
      't3.other.overdue_correction.total',
      't3.not_processed.confirmation.total',
    ]) {
      expect(r.values[k], k).toBe(fx.truth.values[k]);
    }
    expect(warned(r, 'row_order')).toBe(true);
  });

  it('a line of values printed before its label, and labels broken inside a word (上海 2019, 洪泽 2023)', () => {
    const sh = fixture('014_shanghai');
    const before = variant(sh, 'value-before-label').r;
    for (const [k, v] of Object.entries(sh.truth.values)) expect(before.values[k] ?? null, k).toBe(v);
    expect(warned(before, 'values_before_label')).toBe(true);
    const hz = fixture('002_hongze');
    const { r, text } = variant(hz, 'broken-labels');
    expect(
      text.split('\n').some((l) => /^[^\n]{1,}$/.test(l) && '2.其他法律行政法规禁止公开'.includes(l) && l !== '2.其他法律行政法规禁止公开'),
    ).toBe(true);
    for (const [k, v] of Object.entries(hz.truth.values)) expect(r.values[k], k).toBe(v);
  });

  it('a stray lone number (page number, footnote mark) between a label and its row is debris', () => {
    const fx = fixture('004_shuyang');
    const { r } = variant(fx, 'stray-number');
    for (const [k, v] of Object.entries(fx.truth.values)) expect(r.values[k], k).toBe(v);
    expect(warned(r, 'stray_number')).toBe(true);
  });

  it('glued 表二 digits with several plausible splits are guessed, with the candidates kept (平潭 2023)', async () => {
    const r = await parseFixture(join(FIXTURES, 'real', '007_pingtan-2023.txt'));
    const cell = r.cells['t2.normative_docs.repealed'];
    expect(cell.status).toBe('guessed');
    expect(cell.value).toBe(132);
    expect(cell.candidates).toContainEqual([77, 132, 470]);
    expect(cell.candidates!.length).toBe(8);
    expect(warned(r, 'ambiguous_split', 't2.normative_docs')).toBe(true);
  });

  it('a blank cell between numbers of a space-aligned row is never split out of a neighbour ("8  (blank)  18")', () => {
    // Tokenizer: whitespace-separated figures stay whole.
    const line = '       8               18';
    expect(tokenize(line, 0, line.length).map((i) => i.raw)).toEqual(['8', '18']);
    // 彰武镇 2022 prints 上年结转 with a blank 科研机构 cell: in space-aligned text its figures are
    // placed by the columns the table's complete rows print at.
    const { r } = variant(fixture('001_3e09'), 'space-label-line');
    expect(r.cells['t3.carried_over.research'].status).toBe('blank');
    expect(r.cells['t3.carried_over.social_org']).toMatchObject({ value: 0, status: 'printed' });
    expect(r.cells['t3.carried_over.total']).toMatchObject({ value: 0, status: 'printed' });
    // 上海 2019 has no complete 表三 row to learn the columns from: its rows with blanks are left
    // unread and flagged, never read as glued digits.
    const sh = variant(fixture('014_shanghai'), 'space-label-line').r;
    expect(sh.values['t3.carried_over.natural_person']).toBeNull();
    expect(sh.cells['t3.carried_over.total'].status).toBe('missing');
    expect(warned(sh, 'uneven_gaps', 't3.carried_over')).toBe(true);
  });
});
