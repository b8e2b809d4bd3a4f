/**
 * Departments named by their usual short form (住建局, 发改委, 市场监管局) or relative to the
 * writer's own region (市科委, 县人社局, 区教育局). The short forms are data
 * (`short-forms.json`); the agency is stored under the full form, with the printed name kept.
 */
import data from './short-forms.json';
import type { ReportMeta } from '../types';

interface ShortFormRow {
  short: string;
  full: string;
  kind: string;
}

const FORMS = new Map<string, ShortFormRow>((data.forms as ShortFormRow[]).map((f) => [f.short, f]));
/** Lengths of the short forms, longest first (a name's end is looked up, longest form first). */
const LENGTHS = [...new Set([...FORMS.keys()].map((k) => k.length))].sort((a, b) => b - a);
/** Last characters of all short forms and department names: a cheap first test. */
const LAST_CHARS = new Set([...[...FORMS.keys()].map((k) => k[k.length - 1]), '局', '厅', '会', '室']);
/** One character for the writer's own region: 市 in 市科委, 县 in 县人社局. */
const LEVEL_CHARS = '省市县区州旗盟';
/** A department's own name after the level character (教育局, 科学技术委员会); 市委/县纪委 are party bodies. */
const DEPARTMENT_NAME = /^[\u4e00-\u9fff]{1,14}(?:局|厅|委员会|办公室)$/;
const NOT_DEPARTMENT = /政府|管委会|管理委员会|办事处|党|纪委|政协|人大|小组|专班/;

export interface ShortForm {
  /** The name as printed: 市科委, 淮安市住建局. */
  printed: string;
  /** Before the department: a place (淮安市), one level character (市), or nothing. */
  lead: string;
  /** The department's full name without the place: 科学技术委员会. */
  full: string;
  kind: NonNullable<ReportMeta['kind']>;
}

/**
 * A department name in a short form or relative to the writer's region, else null: 淮安市住建局
 * → lead 淮安市, full 住房和城乡建设局; 市科委 → lead 市; 发改委 → lead ''; 市教育局 → lead 市,
 * full 教育局. A short form must follow a place or level character (平台办 is no 台办).
 */
export function shortForm(name: string): ShortForm | null {
  if (!LAST_CHARS.has(name[name.length - 1])) return null;
  for (const l of LENGTHS) {
    const row = l <= name.length ? FORMS.get(name.slice(name.length - l)) : undefined;
    if (!row) continue;
    const lead = name.slice(0, name.length - l);
    if (lead === '' || LEVEL_CHARS.includes(lead[lead.length - 1]) || /(?:区|园)$/.test(lead)) {
      return { printed: name, lead, full: row.full, kind: row.kind as ShortForm['kind'] };
    }
    break;
  }
  // 市教育局: a full department name after one level character.
  if (name.length > 1 && LEVEL_CHARS.includes(name[0])) {
    const rest = name.slice(1);
    if (DEPARTMENT_NAME.test(rest) && !NOT_DEPARTMENT.test(rest)) return { printed: name, lead: name[0], full: rest, kind: 'department' };
  }
  return null;
}

/** A name the writer gives relative to its own region (市科委, 县教育局, 发改委): no place of its own. */
export function isRelative(f: ShortForm): boolean {
  return f.lead.length <= 1;
}
