/**
 * Corrections: what a reviewer put right, as new records beside the parse. The printed value and
 * the source text are never changed; a correction says who, when, which cell (or rule), the value
 * as parsed, the value entered and why. The dashboard reads the reviewed value where a correction
 * is in force and marks it 已人工核对.
 *
 * Kinds:
 * - `entered`: a value typed from the source for a cell the parser could not read (missing) or read
 *   as blank where the source has a figure;
 * - `confirmed`: an inferred or guessed (or re-read printed) value confirmed against the source (entered = parsed);
 * - `replaced`: an inferred, guessed or printed value replaced by what the source says;
 * - `source_inconsistent`: a failed check marked as an inconsistency of the source itself (the
 *   figures are as printed; the report does not add up), with a note.
 *
 * Pure: the store keeps the records; the re-application rule after a re-parse lives here.
 */
import type { FormatDef, ValueType } from '../format';

export type CorrectionKind = 'entered' | 'confirmed' | 'replaced' | 'source_inconsistent';
export const CORRECTION_KINDS: readonly CorrectionKind[] = ['entered', 'confirmed', 'replaced', 'source_inconsistent'];

/** `applied`: in force. `stale`: the source reading changed under it; back in the queue with both values. */
export type CorrectionState = 'applied' | 'stale';

/** Cell statuses that need a person: the parser could not read the cell, or chose its value by rule or plausibility. */
export const DOUBTFUL_STATUSES: ReadonlySet<string> = new Set(['missing', 'inferred', 'guessed']);

export const REVIEWED_MARK = '已人工核对';

/** The parse of one cell, as stored (report_values). */
export interface CellReading {
  value: number | null;
  status: string;
  raw: string | null;
  start: number | null;
  end: number | null;
}

/** The result of one rule, as stored (report_checks). */
export interface CheckReading {
  status: string;
  expected: number | null;
  actual: number | null;
}

export interface CorrectionInput {
  kind: CorrectionKind;
  /** A value key (`t3.granted.total`) for cell kinds, a rule id for `source_inconsistent`. */
  target: string;
  /** The reviewer's value, as typed (cell kinds other than `confirmed`). */
  entered?: string | number | null;
  /** Why; required where a value is replaced or a check is marked. */
  reason?: string;
}

/** A correction record as the store keeps it. */
export interface Correction {
  kind: CorrectionKind;
  target: string;
  /** The value as parsed when the correction was made (cells), or the check's expected figure. */
  parsedValue: number | null;
  parsedStatus: string;
  /** The value in force once applied (cells); null for `source_inconsistent`. */
  enteredValue: number | null;
  /**
   * The source reading the correction was made against: the cell's raw text and offsets (null for
   * a missing cell), or for a check the printed sums `expected|actual`.
   */
  sourceRaw: string | null;
  sourceStart: number | null;
  sourceEnd: number | null;
  reason: string;
}

export class CorrectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorrectionError';
  }
}

const MAX_VALUE = 1e12;

/**
 * The reviewer's typed value as a number for a key of this type: digits with optional thousands
 * separators or spaces; full-width digits; a count must be a whole number ≥ 0.
 */
export function parseEnteredValue(input: string | number, type: ValueType): number {
  const s = String(input)
    .normalize('NFKC')
    .replace(/[,，\s]/g, '')
    .trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new CorrectionError(`“${String(input).trim()}”不是数字`);
  const n = Number(s);
  if (!Number.isFinite(n) || Math.abs(n) > MAX_VALUE) throw new CorrectionError(`数值“${s}”超出范围`);
  if ((type === 'count' || type === 'signed') && !Number.isInteger(n)) throw new CorrectionError(`“${s}”应为整数`);
  if (type === 'count' && n < 0) throw new CorrectionError(`“${s}”不能为负数`);
  return n;
}

const DEFAULT_REASON: Partial<Record<CorrectionKind, string>> = {
  entered: '按原文录入',
  confirmed: '与原文核对无误',
};

/**
 * Builds the record for a correction of `cell` (or of `check` for `source_inconsistent`), or
 * throws a CorrectionError with a one-line Chinese message when the correction does not fit the
 * cell: typing a value where the parser read one, confirming a printed value, a replacement
 * without a reason.
 */
