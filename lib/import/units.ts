/**
 * The expected-units list a supervisor imports (`npm run units:import -- FILE.csv`): bodies that
 * must publish a report, and bodies that need not (merged, abolished). CSV with a header:
 *
 *   name,region_code,kind,expected,from_year,to_year,deadline,note
 *   平潭综合实验区经济发展局,350128,department,1,,,,
 *   平潭县某乡人民政府,350128203,government,0,2024,,,2024年并入某镇
 *
 * - name, region_code (GB/T 2260, 6 digits, or 9 for a township) required; the others optional.
 * - kind: government | office | department (or 政府 / 办公室 / 部门); default department. A
 *   government row stands for the government of its region_code, whatever its name.
 * - expected: 1/0, 是/否, yes/no, true/false; default 1. 0 removes the body from the expected
 *   bodies for the years given (all years without from_year/to_year).
 * - deadline: `MM-DD`, a publication deadline of its own (a special case).
 */
import { isMonthDay } from '../coverage/deadlines';
import type { BodyKind, ExpectedUnit } from '../coverage/expected';
import { regionByCode } from '../region/gazetteer';
import { parseCsv } from './manifest';

export const UNIT_COLUMNS = ['name', 'region_code', 'kind', 'expected', 'from_year', 'to_year', 'deadline', 'note'] as const;

const KINDS: Record<string, BodyKind> = {
  government: 'government',
  政府: 'government',
  人民政府: 'government',
  office: 'office',
  办公室: 'office',
  办公厅: 'office',
  department: 'department',
  部门: 'department',
};
const YES = new Set(['1', '是', 'yes', 'y', 'true']);
const NO = new Set(['0', '否', 'no', 'n', 'false']);

/** Parses a whole list; any bad line rejects the list (nothing half-imported), naming the line. */
export function parseUnits(text: string): ExpectedUnit[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('the list is empty');
  const cols = header.map((h) => h.trim().toLowerCase());
  for (const required of ['name', 'region_code']) {
    if (!cols.includes(required)) throw new Error(`no "${required}" column in the header (columns: ${UNIT_COLUMNS.join(', ')})`);
  }
  const unknown = cols.filter((c) => c && !(UNIT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) throw new Error(`unknown column "${unknown[0]}" (columns: ${UNIT_COLUMNS.join(', ')})`);
  const out: ExpectedUnit[] = [];
  rows.forEach((r, n) => {
    const line = n + 2;
    const get = (name: string) => {
      const i = cols.indexOf(name);
      const v = i >= 0 ? r[i]?.trim() : undefined;
      return v ? v : null;
    };
    const fail = (what: string) => {
      throw new Error(`line ${line}: ${what}`);
    };
    const name = get('name');
    if (!name) fail('no name');
    const code = get('region_code');
    if (!code || !/^\d{6}(\d{3})?$/.test(code)) fail(`region_code "${code ?? ''}" is not a GB/T 2260 code (6 or 9 digits)`);
    if (!regionByCode(code!)) fail(`region_code ${code} is not in the gazetteer`);
    const kindText = get('kind');
    const kind = kindText === null ? 'department' : KINDS[kindText.toLowerCase()];
    if (!kind) fail(`kind "${kindText}" is not government, office or department`);
    const expectedText = get('expected')?.toLowerCase() ?? '1';
    if (!YES.has(expectedText) && !NO.has(expectedText)) fail(`expected "${expectedText}" is not 1 or 0`);
    const year = (col: string) => {
      const v = get(col);
      if (v === null) return null;
      if (!/^(19|20)\d{2}$/.test(v)) fail(`${col} "${v}" is not a year`);
      return Number(v);
    };
    const fromYear = year('from_year');
    const toYear = year('to_year');
    if (fromYear !== null && toYear !== null && fromYear > toYear) fail(`from_year ${fromYear} is after to_year ${toYear}`);
    const deadline = get('deadline');
    if (deadline !== null && !isMonthDay(deadline)) fail(`deadline "${deadline}" is not a date of the form MM-DD`);
    out.push({ name: name!, placeCode: code!, kind: kind!, expected: YES.has(expectedText), fromYear, toYear, deadline, note: get('note') });
  });
  return out;
}
