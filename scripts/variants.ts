/**
 * Layout variants of the truth fixtures: the TRUE values of every report in `test/fixtures`,
 * printed together with that report's own narrative text, in the table layouts real publishing
 * pipelines produce (PDF text extraction, crawled pages, Word HTML, broken Markdown, LibreOffice
 * DOCX/PDF). The parser must read every value the layout still determines, and leave the others
 * unread and flagged.
 *
 *   npx tsx scripts/variants.ts OUT_DIR [--kinds tab,run-together,…] [--office]
 *   node ../shared/eval/score.mjs OUT_DIR/*          # every kind
 *   node ../shared/eval/score.mjs OUT_DIR/column-major
 *
 * Writes OUT_DIR/<kind>/<fixture>.<ext> with a NAME.truth.json beside it (the values the variant
 * shows; `undetermined` lists the cells its layout no longer determines, with the reason).
 * `--office` also converts the HTML variant to DOCX and PDF with LibreOffice (`soffice`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import labelsJson from '../lib/format/labels.json';
import { FORMATS, type FormatVersion, type ValueType } from '../lib/format';
import { segmentations } from '../lib/report/split';
import type { ParsedReport } from '../lib/report/types';
import { parseCommandLine, usageError } from './cli';

// ------------------------------------------------------------------ the table model

type Values = Record<string, number | null>;

/** One printed line of a table: a title, a header row, a group label, or a data row. */
type TLine =
  | { type: 'title'; text: string }
  | { type: 'header'; cells: string[] }
  | { type: 'section'; text: string }
  | { type: 'group'; text: string }
  | { type: 'row'; label: string | null; keys: string[]; types: ValueType[]; group: string };

interface Tables {
  t2: TLine[];
  t3: TLine[];
  t4: TLine[];
}

interface LabelsT3Row {
  key?: string;
  label: string;
  data: boolean;
  role?: string;
  group?: string;
  subgroup?: string;
}
interface LabelsFormat {
  version: string;
  tables: {
    t2: {
      title: string;
      header_cell: string;
      sections: { label: string; columns: { key: string; label: string; type: ValueType }[]; rows: { key: string; label: string }[] }[];
    };
    t3: { title: string; corner_note: string; column_header_rows: string[][]; columns: { key: string; label: string }[]; rows: LabelsT3Row[] };
    t4: { title: string; column_header_rows: string[][]; groups: { key: string }[]; columns: { key: string }[] };
  };
}

function labelsOf(version: FormatVersion): LabelsFormat {
  return (labelsJson.formats as unknown as LabelsFormat[]).find((f) => f.version === version)!;
}

export function tableModel(version: FormatVersion): Tables {
  const lf = labelsOf(version).tables;
  const t2: TLine[] = [{ type: 'title', text: lf.t2.title }];
  for (const s of lf.t2.sections) {
    t2.push({ type: 'section', text: s.label });
    t2.push({ type: 'header', cells: [lf.t2.header_cell, ...s.columns.map((c) => c.label)] });
    for (const r of s.rows) {
      t2.push({
        type: 'row',
        label: r.label,
        keys: s.columns.map((c) => `t2.${r.key}.${c.key}`),
        types: s.columns.map((c) => c.type),
        group: s.label,
      });
    }
  }
  const t3: TLine[] = [
    { type: 'title', text: lf.t3.title },
    { type: 'header', cells: [lf.t3.corner_note, ...lf.t3.column_header_rows[0]] },
    ...lf.t3.column_header_rows.slice(1).map((cells): TLine => ({ type: 'header', cells })),
  ];
  for (const r of lf.t3.rows) {
    if (!r.data) t3.push({ type: 'group', text: r.label });
    else
      t3.push({
        type: 'row',
        label: r.label,
        keys: lf.t3.columns.map((c) => `t3.${r.key}.${c.key}`),
        types: lf.t3.columns.map(() => 'count'),
        group: 't3',
      });
  }
  const t4Keys = lf.t4.groups.flatMap((g) => lf.t4.columns.map((c) => `t4.${g.key}.${c.key}`));
  const t4: TLine[] = [
    { type: 'title', text: lf.t4.title },
    ...lf.t4.column_header_rows.map((cells): TLine => ({ type: 'header', cells })),
    { type: 'row', label: null, keys: t4Keys, types: t4Keys.map(() => 'count'), group: 't4' },
  ];
  return { t2, t3, t4 };
}

