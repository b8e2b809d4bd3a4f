/**
 * What in a report still needs a person: cells the parser could not read or only inferred or
 * guessed, failed checks, metadata it could not settle, and corrections a re-parse put back.
 * Pure: the review queue counts these per report; the review view lists them.
 */
import type { FormatDef } from '../format';
import { runChecks } from '../report/checks';
import type { Cell, CellStatus, CheckResult } from '../report/types';
import { DOUBTFUL_STATUSES, effectiveValues, type CellReading, type Correction, type CorrectionState } from './corrections';

export type Doubt =
  | { kind: 'cell'; key: string; status: string; value: number | null }
  | { kind: 'check'; ruleId: string; expected: number | null; actual: number | null; keys: string[] }
  | { kind: 'meta'; field: 'agency' | 'region' | 'year' }
  | { kind: 'stale'; target: string; parsedValue: number | null; enteredValue: number | null; nowValue: number | null; nowStatus: string | null };

export type StoredCorrection = Pick<Correction, 'kind' | 'target' | 'enteredValue' | 'parsedValue'> & { state: CorrectionState };

export interface ReviewInput {
  values: Record<string, CellReading>;
  checks: { ruleId: string; status: string; expected: number | null; actual: number | null }[];
  meta: { agency: string | null; regionCode: string | null; year: number | null };
  /** Oldest first. */
  corrections: StoredCorrection[];
}

/** The checks on the values in force (parsed, with applied corrections), so an entered value can settle a rule. */
export function reviewedChecks(format: FormatDef, values: Record<string, CellReading>, corrections: StoredCorrection[]): CheckResult[] {
  const eff = effectiveValues(values, corrections);
  const cells: Record<string, Cell> = {};
  for (const [key, v] of Object.entries(eff)) {
    // A reviewed value is a read value; the rules count it like a printed one.
    const status = (v.reviewed ? 'printed' : v.status === 'guessed' ? 'inferred' : v.status) as CellStatus;
    cells[key] = { key, value: v.value, status };
  }
  return runChecks(format, cells);
}

export function doubtsOf(format: FormatDef, r: ReviewInput): Doubt[] {
  const out: Doubt[] = [];
  const latest = new Map<string, StoredCorrection>();
  for (const c of r.corrections) latest.set(c.target, c);
  for (const c of latest.values()) {
    if (c.state !== 'stale') continue;
    const now = r.values[c.target];
    out.push({
      kind: 'stale',
      target: c.target,
      parsedValue: c.parsedValue,
      enteredValue: c.enteredValue,
      nowValue: now?.value ?? null,
      nowStatus: now?.status ?? null,
    });
  }
  for (const k of format.keys) {
    const v = r.values[k.key];
    const status = v?.status ?? 'missing';
    if (!DOUBTFUL_STATUSES.has(status)) continue;
    const c = latest.get(k.key);
    if (c && c.kind !== 'source_inconsistent') continue; // reviewed (applied) or already listed as stale
    out.push({ kind: 'cell', key: k.key, status, value: v?.value ?? null });
  }
  const rules = rulesById(format);
  // Without corrections the values in force are the parse: its checks stand (and re-running 42 rules per report at import is saved).
  const now = new Map(r.corrections.length ? reviewedChecks(format, r.values, r.corrections).map((c) => [c.id, c]) : []);
  for (const chk of r.checks) {
    if (chk.status !== 'fail') continue;
    const mark = latest.get(chk.ruleId);
    if (mark?.kind === 'source_inconsistent' && mark.state === 'applied') continue;
    if (mark?.state === 'stale') continue;
    if (now.get(chk.ruleId)?.status === 'pass') continue; // settled by reviewed values
    const rule = rules.get(chk.ruleId);
    out.push({ kind: 'check', ruleId: chk.ruleId, expected: chk.expected, actual: chk.actual, keys: rule ? [...rule.lhs, ...rule.rhs] : [] });
  }
  out.push(...metaDoubts(r.meta));
  return out;
}

/** The metadata a report still lacks (agency, region, year): each is a question for a reviewer. */
export function metaDoubts(meta: ReviewInput['meta']): Doubt[] {
  const out: Doubt[] = [];
  if (!meta.agency) out.push({ kind: 'meta', field: 'agency' });
  if (!meta.regionCode) out.push({ kind: 'meta', field: 'region' });
  if (meta.year == null) out.push({ kind: 'meta', field: 'year' });
  return out;
}

const ruleIndexes = new WeakMap<FormatDef, Map<string, FormatDef['rules'][number]>>();
/** A format's rules by id, built once per format (doubtsOf runs for every report imported). */
function rulesById(format: FormatDef): Map<string, FormatDef['rules'][number]> {
  let m = ruleIndexes.get(format);
  if (!m) ruleIndexes.set(format, (m = new Map(format.rules.map((x) => [x.id, x]))));
  return m;
}

/** Counts per kind, for the queue and the overview. */
export function countDoubts(doubts: Doubt[]): Record<Doubt['kind'], number> {
  const n = { cell: 0, check: 0, meta: 0, stale: 0 };
  for (const d of doubts) n[d.kind]++;
  return n;
}
