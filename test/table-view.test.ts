/**
 * The report tables as data (lib/report/table-view): the layout of each format is a well-formed
 * grid holding every value key once, and each cell shows what the report printed, its status,
 * a reviewer's correction in force and the previous year — on real fixtures.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, FORMAT_VERSIONS } from '../lib/format';
import { cellView, layoutKeys, tableCells, tableLayout, type CellValue, type CellView, type LayoutCell } from '../lib/report/table-view';
import type { ParsedReport } from '../lib/report/types';
import { FIXTURES, parseFixture } from './helpers/fixtures';

/** Columns each row of a table spans, counting cells that reach down from rows above (rowSpan). */
function rowWidths(rows: LayoutCell[][]): number[] {
  const carried: number[] = []; // per row index: columns taken by rowSpans from above
  return rows.map((row, i) => {
    let w = carried[i] ?? 0;
    for (const c of row) {
      const cols = c.colSpan ?? 1;
      w += cols;
      const down = 'head' in c ? (c.rowSpan ?? 1) : 1;
      for (let j = 1; j < down; j++) carried[i + j] = (carried[i + j] ?? 0) + cols;
    }
    return w;
  });
}

/** A page's cells by key (they travel in layout order). */
const byKey = (cells: CellView[]) => Object.fromEntries(layoutKeys('2021').map((k, i) => [k, cells[i]]));

describe('table layout', () => {
  for (const version of FORMAT_VERSIONS) {
    it(`${version}: every value key once, every row of a table as wide as the others`, () => {
      const tables = tableLayout(version);
      expect(tables.map((t) => t.title)).toEqual([FORMATS[version].t2.title, FORMATS[version].t3.title, FORMATS[version].t4.title]);
      const keys = tables.flatMap((t) => [...t.head, ...t.body].flat().flatMap((c) => ('key' in c ? [c.key] : [])));
      expect(keys.length).toBe(new Set(keys).size);
      expect(new Set(keys)).toEqual(new Set(FORMATS[version].keys.map((k) => k.key)));
      // Each value cell knows its position in the page's list of cells.
      expect(keys).toEqual(layoutKeys(version));
      const indexed = tables.flatMap((t) => [...t.head, ...t.body].flat().flatMap((c) => ('key' in c ? [[c.key, c.index] as const] : [])));
      for (const [k, i] of indexed) expect(layoutKeys(version)[i]).toBe(k);
      for (const t of tables) expect(new Set(rowWidths([...t.head, ...t.body])).size, t.title).toBe(1);
      // Built once per format: the same object for every report.
      expect(tableLayout(version)).toBe(tables);
    });
  }

  it('2021 表三: 申请人情况 over seven applicant columns, 法人或其他组织 over five of them', () => {
    const [, t3] = tableLayout('2021');
    const heads = t3.head.flat().filter((c): c is Extract<LayoutCell, { head: string }> => 'head' in c);
    expect(heads.find((c) => c.head === '申请人情况')?.colSpan).toBe(7);
    expect(heads.find((c) => c.head.startsWith('法人或其他组织'))?.colSpan).toBe(5);
    expect(t3.body.find((r) => r.some((c) => 'key' in c && c.key === 't3.new_received.total'))?.filter((c) => 'key' in c)).toHaveLength(7);
  });
});

describe('cell display', () => {
  let hongze: ParsedReport;
  let values: Map<string, CellValue>;
  beforeAll(async () => {
    hongze = await parseFixture(join(FIXTURES, 'real', '002_hongze-district-2023.txt'));
    values = new Map(
      Object.values(hongze.cells).map((c) => [
        c.key,
        { key: c.key, value: c.value, status: c.status, raw: c.raw ?? null, start: c.start ?? null, end: c.end ?? null, note: c.note ?? null },
      ]),
    );
  });

  it('a printed cell (洪泽 2023, 表三 自然人 新收 21): its number, linked to the source, no status', () => {
    const cells = byKey(tableCells('2021', values, new Set()));
    expect(Object.keys(cells)).toHaveLength(FORMATS['2021'].keys.length);
    expect(cells['t3.new_received.natural_person']).toEqual({ text: '21', src: true });
  });

  it('a cell the parser could not read (洪泽 2023, 逾期不补正 row): ?, missing, with its reason', () => {
    const v = cellView('t3.other.overdue_correction.natural_person', values.get('t3.other.overdue_correction.natural_person'), false);
    expect(v).toMatchObject({ text: '?', status: 'missing' });
    expect(v.title).toContain('未能读取');
    expect(v.src).toBeUndefined();
  });

  it('a correction in force shows the reviewed value, marked 核, the parsed value in the tooltip; a failing cell is flagged', () => {
    const v = values.get('t3.new_received.natural_person')!;
    const shown = cellView(v.key, { ...v, reviewed: { kind: 'entered', value: 23, by: '审核员甲', at: '2026-11-27T10:00:00Z' } }, true);
    expect(shown).toMatchObject({ text: '23', sup: '核', reviewed: true, failing: true, src: true });
    expect(shown.title).toBe('已人工核对（审核员甲，2026-11-27）：解析值 21，核对值 23；参与未通过的校验');
  });

  it('the previous year under a value (body page): its number and the change, or 上年无此项', () => {
    const cells = byKey(tableCells('2021', values, new Set(), new Map([['t3.new_received.natural_person', { previous: 15, change: 6 }]])));
    expect(cells['t3.new_received.natural_person'].change).toEqual({ previous: '15', shown: '15', delta: '+6', tone: 'up' });
    expect(cells['t3.new_received.commercial'].change).toBeNull();
    expect(byKey(tableCells('2021', values, new Set()))['t3.new_received.natural_person'].change).toBeUndefined();
  });
});