// ------------------------------------------------------------------ deterministic randomness

function rng(seedText: string): () => number {
  let s = 0x9e3779b9;
  for (const ch of seedText) s = Math.imul(s ^ ch.charCodeAt(0), 0x85ebca6b) >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------ cell text

interface CellStyle {
  /** How a zero is printed ('0', '', '/', '-', '—', '无'). */
  zero?: string;
  thousands?: boolean;
  fullWidth?: boolean;
}

function cellText(v: number | null, style: CellStyle): string {
  if (v === null) return '';
  if (v === 0 && style.zero !== undefined) return style.zero;
  let s = String(v);
  if (style.thousands && Math.abs(v) >= 1000) {
    const [int, frac] = s.split('.');
    s = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
  }
  if (style.fullWidth) s = s.replace(/[0-9,.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  return s;
}

// ------------------------------------------------------------------ variant kinds

export const TEXT_KINDS = [
  'cell-per-line',
  'tab',
  'pipe',
  'space-label-line',
  'space-next-line',
  'run-together',
  'run-together-zero-marks',
  'broken-labels',
  'footers-and-headers',
  'zero-blank',
  'zero-slash',
  'zero-dash',
  'zero-emdash',
  'zero-wu',
  'thousands-fullwidth',
  'column-major',
  'out-of-order',
  'value-before-label',
  'stray-number',
  't4-unlabelled-line',
  'html',
  'markdown-broken',
] as const;
export const OFFICE_KINDS = ['docx', 'pdf'] as const;
export type VariantKind = (typeof TEXT_KINDS)[number] | (typeof OFFICE_KINDS)[number];

export interface VariantTruth {
  file: string;
  format: FormatVersion;
  meta: Record<string, unknown>;
  /** The values the variant prints (a zero printed as an empty cell is null). */
  values: Values;
  accept?: Record<string, (number | null)[]>;
  /** Cells the layout no longer determines, with the reason: they must be right, or unread and flagged. */
  undetermined: Record<string, string>;
}

export interface Variant {
  kind: VariantKind;
  /** File name: the fixture's stem, the kind's extension. */
  file: string;
  content: string;
  truth: VariantTruth;
}

export interface FixtureInput {
  /** Fixture file name (e.g. 001_huaian-city-2024.txt). */
  name: string;
  truth: { format: string; meta: Record<string, unknown>; values: Values; accept?: Record<string, (number | null)[]> };
  /** The fixture parsed as it is: its normalized text and sections give the narrative. */
  parsed: ParsedReport;
}

/**
 * The report's own text outside its tables: everything before part 二 (title, 总体情况) and
 * everything from part 五 on. Where a heading is not found, the extreme table cell offsets cut.
 */
export function narrativeOf(parsed: ParsedReport): { intro: string; outro: string } {
  const text = parsed.text;
  const offsets = Object.values(parsed.cells).filter((c) => c.start !== undefined);
  const firstCell = Math.min(...offsets.map((c) => c.start!), text.length);
  const lastCell = Math.max(...offsets.map((c) => c.end!), 0);
  const s2 = parsed.sections.find((s) => s.index === 2);
  const s5 = parsed.sections.find((s) => s.index === 5) ?? parsed.sections.find((s) => s.index === 6);
  let introEnd = s2 && s2.start < firstCell ? s2.start : text.lastIndexOf('\n', firstCell);
  if (introEnd < 0) introEnd = 0;
  let outroStart = s5 && s5.start > lastCell ? s5.start : text.indexOf('\n', lastCell);
  if (outroStart < 0) outroStart = text.length;
  return { intro: text.slice(0, introEnd).trimEnd(), outro: text.slice(outroStart).trimStart() };
}

const dataRows = (lines: TLine[]) => lines.filter((l): l is Extract<TLine, { type: 'row' }> => l.type === 'row');

/** Renders the lines of one table in a line-based text layout. */
function renderLines(lines: TLine[], values: Values, layout: (l: TLine) => string[]): string[] {
  return lines.flatMap(layout);
}

function fixedWidth(cells: string[], width = 8): string {
  return cells.map((c) => c.padStart(width)).join('');
}

function breakLabel(label: string, rand: () => number): string {
  if (label.length < 3) return label;
  const at = 1 + Math.floor(rand() * (label.length - 1));
  return `${label.slice(0, at)}\n${label.slice(at)}`;
}

/** Keys of rows (or blocks of rows) whose blank cells vanish when cells are printed with no separator. */
function vanishedBlanks(rows: Extract<TLine, { type: 'row' }>[], values: Values, reason: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.keys.some((k) => values[k] === null)) for (const k of r.keys) out[k] = reason;
  return out;
}

/**
 * Rows whose run-together digits have more than one split into the row's cells, so the layout
 * alone does not fix them (the parser may still decide 表三 rows by arithmetic; otherwise they must
 * be flagged).
 */
function ambiguousRuns(rows: Extract<TLine, { type: 'row' }>[], values: Values, style: CellStyle): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) {
    const texts = r.keys.map((k) => cellText(values[k], style));
    if (texts.some((t) => t === '' || !/^-?\d/.test(t))) continue; // marks and blanks are handled elsewhere
    const joined = texts.join('');
    const chunks = joined.split(/(?=-)/);
    const n = segmentations(
      chunks,
      r.keys.length,
      { signed: r.types.map((t) => t === 'signed'), decimalLast: ['decimal', 'money'].includes(r.types[r.types.length - 1]) },
      3,
    ).length;
    if (n > 1) for (const k of r.keys) out[k] = `run-together digits "${joined}" split ${n > 2 ? '3+' : n} ways`;
  }
  return out;
}

