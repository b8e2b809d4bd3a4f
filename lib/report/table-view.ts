/**
 * A report's three tables as plain data for the browser: the layout of each format (表二 sections,
 * 表三 with its three-level row header and 申请人情况 column header, 表四 as one row of 15 cells),
 * derived from the format once, and the display of each value cell (what it shows, its status,
 * its tooltip). The table component (components/report/ReportTables) only draws them.
 *
 * Why data and not server-rendered elements: the tables are ~900 elements, the same for every
 * report of a format. Rendered by React on the server per request they were a large part of the
 * report page's bytes and CPU and travelled twice (HTML and React payload). Now the browser
 * builds the layout from the format's labels (lib/format/tables: no server round trip, the same
 * for every report) and a page sends only its ~200 cells, in the layout's order.
 */
import { FORMAT_TABLES, type FormatVersion } from '@/lib/format/tables';
import { formatCount } from '@/lib/charts/spec';

/** A header cell (th) or a value cell (td, by key). */
export type LayoutCell =
  | { head: string; className: string; colSpan?: number; rowSpan?: number; scope?: 'row' }
  | { key: string; /** position in the page's list of cells (layoutKeys) */ index: number; colSpan?: number };

export interface TableLayout {
  title: string;
  /** Width class of the table (wide tables scroll sideways on small screens). */
  className: string;
  head: LayoutCell[][];
  body: LayoutCell[][];
}

// Header cells: short class names styled in globals.css (.rt-h, .rt-r): they repeat on every header.
const th = 'rt-h';
const rowTh = 'rt-r';

function buildLayout(version: FormatVersion): { tables: TableLayout[]; keys: string[] } {
  const f = FORMAT_TABLES[version];
  const span = (n: number | undefined) => (n && n > 1 ? n : undefined);

  // 表二: per section, a full-width section row, a header row, then its rows.
  const maxCols = Math.max(...f.t2.rows.map((r) => r.columns.length));
  const t2: LayoutCell[][] = [];
  for (const s of new Set(f.t2.rows.map((r) => r.section))) {
    const rows = f.t2.rows.filter((r) => r.section === s);
    const cols = rows[0].columns;
    t2.push([{ head: s, className: `${th} text-left`, colSpan: maxCols + 1 }]);
    t2.push([
      { head: '信息内容', className: th },
      ...cols.map((c, i) => ({ head: c.label, className: th, colSpan: span(i === cols.length - 1 ? maxCols - cols.length + 1 : 1) })),
    ]);
    for (const r of rows) {
      t2.push([
        { head: r.label, className: rowTh, scope: 'row' },
        ...r.columns.map((c, i) => ({
          key: `t2.${r.key}.${c.key}`,
          index: -1,
          colSpan: span(i === r.columns.length - 1 ? maxCols - r.columns.length + 1 : 1),
        })),
      ]);
    }
  }

  // 表三: row headers in up to three levels (group, subgroup, row).
  const t3 = f.t3;
  const applicantCols = t3.columns;
  const orgCols = applicantCols.filter((c) => c.parent);
  const t3Head: LayoutCell[][] = [
    [
      {
        head: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
        className: `${th} w-[16rem] text-[11px] font-normal text-slate-500`,
        rowSpan: 3,
        colSpan: 3,
      },
      { head: '申请人情况', className: th, colSpan: applicantCols.length },
    ],
    applicantCols
      .filter((c) => !c.parent)
      .flatMap((c, i): LayoutCell[] => [
        ...(i === 1 ? [{ head: orgCols[0]?.parent ?? '', className: th, colSpan: span(orgCols.length) }] : []),
        { head: c.label, className: th, rowSpan: 2 },
      ]),
    orgCols.map((c) => ({ head: c.label, className: th })),
  ];
  const t3Body = t3.rows.map((r, i): LayoutCell[] => {
    const prev = t3.rows[i - 1];
    const [g, sg] = r.groups;
    const heads: LayoutCell[] = [];
    if (g && prev?.groups[0] !== g) {
      heads.push({
        head: g,
        className: `${rowTh} w-8 text-center [writing-mode:vertical-rl]`,
        rowSpan: span(t3.rows.filter((x) => x.groups[0] === g).length),
      });
    }
    if (sg && prev?.groups[1] !== sg) {
      heads.push({ head: sg, className: `${rowTh} w-20`, rowSpan: span(t3.rows.filter((x) => x.groups[1] === sg).length) });
    }
    heads.push({ head: r.label, className: rowTh, scope: 'row', colSpan: span(g ? (sg ? 1 : 2) : 3) });
    return [...heads, ...applicantCols.map((c) => ({ key: `t3.${r.key}.${c.key}`, index: -1 }))];
  });

  // 表四: groups (some under a parent group) × results, one row of values.
  const t4 = f.t4;
  const n = t4.columns.length;
  const own = t4.groups.filter((g) => !g.parent);
  const nested = t4.groups.filter((g) => g.parent);
  const parents = [...new Set(nested.map((g) => g.parent!))];
  const t4Head: LayoutCell[][] = [
    [
      ...own.map((g) => ({ head: g.label, className: th, colSpan: span(n) })),
      ...parents.map((p) => ({ head: p, className: th, colSpan: span(n * nested.filter((g) => g.parent === p).length) })),
    ],
    [
      ...own.flatMap((_g) => t4.columns.map((c) => ({ head: c.label, className: th, rowSpan: 2 }))),
      ...nested.map((g) => ({ head: g.label, className: th, colSpan: span(n) })),
    ],
    nested.flatMap((_g) => t4.columns.map((c) => ({ head: c.label, className: th }))),
  ];
  const t4Body = [t4.groups.flatMap((g) => t4.columns.map((c) => ({ key: `t4.${g.key}.${c.key}`, index: -1 })))];

  const tables = [
    { title: f.t2.title, className: 'min-w-[34rem]', head: [], body: t2 },
    { title: t3.title, className: 'min-w-[40rem]', head: t3Head, body: t3Body },
    { title: t4.title, className: 'min-w-[44rem]', head: t4Head, body: t4Body },
  ];
  const keys: string[] = [];
  for (const t of tables) for (const row of [...t.head, ...t.body]) for (const c of row) if ('key' in c) c.index = keys.push(c.key) - 1;
  return { tables, keys };
}

