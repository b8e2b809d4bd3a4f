/**
 * Corrections on real reports: 洪泽区 2023 (21 cells of 表三 （六）其他处理 lost: the source printed
 * the three rows merged into one), 武威市 (seed 003, one inferred cell), 建瓯市 (seed 000, failed checks).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { FORMATS } from '../lib/format';
import { parseReport } from '../lib/report/parse';
import type { ParsedReport } from '../lib/report/types';
import {
  CorrectionError,
  effectiveValues,
  makeCorrection,
  parseEnteredValue,
  reapply,
  type CellReading,
  type Correction,
} from '../lib/review/corrections';
import { doubtsOf, countDoubts, reviewedChecks, type StoredCorrection } from '../lib/review/queue';
import { FIXTURES, parseFixture, type Truth } from './helpers/fixtures';

const f = FORMATS['2021'];
const HONGZE = join(FIXTURES, 'real', '002_hongze-district-2023.txt');
const WUWEI = join(FIXTURES, 'seeds', '003_6790f04c403e7862.txt');
const JIANOU = join(FIXTURES, 'seeds', '000_4d303cf0b4364684.txt');

function readings(r: ParsedReport): Record<string, CellReading> {
  const out: Record<string, CellReading> = {};
  for (const [k, c] of Object.entries(r.cells))
    out[k] = { value: c.value, status: c.status, raw: c.raw ?? null, start: c.start ?? null, end: c.end ?? null };
  return out;
}
const checksOf = (r: ParsedReport) => r.checks.map((c) => ({ ruleId: c.id, status: c.status, expected: c.expected, actual: c.actual }));
const metaOf = (r: ParsedReport) => ({ agency: r.meta.agency, regionCode: r.meta.region_code, year: r.meta.year });
const applied = (c: Correction): StoredCorrection => ({ ...c, state: 'applied' });

let hongze: ParsedReport;
let hongzeTruth: Truth;
let wuwei: ParsedReport;
let jianou: ParsedReport;
beforeAll(async () => {
  [hongze, wuwei, jianou] = await Promise.all([parseFixture(HONGZE), parseFixture(WUWEI), parseFixture(JIANOU)]);
  hongzeTruth = JSON.parse(readFileSync(HONGZE.replace(/\.txt$/, '.truth.json'), 'utf8')) as Truth;
});

describe('makeCorrection', () => {
  it('records a typed value for a missing cell with the parse it was made against', () => {
    const key = 't3.other.overdue_correction.natural_person';
    expect(hongze.cells[key].status).toBe('missing');
    const c = makeCorrection(f, { kind: 'entered', target: key, entered: '0' }, { cell: readings(hongze)[key] });
    expect(c).toMatchObject({
      kind: 'entered',
      target: key,
      parsedValue: null,
      parsedStatus: 'missing',
      enteredValue: 0,
      sourceRaw: null,
      reason: '按原文录入',
    });
  });

  it('confirms an inferred value as it was inferred', () => {
    const key = 't3.other.overdue_correction.natural_person';
    const cell = readings(wuwei)[key];
    expect(cell).toMatchObject({ status: 'inferred', value: 3 });
    const c = makeCorrection(f, { kind: 'confirmed', target: key }, { cell });
    expect(c.enteredValue).toBe(3);
    expect(c.parsedStatus).toBe('inferred');
  });

  it('refuses corrections that do not fit the cell, each with one Chinese line', () => {
    const printed = readings(hongze)['t3.new_received.natural_person'];
    expect(printed).toMatchObject({ status: 'printed', value: 21, raw: '21' });
    const bad = (input: Parameters<typeof makeCorrection>[1], cell: CellReading) => () => makeCorrection(f, input, { cell });
    expect(bad({ kind: 'entered', target: 't3.new_received.natural_person', entered: '22' }, printed)).toThrow(/已读出数值/);
    expect(bad({ kind: 'confirmed', target: 't3.other.other.total' }, readings(hongze)['t3.other.other.total'])).toThrow(/没有可确认的数值/);
    expect(bad({ kind: 'replaced', target: 't3.new_received.natural_person', entered: '22' }, printed)).toThrow(/理由/);
    expect(bad({ kind: 'replaced', target: 't3.new_received.natural_person', entered: '21', reason: '核对' }, printed)).toThrow(/相同/);
    const missing = readings(hongze)['t3.other.other.total'];
    expect(bad({ kind: 'entered', target: 't3.other.other.total', entered: '十二' }, missing)).toThrow(CorrectionError);
    expect(bad({ kind: 'entered', target: 't3.other.other.total', entered: '-1' }, missing)).toThrow(/负数/);
    expect(bad({ kind: 'entered', target: 't3.other.other.total', entered: '' }, missing)).toThrow(/请填写/);
    expect(bad({ kind: 'entered', target: 't9.nothing', entered: '1' }, missing)).toThrow(/没有单元格/);
  });

  it('parses typed figures as the source prints them', () => {
    expect(parseEnteredValue('１，２３４', 'count')).toBe(1234);
    expect(parseEnteredValue(' 7730.28 ', 'money')).toBe(7730.28);
    expect(() => parseEnteredValue('1.5', 'count')).toThrow(/整数/);
  });

  it('marks only a failed check "source inconsistent", and only with a note', () => {
    const failed = jianou.checks.find((c) => c.status === 'fail')!;
    const check = { status: failed.status, expected: failed.expected, actual: failed.actual };
    expect(() => makeCorrection(f, { kind: 'source_inconsistent', target: failed.id }, { check })).toThrow(/说明/);
    const c = makeCorrection(f, { kind: 'source_inconsistent', target: failed.id, reason: '原文合计与分项不符' }, { check });
    expect(c).toMatchObject({ target: failed.id, enteredValue: null, sourceRaw: `${failed.expected}|${failed.actual}` });
    const passed = jianou.checks.find((x) => x.status === 'pass')!;
    expect(() =>
      makeCorrection(
        f,
        { kind: 'source_inconsistent', target: passed.id, reason: 'x' },
        { check: { status: 'pass', expected: passed.expected, actual: passed.actual } },
      ),
    ).toThrow(/未通过/);
  });
});

describe('reviewed values settle the report', () => {
  it('entering the 21 lost cells of 洪泽区 as the source prints them makes every 表三 rule assessable, and they pass', () => {
    const values = readings(hongze);
    const missing = Object.keys(values).filter((k) => values[k].status === 'missing');
    expect(missing).toHaveLength(21);
    const before = hongze.checks.filter((c) => c.status === 'not_assessable');
    expect(before.length).toBe(10);
    const corrections = missing.map((k) =>
      applied(makeCorrection(f, { kind: 'entered', target: k, entered: String(hongzeTruth.values[k]) }, { cell: values[k] })),
    );
    const eff = effectiveValues(values, corrections);
    expect(eff['t3.other.other.total']).toEqual({ value: 0, status: 'missing', reviewed: 'entered' });
    expect(eff['t3.new_received.natural_person']).toEqual({ value: 21, status: 'printed', reviewed: null });
    const after = reviewedChecks(f, values, corrections);
    for (const c of before) expect(after.find((x) => x.id === c.id)!.status).toBe('pass');
    // The queue loses the 21 cells; what remains are 表四's failed totals, which no cell entry explains.
    const doubtsBefore = countDoubts(doubtsOf(f, { values, checks: checksOf(hongze), meta: metaOf(hongze), corrections: [] }));
    const doubtsAfter = countDoubts(doubtsOf(f, { values, checks: checksOf(hongze), meta: metaOf(hongze), corrections }));
    expect(doubtsBefore.cell).toBe(21);
    expect(doubtsAfter.cell).toBe(0);
    expect(doubtsAfter.check).toBe(hongze.checks.filter((c) => c.status === 'fail').length);
  });

  it('a "source inconsistent" mark takes a failed check out of the queue', () => {
    const values = readings(jianou);
    const failed = jianou.checks.filter((c) => c.status === 'fail');
    expect(failed.length).toBe(7);
    const mark = applied(
      makeCorrection(
        f,
        { kind: 'source_inconsistent', target: failed[0].id, reason: '原文如此' },
        { check: { status: 'fail', expected: failed[0].expected, actual: failed[0].actual } },
      ),
    );
    const n = countDoubts(doubtsOf(f, { values, checks: checksOf(jianou), meta: metaOf(jianou), corrections: [mark] }));
    expect(n.check).toBe(6);
  });
});

describe('re-application after a re-parse', () => {
  it('keeps a correction when the same text parses the same way', () => {
    const key = 't3.other.overdue_correction.natural_person';
    const c = makeCorrection(f, { kind: 'entered', target: key, entered: '0' }, { cell: readings(hongze)[key] });
    const again = parseReport(hongze.text, { sourceKind: 'text' });
    expect(reapply(c, { text: again.text, cell: readings(again)[key] })).toBe('applied');
    const confirmed = makeCorrection(f, { kind: 'confirmed', target: key }, { cell: readings(wuwei)[key] });
    const wuweiAgain = parseReport(wuwei.text, { sourceKind: 'text' });
    expect(reapply(confirmed, { text: wuweiAgain.text, cell: readings(wuweiAgain)[key] })).toBe('applied');
  });

  it('puts a correction back in the queue when the cell now reads differently', () => {
    const key = 't3.other.overdue_correction.natural_person';
    const c = makeCorrection(f, { kind: 'entered', target: key, entered: '0' }, { cell: readings(hongze)[key] });
    // A newer parser reads the cell from the source: agreement keeps the correction, a different figure does not.
    const at = { start: 100, end: 101 };
    expect(reapply(c, { text: hongze.text, cell: { value: 0, status: 'printed', raw: '0', ...at } })).toBe('applied');
    expect(reapply(c, { text: hongze.text, cell: { value: 2, status: 'printed', raw: '2', ...at } })).toBe('stale');
  });

  it('puts a replacement of a printed figure back in the queue when the text at its offsets changed', () => {
    const key = 't3.new_received.natural_person';
    const cell = readings(hongze)[key];
    const c = makeCorrection(f, { kind: 'replaced', target: key, entered: '22', reason: '原文扫描件为 22' }, { cell });
    expect(c).toMatchObject({ sourceRaw: '21', sourceStart: cell.start, sourceEnd: cell.end });
    // The same text: re-applied.
    const same = parseReport(hongze.text, { sourceKind: 'text' });
    expect(reapply(c, { text: same.text, cell: readings(same)[key] })).toBe('applied');
    // The digits at the cell's offsets changed (a re-published version read into the same report).
    const edited = hongze.text.slice(0, cell.start!) + '23' + hongze.text.slice(cell.end!);
    const e = parseReport(edited, { sourceKind: 'text' });
    expect(readings(e)[key]).toMatchObject({ value: 23, raw: '23' });
    expect(reapply(c, { text: e.text, cell: readings(e)[key] })).toBe('stale');
    // Text inserted before the table: same digits, other offsets — the reading is not the same cell any more.
    const shifted = parseReport('（更正版）\n' + hongze.text, { sourceKind: 'text' });
    expect(readings(shifted)[key].raw).toBe('21');
    expect(reapply(c, { text: shifted.text, cell: readings(shifted)[key] })).toBe('stale');
  });

  it('a stale correction shows both values in the queue and no longer counts', () => {
    const key = 't3.new_received.natural_person';
    const values = readings(hongze);
    const c = makeCorrection(f, { kind: 'replaced', target: key, entered: '22', reason: '原文扫描件为 22' }, { cell: values[key] });
    const stale: StoredCorrection = { ...c, state: 'stale' };
    expect(effectiveValues(values, [stale])[key]).toEqual({ value: 21, status: 'printed', reviewed: null });
    const d = doubtsOf(f, { values, checks: checksOf(hongze), meta: metaOf(hongze), corrections: [stale] }).filter((x) => x.kind === 'stale');
    expect(d).toEqual([{ kind: 'stale', target: key, parsedValue: 21, enteredValue: 22, nowValue: 21, nowStatus: 'printed' }]);
  });

  it('keeps a "source inconsistent" mark while the check fails with the same figures', () => {
    const failed = jianou.checks.find((c) => c.status === 'fail')!;
    const c = makeCorrection(
      f,
      { kind: 'source_inconsistent', target: failed.id, reason: '原文如此' },
      { check: { status: 'fail', expected: failed.expected, actual: failed.actual } },
    );
    const again = parseReport(jianou.text, { sourceKind: 'text' }).checks.find((x) => x.id === failed.id)!;
    expect(reapply(c, { text: jianou.text, check: again })).toBe('applied');
    expect(reapply(c, { text: jianou.text, check: { ...again, status: 'pass', actual: again.expected } })).toBe('stale');
  });
});

describe('excerptFor', () => {
  it('shows a printed cell itself, and a lost cell as the stretch where the source prints it', async () => {
    const { excerptFor } = await import('../lib/review/excerpt');
    const placed = new Map(Object.entries(readings(hongze)).map(([k, v]) => [k, { start: v.start, end: v.end }]));
    const printed = excerptFor(f, hongze.text, 't3.new_received.natural_person', placed)!;
    expect(printed).toMatchObject({ mark: '21', exact: true });
    // 洪泽区's PDF text runs column by column and prints the three （六）其他处理 rows merged into
    // one: the stretch of the research column between （五）5 and （七）总计 holds that one figure.
    const lost = excerptFor(f, hongze.text, 't3.other.overdue_fee.research', placed)!;
    expect(lost.exact).toBe(false);
    expect(lost.start).toBe(placed.get('t3.not_processed.confirmation.research')!.end);
    expect(lost.end).toBe(placed.get('t3.total_processed.research')!.start);
    expect(lost.mark.trim()).toBe('0');
    // Row by row (淮安市): the stretch between the same column one row up and one row down.
    const huaian = await parseFixture(join(FIXTURES, 'real', '001_huaian-city-2024.txt'));
    const hp = new Map(Object.entries(readings(huaian)).map(([k, v]) => [k, { start: v.start, end: v.end }]));
    const own = hp.get('t3.granted.research')!;
    hp.delete('t3.granted.research');
    const around = excerptFor(f, huaian.text, 't3.granted.research', hp)!;
    expect(around.start).toBeLessThanOrEqual(own.start!);
    expect(around.end).toBeGreaterThanOrEqual(own.end!);
  });
});