function textVariant(
  kind: (typeof TEXT_KINDS)[number],
  fx: FixtureInput,
  version: FormatVersion,
): { content: string; values: Values; undetermined: Record<string, string>; ext: string } {
  const model = tableModel(version);
  const { intro, outro } = narrativeOf(fx.parsed);
  const rand = rng(`${fx.name}:${kind}`);
  const values: Values = { ...fx.truth.values };
  const undetermined: Record<string, string> = {};
  const style: CellStyle = {};
  const zeroKinds: Record<string, string> = { 'zero-blank': '', 'zero-slash': '/', 'zero-dash': '-', 'zero-emdash': '—', 'zero-wu': '无' };
  if (kind in zeroKinds) style.zero = zeroKinds[kind];
  if (kind === 'run-together-zero-marks') style.zero = '—';
  if (kind === 'thousands-fullwidth') Object.assign(style, { thousands: true, fullWidth: true });
  if (kind === 'zero-blank') for (const [k, v] of Object.entries(values)) if (v === 0) values[k] = null;
  const cells = (keys: string[]) => keys.map((k) => cellText(fx.truth.values[k], style));
  const all = [...model.t2, ...model.t3, ...model.t4];

  if (kind === 'html') return { content: htmlOf(fx, model, intro, outro), values, undetermined, ext: 'html' };
  if (kind === 'markdown-broken') return { content: markdownOf(fx, model, intro, outro, rand), values, undetermined, ext: 'md' };

  let body: string[];
  const tabRow = (l: TLine): string[] => {
    if (l.type === 'title' || l.type === 'section' || l.type === 'group') return [l.text];
    if (l.type === 'header') return [l.cells.join('\t')];
    return [[l.label ?? '', ...cells(l.keys)].join('\t').replace(/^\t/, '')];
  };
  const perLine = (l: TLine, label = (s: string) => s): string[] => {
    if (l.type === 'title' || l.type === 'section' || l.type === 'group') return [label(l.text)];
    if (l.type === 'header') return l.cells.map(label);
    return [...(l.label ? [label(l.label)] : []), ...cells(l.keys).map((c) => (c === '' ? ' ' : c))];
  };
  switch (kind) {
    case 'cell-per-line':
    case 'zero-slash':
    case 'zero-dash':
    case 'zero-emdash':
    case 'zero-wu':
      body = renderLines(all, values, (l) => perLine(l));
      break;
    case 'broken-labels':
      body = renderLines(all, values, (l) => perLine(l, (s) => breakLabel(s, rand)));
      break;
    case 'tab':
    case 'zero-blank':
    case 'thousands-fullwidth':
      body = renderLines(all, values, tabRow);
      break;
    case 'pipe':
      body = renderLines(all, values, (l) => {
        if (l.type === 'header') return [l.cells.join(' | ')];
        if (l.type !== 'row') return tabRow(l);
        return [[...(l.label ? [l.label] : []), ...cells(l.keys)].join(' | ')];
      });
      break;
    case 'space-label-line':
    case 'space-next-line':
      // PDF layout text: labels padded to the table's widest, figures right-aligned in fixed
      // columns, a blank cell only a wider gap. Columns are placed by where figures end, learned
      // from the table's complete rows; a row is undetermined when its table has fewer than two
      // complete rows of its width to learn from.
      body = [];
      for (const t of [model.t2, model.t3, model.t4]) {
        const rows = dataRows(t);
        const pad = Math.max(...rows.map((r) => (r.label ?? '').length)) + 2;
        for (const l of t) {
          if (l.type === 'header') body.push(l.cells.join('  '));
          else if (l.type !== 'row') body.push(...tabRow(l));
          else {
            const nums = fixedWidth(cells(l.keys)).replace(/\s+$/, '');
            if (!l.label) body.push(nums.trimStart());
            else if (kind === 'space-label-line') body.push(`${l.label.padEnd(pad)}${nums}`);
            else body.push(l.label, `${' '.repeat(pad)}${nums}`);
          }
        }
        for (const r of rows) {
          if (!r.keys.some((k) => values[k] === null) || !r.label) continue;
          const complete = rows.filter((o) => o.label && o.keys.length === r.keys.length && o.keys.every((k) => values[k] !== null)).length;
          if (complete < 2)
            for (const k of r.keys)
              undetermined[k] =
                `a blank cell in a space-aligned row shows only as a wider gap, and this table has ${complete} complete row(s) of ${r.keys.length} cells to learn the columns from: left unread and flagged`;
        }
        if (t === model.t4)
          Object.assign(undetermined, vanishedBlanks(rows, values, 'the unlabelled 表四 row loses its leading blank cells: left unread and flagged'));
      }
      break;
    case 'run-together':
    case 'run-together-zero-marks': {
      const line = (ls: TLine[]) =>
        ls.map((l) => (l.type === 'header' ? l.cells.join('') : l.type === 'row' ? (l.label ?? '') + cells(l.keys).join('') : l.text)).join('');
      body = [line(model.t2) + line(model.t3) + line(model.t4)];
      const rows = dataRows(all);
      Object.assign(undetermined, vanishedBlanks(rows, values, 'blank cells vanish when cells run together: the row has fewer cells than columns'));
      Object.assign(undetermined, ambiguousRuns(rows, values, style));
      break;
    }
    case 'footers-and-headers': {
      const headerOf = (ls: TLine[]) => ls.filter((l) => l.type === 'header');
      let page = 2;
      body = [];
      for (const t of [model.t2, model.t3, model.t4]) {
        const heads = headerOf(t);
        t.forEach((l, i) => {
          body.push(...tabRow(l));
          if (l.type === 'row' && i % 9 === 8 && i < t.length - 1) {
            body.push('', `- ${page++} -`, '');
            for (const h of heads) body.push(...tabRow(h));
          }
        });
      }
      break;
    }
    case 'column-major': {
      // Labels first, then the values column by column, one per line (PDF extraction of a page).
      body = [];
      const emit = (rows: Extract<TLine, { type: 'row' }>[]) => {
        for (const r of rows) if (r.label) body.push(r.label);
        const width = rows[0].keys.length;
        for (let c = 0; c < width; c++)
          for (const r of rows) {
            const t = cells([r.keys[c]])[0];
            if (t !== '') body.push(t); // blank cells print nothing
          }
        const blockReason = `column-major block "${rows[0].label ?? '表四'}"…: a blank cell vanished, so no column can be placed`;
        if (rows.some((r) => r.keys.some((k) => values[k] === null))) for (const r of rows) for (const k of r.keys) undetermined[k] = blockReason;
      };
      for (const t of [model.t2, model.t3, model.t4]) {
        let block: Extract<TLine, { type: 'row' }>[] = [];
        const flush = () => {
          if (block.length) emit(block);
          block = [];
        };
        const pageBreak = t === model.t3 ? 13 : Infinity;
        let n = 0;
        for (const l of t) {
          if (l.type === 'row') {
            if (block.length && (block[0].group !== l.group || n === pageBreak)) flush();
            block.push(l);
            n++;
          } else {
            if (l.type === 'section') flush();
            if (l.type !== 'group') body.push(...perLine(l));
          }
        }
        flush();
      }
      break;
    }
    case 'out-of-order': {
      // A converter moved 表二's first section after the others, and two 表三 rows swapped places.
      const t2 = [...model.t2];
      const secStarts = t2.map((l, i) => (l.type === 'section' ? i : -1)).filter((i) => i >= 0);
      const first = t2.splice(secStarts[0], secStarts[1] - secStarts[0]);
      t2.push(...first);
      const t3 = [...model.t3];
      const rowsAt = t3.map((l, i) => (l.type === 'row' ? i : -1)).filter((i) => i >= 0);
      const a = rowsAt[rowsAt.length - 6];
      const b = rowsAt[rowsAt.length - 5];
      [t3[a], t3[b]] = [t3[b], t3[a]];
      body = renderLines([...t2, ...t3, ...model.t4], values, tabRow);
      break;
    }
    case 'value-before-label':
      // Every fourth data row prints its line of values before its label.
      body = [];
      for (const l of all) {
        if (l.type === 'row' && l.label && dataRows(all).indexOf(l) % 4 === 3) body.push(cells(l.keys).join('\t'), l.label);
        else body.push(...tabRow(l));
      }
      break;
    case 'stray-number':
      // A page number or footnote mark on its own line between some labels and their values.
      body = [];
      for (const l of all) {
        // Only where the layout still tells the stray number apart: the row's own line holds
        // several cells, at least one printed (a lone figure before a one-cell row is undecidable).
        const decidable = l.type === 'row' && l.label && l.keys.length > 1 && l.keys.some((k) => values[k] !== null);
        if (decidable && l.type === 'row' && rand() < 0.25) body.push(l.label!, String(1 + Math.floor(rand() * 9)), cells(l.keys).join('\t'));
        else body.push(...tabRow(l));
      }
      break;
    case 't4-unlabelled-line': {
      // 表四's header one cell per line, then its fifteen cells on one line, separated by spaces.
      const t4row = dataRows(model.t4)[0];
      body = [
        ...renderLines([...model.t2, ...model.t3], values, tabRow),
        ...model.t4.flatMap((l) => (l.type === 'row' ? [cells(l.keys).filter(Boolean).join(' ')] : perLine(l))),
      ];
      Object.assign(undetermined, vanishedBlanks([t4row], values, 'a blank cell vanishes from a line of single-space-separated numbers'));
      break;
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
  const content = [intro, '', ...body, '', outro, ''].join('\n');
  return { content, values, undetermined, ext: 'txt' };
}

// ------------------------------------------------------------------ HTML (Word-style) and Markdown

interface HCell {
  text: string;
  colspan?: number;
  rowspan?: number;
}

function htmlRows(model: Tables, v: (k: string) => string, version: FormatVersion): HCell[][][] {
  const lf = labelsOf(version).tables;
  const t2: HCell[][] = [];
  for (const s of lf.t2.sections) {
    t2.push([{ text: s.label, colspan: 4 }]);
    const span = s.columns.length === 3 ? 1 : s.columns.length === 2 ? undefined : 3;
    if (s.columns.length === 2) {
      t2.push([{ text: lf.t2.header_cell }, { text: s.columns[0].label }, { text: s.columns[1].label, colspan: 2 }]);
      for (const r of s.rows)
        t2.push([{ text: r.label }, { text: v(`t2.${r.key}.${s.columns[0].key}`) }, { text: v(`t2.${r.key}.${s.columns[1].key}`), colspan: 2 }]);
      continue;
    }
    t2.push([{ text: lf.t2.header_cell }, ...s.columns.map((c) => ({ text: c.label, colspan: span }))]);
    for (const r of s.rows) t2.push([{ text: r.label }, ...s.columns.map((c) => ({ text: v(`t2.${r.key}.${c.key}`), colspan: span }))]);
  }
  const cols = lf.t3.columns;
  const t3: HCell[][] = [
    [
      { text: lf.t3.corner_note, colspan: 3, rowspan: 3 },
      { text: lf.t3.column_header_rows[0][0], colspan: cols.length },
    ],
    [
      { text: cols[0].label, rowspan: 2 },
      { text: lf.t3.column_header_rows[1][1], colspan: cols.length - 2 },
      { text: cols[cols.length - 1].label, rowspan: 2 },
    ],
    cols.slice(1, -1).map((c) => ({ text: c.label })),
  ];
  const all = lf.t3.rows;
  const groupSize = all.filter((r) => r.group && r.data).length;
  const vals = (key: string) => cols.map((c) => ({ text: v(`t3.${key}.${c.key}`) }));
  let groupOpened = false;
  for (let i = 0; i < all.length; i++) {
    const r = all[i];
    if (!r.data && r.role === 'group') continue;
    const lead: HCell[] = [];
    if (r.group && !groupOpened) {
      lead.push({ text: r.group, rowspan: groupSize });
      groupOpened = true;
    }
    if (!r.data && r.role === 'subgroup') {
      const items = all.slice(i + 1).filter((x) => x.subgroup === r.label);
      t3.push([...lead, { text: r.label, rowspan: items.length }, { text: items[0].label }, ...vals(items[0].key!)]);
      for (const it of items.slice(1)) t3.push([{ text: it.label }, ...vals(it.key!)]);
      i += items.length;
      continue;
    }
    t3.push([...lead, { text: r.label, colspan: r.group ? 2 : 3 }, ...vals(r.key!)]);
  }
  const t4h = lf.t4.column_header_rows;
  const t4: HCell[][] = [
    [
      { text: t4h[0][0], colspan: 5 },
      { text: t4h[0][1], colspan: 10 },
    ],
    [...t4h[1].slice(0, 5).map((t) => ({ text: t, rowspan: 2 })), { text: t4h[1][5], colspan: 5 }, { text: t4h[1][6], colspan: 5 }],
    t4h[2].slice(5).map((t) => ({ text: t })),
    dataRows(model.t4)[0].keys.map((k) => ({ text: v(k) })),
  ];
  return [t2, t3, t4];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Word wraps every run of a cell in spans, and sometimes splits one number over two runs. */
function wordRuns(text: string): string {
  if (text === '') return '<p class=MsoNormal><span lang=EN-US>&nbsp;</span></p>';
  const cut = text.length > 1 ? Math.ceil(text.length / 2) : text.length;
  const runs = [text.slice(0, cut), text.slice(cut)].filter(Boolean);
  return `<p class=MsoNormal align=center style='text-align:center'>${runs.map((r) => `<span lang=EN-US style='font-size:10.5pt;font-family:宋体'>${esc(r)}</span>`).join('')}</p>`;
}

function htmlOf(fx: FixtureInput, model: Tables, intro: string, outro: string): string {
  const v = (k: string) => cellText(fx.truth.values[k], {});
  const [t2, t3, t4] = htmlRows(model, v, fx.truth.format as FormatVersion);
  const table = (rows: HCell[][]) =>
    `<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;width:100%'>\n${rows
      .map(
        (r) =>
          `<tr>${r.map((c) => `<td${c.colspan && c.colspan > 1 ? ` colspan=${c.colspan}` : ''}${c.rowspan && c.rowspan > 1 ? ` rowspan=${c.rowspan}` : ''} valign=middle>${wordRuns(c.text)}</td>`).join('')}</tr>`,
      )
      .join('\n')}\n</table>`;
  const paras = (s: string) =>
    s
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `<p class=MsoNormal><span style='font-family:仿宋'>${esc(l)}</span></p>`)
      .join('\n');
  return `<html><head><meta charset="utf-8"><style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 9pt; }
td { border: 1px solid #000; padding: 1px 2px; }
</style></head><body>
${paras(intro)}
<p class=MsoNormal><b>${esc(model.t2[0].type === 'title' ? model.t2[0].text : '')}</b></p>
${table(t2)}
<p class=MsoNormal><b>${esc(model.t3[0].type === 'title' ? model.t3[0].text : '')}</b></p>
${table(t3)}
<p class=MsoNormal><b>${esc(model.t4[0].type === 'title' ? model.t4[0].text : '')}</b></p>
${table(t4)}
${paras(outro)}
</body></html>
`;
}

/** Markdown made from a PDF: outer pipes missing on some rows, a long label broken onto its own line. */
function markdownOf(fx: FixtureInput, model: Tables, intro: string, outro: string, rand: () => number): string {
  const v = (k: string) => cellText(fx.truth.values[k], {});
  const out: string[] = [intro, ''];
  for (const t of [model.t2, model.t3, model.t4]) {
    let ruled = false;
    for (const l of t) {
      if (l.type === 'title') {
        out.push('', `**${l.text}**`, '');
        continue;
      }
      const cells =
        l.type === 'header'
          ? l.cells
          : l.type === 'row'
            ? [...(l.label ? [l.label] : []), ...l.keys.map(v)]
            : [l.type === 'section' || l.type === 'group' ? l.text : ''];
      let line = `| ${cells.join(' | ')} |`;
      if (rand() < 0.3) line = cells.join(' | ');
      if (l.type === 'row' && l.label && l.label.length > 8 && rand() < 0.3) {
        // The label cell wrapped: its first part on a line of its own.
        const cut = Math.floor(l.label.length / 2);
        out.push(`| ${l.label.slice(0, cut)} |`);
        line = `| ${l.label.slice(cut)} | ${l.keys.map(v).join(' | ')} |`;
      }
      out.push(line);
      if (!ruled && l.type === 'header') {
        out.push(`|${cells.map(() => ' --- ').join('|')}|`);
        ruled = true;
      }
    }
  }
  out.push('', outro, '');
  return out.join('\n');
}

// ------------------------------------------------------------------ all variants of one fixture

export function variantsOf(fx: FixtureInput, kinds: readonly (typeof TEXT_KINDS)[number][] = TEXT_KINDS): Variant[] {
  const version = fx.truth.format as FormatVersion;
  if (!FORMATS[version]) throw new Error(`${fx.name}: unknown format ${fx.truth.format}`);
  const stem = fx.name.replace(/\.[^.]+$/, '');
  return kinds.map((kind) => {
    const r = textVariant(kind, fx, version);
    const file = `${stem}.${r.ext}`;
    return {
      kind,
      file,
      content: r.content,
      truth: { file, format: version, meta: fx.truth.meta, values: r.values, accept: fx.truth.accept, undetermined: r.undetermined },
    };
  });
}

/** Where LibreOffice is installed (Debian: libreoffice-writer-nogui), or null. */
export function sofficePath(): string | null {
  return ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p)) ?? null;
}