const layouts = new Map<FormatVersion, { tables: TableLayout[]; keys: string[] }>();

function layoutOf(version: FormatVersion) {
  let l = layouts.get(version);
  if (!l) layouts.set(version, (l = buildLayout(version)));
  return l;
}

/** The tables of a format, built once per format (the same object for every report). */
export function tableLayout(version: FormatVersion): TableLayout[] {
  return layoutOf(version).tables;
}

/** Every value key of a format's tables, in layout order: the order of a page's cells. */
export function layoutKeys(version: FormatVersion): readonly string[] {
  return layoutOf(version).keys;
}

export interface CellValue {
  key: string;
  value: number | null;
  status: string;
  raw: string | null;
  start: number | null;
  end: number | null;
  note: string | null;
  /** A reviewer's correction in force: the value shown is `reviewed.value`, marked 已人工核对. */
  reviewed?: { kind: string; value: number | null; by: string; at: string } | null;
}

/** The same body's previous year for one key (the body page). */
export interface CellChange {
  previous: number | null;
  change: number | null;
}

/** What one value cell shows; only the fields it has (each travels to the browser). */
export interface CellView {
  /** The number shown, or 空 (blank) or ? (missing). */
  text: string;
  /** Cell status when not `printed` (styled by CSS on data-status). */
  status?: string;
  /** 核 (a correction in force), 推 (inferred) or 疑 (guessed). */
  sup?: string;
  reviewed?: true;
  failing?: true;
  /** The cell has a place in the source text (click ↔ source). */
  src?: true;
  title?: string;
  /** The previous year (body page): null when that year has no such value. */
  change?: { previous: string; shown: string; delta: string; tone: 'up' | 'down' | 'flat' } | null;
}

const STATUS_TITLE: Record<string, string> = {
  blank: '原文空白（校验按 0 计）',
  inferred: '原文缺失，按表内关系推算',
  guessed: '粘连数字按合理性拆分（推测），请核对原文',
  missing: '未能读取',
};

function changeView(c: CellChange): NonNullable<CellView['change']> {
  return {
    previous: c.previous == null ? '' : String(c.previous),
    shown: formatCount(c.previous),
    delta: c.change === null ? '' : c.change > 0 ? `+${formatCount(c.change)}` : c.change === 0 ? '±0' : formatCount(c.change),
    tone: c.change === null || c.change === 0 ? 'flat' : c.change > 0 ? 'up' : 'down',
  };
}

/** One cell's display: a correction in force shows the reviewed value, marked 核 (已人工核对). */
export function cellView(_key: string, v: CellValue | undefined, failing: boolean, change?: CellChange | null): CellView {
  const status = v?.status ?? 'missing';
  const rv = v?.reviewed;
  const title = [
    rv ? `已人工核对（${rv.by}，${rv.at.slice(0, 10)}）：解析值 ${formatCount(v?.value)}，核对值 ${formatCount(rv.value)}` : '',
    STATUS_TITLE[status] ?? '',
    v?.raw != null && v.raw !== '' && v.raw !== String(v.value) ? `原文“${v.raw}”` : '',
    v?.note ?? '',
    failing ? '参与未通过的校验' : '',
  ]
    .filter(Boolean)
    .join('；');
  const out: CellView = { text: rv ? formatCount(rv.value) : status === 'missing' ? '?' : status === 'blank' ? '空' : formatCount(v?.value) };
  if (status !== 'printed') out.status = status;
  const sup = rv ? '核' : status === 'inferred' ? '推' : status === 'guessed' ? '疑' : '';
  if (sup) out.sup = sup;
  if (rv) out.reviewed = true;
  if (failing) out.failing = true;
  if (v?.start != null && v?.end != null) out.src = true;
  if (title) out.title = title;
  if (change !== undefined) out.change = change ? changeView(change) : null;
  return out;
}

/**
 * Every value cell of a format's tables, in layout order (layoutKeys). `compare` (the body page)
 * adds the previous year under each value.
 */
export function tableCells(
  version: FormatVersion,
  values: Map<string, CellValue>,
  failing: Set<string>,
  compare?: Map<string, CellChange>,
): CellView[] {
  return layoutKeys(version).map((key) => cellView(key, values.get(key), failing.has(key), compare ? (compare.get(key) ?? null) : undefined));
}