export function makeCorrection(format: FormatDef, input: CorrectionInput, reading: { cell?: CellReading; check?: CheckReading }): Correction {
  const reason = (input.reason ?? '').trim() || DEFAULT_REASON[input.kind] || '';
  if (reason.length > 500) throw new CorrectionError('说明不能超过 500 字');
  if (input.kind === 'source_inconsistent') {
    const check = reading.check;
    if (!format.rules.some((r) => r.id === input.target)) throw new CorrectionError(`没有校验规则“${input.target}”`);
    if (!check || check.status !== 'fail') throw new CorrectionError('只有未通过的校验可以标为“原文不一致”');
    if (!reason) throw new CorrectionError('标为“原文不一致”时请写明说明');
    return {
      kind: 'source_inconsistent',
      target: input.target,
      parsedValue: check.expected,
      parsedStatus: 'fail',
      enteredValue: null,
      sourceRaw: checkSignature(check),
      sourceStart: null,
      sourceEnd: null,
      reason,
    };
  }
  const key = format.keyIndex.get(input.target);
  if (!key) throw new CorrectionError(`没有单元格“${input.target}”`);
  const cell = reading.cell ?? { value: null, status: 'missing', raw: null, start: null, end: null };
  let entered: number;
  switch (input.kind) {
    case 'entered':
      if (cell.status !== 'missing' && cell.status !== 'blank') throw new CorrectionError('该单元格已读出数值，请用“确认”或“改为”');
      break;
    case 'confirmed':
      // Inferred or guessed values above all; a printed one too (a re-parse put a correction of it
      // back in the queue and the reviewer finds the new reading right).
      if (cell.value == null || cell.status === 'missing' || cell.status === 'blank')
        throw new CorrectionError('该单元格没有可确认的数值，请用“录入”');
      break;
    case 'replaced':
      if (cell.status === 'missing') throw new CorrectionError('未能读取的单元格请用“录入”');
      if (!(input.reason ?? '').trim()) throw new CorrectionError('改动已读出的数值时请写明理由');
      break;
    default:
      throw new CorrectionError(`未知的更正类型“${String(input.kind)}”`);
  }
  if (input.kind === 'confirmed') entered = cell.value!;
  else {
    if (input.entered == null || input.entered === '') throw new CorrectionError('请填写数值');
    entered = parseEnteredValue(input.entered, key.type);
    if (input.kind === 'replaced' && entered === cell.value) throw new CorrectionError('新数值与原数值相同；如无误请用“确认”');
  }
  return {
    kind: input.kind,
    target: input.target,
    parsedValue: cell.value,
    parsedStatus: cell.status,
    enteredValue: entered,
    sourceRaw: cell.raw,
    sourceStart: cell.start,
    sourceEnd: cell.end,
    reason,
  };
}

function checkSignature(c: CheckReading): string {
  return `${c.expected ?? ''}|${c.actual ?? ''}`;
}

/**
 * The re-application rule after a re-parse (or a re-import of the same content): a cell
 * correction stays in force when the cell's source reading is unchanged — same offsets, and the
 * text at those offsets is still the raw text it was made against (a missing cell: still missing)
 * — or when the parser now prints exactly the value the reviewer entered. Otherwise the parser
 * reads the source differently now, and the correction goes back to the queue with both values.
 * A "source inconsistent" mark stays while the check fails with the same figures.
 */
export function reapply(
  c: Pick<Correction, 'kind' | 'sourceRaw' | 'sourceStart' | 'sourceEnd' | 'enteredValue'>,
  now: { text: string; cell?: CellReading; check?: CheckReading },
): CorrectionState {
  if (c.kind === 'source_inconsistent') {
    return now.check && now.check.status === 'fail' && checkSignature(now.check) === c.sourceRaw ? 'applied' : 'stale';
  }
  const cell = now.cell ?? { value: null, status: 'missing', raw: null, start: null, end: null };
  if (cell.status === 'printed' && cell.value === c.enteredValue) return 'applied';
  if (c.sourceStart == null || c.sourceEnd == null) {
    return cell.status === 'missing' && cell.start == null ? 'applied' : 'stale';
  }
  const sameOffsets = cell.start === c.sourceStart && cell.end === c.sourceEnd;
  const sameText = now.text.slice(c.sourceStart, c.sourceEnd) === c.sourceRaw && cell.raw === c.sourceRaw;
  return sameOffsets && sameText ? 'applied' : 'stale';
}

/** A value with its provenance, as charts, tables and exports show it. */
export interface EffectiveValue {
  value: number | null;
  status: string;
  /** The correction in force, if any (its kind); the value is then the reviewed one. */
  reviewed: CorrectionKind | null;
}

/**
 * The values the dashboard uses: the parse, with every applied cell correction's entered value
 * in its place. Stale corrections do not count (they are back in the queue).
 */
export function effectiveValues(
  values: Record<string, CellReading>,
  corrections: Iterable<Pick<Correction, 'kind' | 'target' | 'enteredValue'> & { state: CorrectionState }>,
): Record<string, EffectiveValue> {
  const out: Record<string, EffectiveValue> = {};
  for (const [k, v] of Object.entries(values)) out[k] = { value: v.value, status: v.status, reviewed: null };
  // Later corrections of the same cell supersede earlier ones: callers pass them oldest first.
  for (const c of corrections) {
    if (c.kind === 'source_inconsistent' || c.state !== 'applied') continue;
    const prev = out[c.target];
    out[c.target] = { value: c.enteredValue, status: prev?.status ?? 'missing', reviewed: c.kind };
  }
  return out;
}

/** Only the latest correction of each cell or rule counts; older ones stay as history. */
export function latestPerTarget<T extends { target: string }>(rows: T[]): T[] {
  const m = new Map<string, T>();
  for (const r of rows) m.set(r.target, r);
  return [...m.values()];
}