/**
 * DOCX and PDF of the HTML variants, made by LibreOffice: one soffice run per output format for
 * all files (each start costs seconds), in a private temporary profile. Null without soffice.
 */
export function officeVariants(htmls: Variant[]): Variant[] | null {
  const soffice = sofficePath();
  if (!soffice) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-office-'));
  try {
    const srcs = htmls.map((h) => {
      const src = path.join(dir, h.file);
      writeFileSync(src, h.content);
      return src;
    });
    const profile = `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`;
    const out: Variant[] = [];
    for (const [kind, filter] of [
      ['docx', 'docx:MS Word 2007 XML'],
      ['pdf', 'pdf:writer_web_pdf_Export'],
    ] as const) {
      const outDir = path.join(dir, kind);
      execFileSync(soffice, [profile, '--headless', '--convert-to', filter, '--outdir', outDir, ...srcs], { stdio: 'ignore', timeout: 300_000 });
      for (const h of htmls) {
        const file = h.file.replace(/\.html$/, `.${kind}`);
        const bytes = readFileSync(path.join(outDir, file));
        out.push({ kind, file, content: bytes.toString('base64'), truth: { ...h.truth, file } });
      }
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ CLI

/** Every truth fixture of test/fixtures, parsed as it is (the narrative comes from it). */
export async function loadFixtures(): Promise<FixtureInput[]> {
  const { readSource } = await import('../lib/source');
  const { parseReport } = await import('../lib/report/parse');
  const fixtures = path.resolve(import.meta.dirname, '..', 'test', 'fixtures');
  const out: FixtureInput[] = [];
  for (const dir of ['seeds', 'real']) {
    for (const f of readdirSync(path.join(fixtures, dir)).sort()) {
      if (!f.endsWith('.truth.json')) continue;
      const truth = JSON.parse(readFileSync(path.join(fixtures, dir, f), 'utf8'));
      const file = path.join(fixtures, dir, truth.file);
      const src = await readSource(new Uint8Array(readFileSync(file)), file);
      out.push({ name: truth.file, truth, parsed: parseReport(src.text, { sourceKind: src.kind }) });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const {
    values: { kinds: kindList, office },
    positionals: [outDir],
  } = parseCommandLine({
    name: 'variants',
    usage: 'npx tsx scripts/variants.ts OUT_DIR [--kinds a,b] [--office]',
    flags: { kinds: { type: 'string' }, office: { type: 'boolean' } },
    positionals: { min: 1, max: 1, name: 'OUT_DIR' },
  });
  const isKind = (k: string): k is (typeof TEXT_KINDS)[number] => (TEXT_KINDS as readonly string[]).includes(k);
  const asked = kindList === undefined ? [...TEXT_KINDS] : kindList.split(',');
  // A misspelt kind would silently write fewer variants than asked for.
  const unknown = asked.find((k) => !isKind(k));
  if (unknown !== undefined) usageError('variants', `--kinds: unknown kind ${JSON.stringify(unknown)} (kinds: ${TEXT_KINDS.join(', ')})`);
  const kinds = asked.filter(isKind);
  const variants: Variant[] = [];
  for (const fx of await loadFixtures()) variants.push(...variantsOf(fx, office && !kinds.includes('html') ? [...kinds, 'html'] : kinds));
  if (office) {
    const made = officeVariants(variants.filter((v) => v.kind === 'html'));
    if (!made) throw new Error('soffice not found: install Debian libreoffice-writer-nogui');
    variants.push(...made);
  }
  for (const v of variants) {
    const kdir = path.join(outDir, v.kind);
    mkdirSync(kdir, { recursive: true });
    writeFileSync(path.join(kdir, v.file), v.kind === 'docx' || v.kind === 'pdf' ? Buffer.from(v.content, 'base64') : v.content);
    writeFileSync(path.join(kdir, v.file.replace(/\.[^.]+$/, '.truth.json')), JSON.stringify(v.truth, null, 1));
  }
  process.stderr.write(`${variants.length} variants written to ${outDir}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
