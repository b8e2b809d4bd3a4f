/**
 * The shape of a parsed annual report. Every other part of Gongkai (store, dashboard, CLI)
 * consumes this; keep it stable.
 */
import type { FormatVersion } from '../format';

/** Half-open character range into `ParsedReport.text` (the normalized source text). */
export interface Span {
  start: number;
  end: number;
}

/**
 * How a value came to be:
 * - printed: a number (or a zero marker such as `/`, `-`, `无`) printed in the cell;
 * - blank: the cell is printed but empty (value null; rules count it as 0);
 * - inferred: the cell was lost in extraction and its value follows unambiguously from a rule;
 * - guessed: digits printed glued together were split by plausibility alone (no rule decides):
 *   the value is the likeliest split, `candidates` lists every split considered; needs review;
 * - missing: the cell could not be found or read (value null; rules cannot use it).
 */
export type CellStatus = 'printed' | 'blank' | 'inferred' | 'guessed' | 'missing';

/** Every cell status, in the order the user is shown them. */
export const CELL_STATUSES: readonly CellStatus[] = ['printed', 'blank', 'inferred', 'guessed', 'missing'];

export interface Cell extends Partial<Span> {
  key: string;
  value: number | null;
  status: CellStatus;
  /** The text the value was read from, as it stands in `text` (absent for missing cells). */
  raw?: string;
  /** How the value was obtained when it was not a plain cell (e.g. "split of glued digits by row total"). */
  note?: string;
  /** For a `guessed` cell: every split of its row that was considered, best first (each the row's values). */
  candidates?: number[][];
}

export type CheckStatus = 'pass' | 'fail' | 'not_assessable';

export interface CheckResult {
  /** Rule id from the format, e.g. `t3.balance.natural_person`. */
  id: string;
  /** Human label of the rule (Chinese). */
  label: string;
  status: CheckStatus;
  /** Sum of the left-hand side (the printed total, usually) and of the right-hand side. */
  expected: number | null;
  actual: number | null;
  lhs: string[];
  rhs: string[];
  /** A plain-language explanation of a failure, naming table, row and column (Chinese). */
  message?: string;
}

export type AdminLevel = 'province' | 'city' | 'county' | 'township' | 'department';

export interface ReportMeta {
  /** Full agency name, e.g. 罗庄区人民政府, 彰武县彰武镇人民政府, 建瓯市人民政府办公室. */
  agency: string | null;
  /**
   * The agency's name as printed when it is stored under another form: a short form or a name
   * relative to the writer's region (市科委, 淮安市住建局) → `agency` 北京市科学技术委员会,
   * 淮安市住房和城乡建设局. Absent or null when `agency` is the printed name.
   */
  agency_printed?: string | null;
  level: AdminLevel | null;
  /** government (人民政府 / 管委会), office (办公室/办公厅), department (局, 委, …). */
  kind: 'government' | 'office' | 'department' | null;
  /** GB/T 2260 six-digit code of the region (county level or above). */
  region_code: string | null;
  /** Full region path, e.g. 辽宁省阜新市彰武县彰武镇. */
  region: string | null;
  /** Nine-digit township code when the agency is a township or street office. */
  town_code: string | null;
  /** The year reported on (not the year of publication). */
  year: number | null;
  /** Publication date, ISO `YYYY-MM-DD`, when the text gives one. */
  published: string | null;
  title: string | null;
  /** region: the report covers the whole region (全市…); agency: only the agency itself. */
  scope: 'agency' | 'region' | null;
}

export interface Section extends Span {
  /** 1 … 6: 总体情况, 主动公开, 申请, 复议诉讼, 问题改进, 其他事项. */
  index: number;
  title: string;
}

export interface Warning {
  /** Stable machine code, e.g. `inferred_cell`, `garbled_label`, `missing_row`. */
  code: string;
  /** Plain-language message (Chinese). */
  message: string;
  key?: string;
  span?: Span;
}

export interface ParsedReport {
  format: FormatVersion;
  /** The normalized source text all offsets point into. */
  text: string;
  meta: ReportMeta;
  /** Every key of the format, in template order. */
  values: Record<string, number | null>;
  cells: Record<string, Cell>;
  sections: Section[];
  checks: CheckResult[];
  warnings: Warning[];
}

/** A report that cannot be parsed: `reason` is a one-line Chinese/English explanation. */
export class ReportError extends Error {
  constructor(
    public readonly reason: string,
    public readonly code: 'empty' | 'binary' | 'too_large' | 'not_a_report' | 'truncated' | 'unsupported' | 'unreadable',
  ) {
    super(reason);
    this.name = 'ReportError';
  }
}
