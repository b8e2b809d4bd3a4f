/**
 * The review state in the store: corrections written (append-only), re-applied after a re-parse,
 * and the values in force carried into report_metrics so every aggregate uses the reviewed value.
 * Synchronous, in the store's style (better-sqlite3): each write is one transaction with its
 * audit entry.
 */
import { FORMATS, type FormatVersion } from '../lib/format';
import { METRIC_COLUMNS, reportMetrics } from '../lib/metrics';
import { effectiveValues, makeCorrection, reapply, type CellReading, type Correction, type CorrectionInput, type CorrectionState } from '../lib/review/corrections';
import { countDoubts, doubtsOf, type ReviewInput, type StoredCorrection } from '../lib/review/queue';
import type { ParsedReport } from '../lib/report/types';
import type { Db } from './client';

export interface StoredCorrectionRow extends Correction {
  id: number;
  reportId: number;
  userId: string;
  userName: string;
  createdAt: string;
  state: CorrectionState;
}

const CORRECTION_COLUMNS = `id, report_id as reportId, target, kind, parsed_value as parsedValue, parsed_status as parsedStatus, entered_value as enteredValue,
  source_raw as sourceRaw, source_start as sourceStart, source_end as sourceEnd, reason, user_id as userId, user_name as userName, created_at as createdAt, state`;

/** A report's corrections, oldest first. */
export function listCorrections(db: Db, reportId: number): StoredCorrectionRow[] {
  return db.$client.prepare(`select ${CORRECTION_COLUMNS} from corrections where report_id = ? order by id`).all(reportId) as StoredCorrectionRow[];
}

/** Only the latest correction of each cell or rule counts; older ones stay as history. */
export function latestPerTarget<T extends { target: string }>(rows: T[]): T[] {
  const m = new Map<string, T>();
  for (const r of rows) m.set(r.target, r);
  return [...m.values()];
}

interface StoredReport {
  format: FormatVersion;
  text: string;
  agencyId: number | null;
  regionCode: string | null;
  year: number | null;
}

function loadReviewInput(db: Db, reportId: number): { report: StoredReport; input: ReviewInput; latest: StoredCorrectionRow[] } | null {
  const c = db.$client;
  const report = c
    .prepare('select format, text, agency_id as agencyId, region_code as regionCode, year from reports where id = ?')
    .get(reportId) as StoredReport | undefined;
  if (!report) return null;
  const values: Record<string, CellReading> = {};
  for (const v of c.prepare('select key, value, status, raw, start, "end" from report_values where report_id = ?').all(reportId) as (CellReading & { key: string })[]) {
    values[v.key] = { value: v.value, status: v.status, raw: v.raw, start: v.start, end: v.end };
  }
  const checks = c.prepare('select rule_id as ruleId, status, expected, actual from report_checks where report_id = ?').all(reportId) as ReviewInput['checks'];
  const latest = latestPerTarget(listCorrections(db, reportId));
  return {
    report,
    latest,
    input: { values, checks, meta: { agency: report.agencyId == null ? null : 'known', regionCode: report.regionCode, year: report.year }, corrections: latest },
  };
}

/**
 * Recomputes a stored report's review counts and its report_metrics row from the values in force
 * (the parse with applied corrections). Runs inside the caller's transaction.
 */
export function refreshReviewState(db: Db, reportId: number): void {
  const loaded = loadReviewInput(db, reportId);
  if (!loaded) return;
  const f = FORMATS[loaded.report.format];
  const n = countDoubts(doubtsOf(f, loaded.input));
  const eff = effectiveValues(loaded.input.values, loaded.latest);
  const reviewed = Object.values(eff).filter((v) => v.reviewed).length;
  const c = db.$client;
  c.prepare('update reports set reviewed_cells = ?, doubtful_cells = ?, open_checks = ?, open_meta = ?, stale_corrections = ? where id = ?').run(
    reviewed,
    n.cell,
    n.check,
    n.meta,
    n.stale,
    reportId,
  );
  const m = reportMetrics(loaded.report.format, Object.fromEntries(Object.entries(eff).map(([k, v]) => [k, v.value])));
  c.prepare(`update report_metrics set ${METRIC_COLUMNS.map((k) => `${k} = ?`).join(', ')} where report_id = ?`).run(...METRIC_COLUMNS.map((k) => m[k]), reportId);
}

/** The review counts of a freshly parsed report (no corrections yet), for the insert itself. */
export function initialReviewCounts(r: ParsedReport): { doubtful: number; openChecks: number; openMeta: number } {
  const values: Record<string, CellReading> = {};
  for (const [k, cell] of Object.entries(r.cells)) values[k] = { value: cell.value, status: cell.status, raw: null, start: null, end: null };
  const n = countDoubts(
    doubtsOf(FORMATS[r.format], {
      values,
      checks: r.checks.map((ch) => ({ ruleId: ch.id, status: ch.status, expected: ch.expected, actual: ch.actual })),
      meta: { agency: r.meta.agency, regionCode: r.meta.region_code, year: r.meta.year },
      corrections: [],
    }),
  );
  return { doubtful: n.cell, openChecks: n.check, openMeta: n.meta };
}

/**
 * After a re-parse of a stored report (same text, new reading): each cell or rule's latest
 * correction is re-applied or put back in the queue (lib/review/corrections.ts `reapply`), then
 * the review state is recomputed. Returns how many went stale. Runs inside the re-parse's transaction.
 */
export function reapplyCorrections(db: Db, reportId: number): { applied: number; stale: number } {
  const loaded = loadReviewInput(db, reportId);
  if (!loaded || loaded.latest.length === 0) {
    if (loaded) refreshReviewState(db, reportId);
    return { applied: 0, stale: 0 };
  }
  const setState = db.$client.prepare('update corrections set state = ? where id = ?');
  const checks = new Map(loaded.input.checks.map((ch) => [ch.ruleId, ch]));
  let applied = 0;
  let stale = 0;
  for (const c of loaded.latest) {
    const state = reapply(c, { text: loaded.report.text, cell: loaded.input.values[c.target], check: checks.get(c.target) });
    if (state !== c.state) setState.run(state, c.id);
    if (state === 'applied') applied++;
    else stale++;
  }
  refreshReviewState(db, reportId);
  return { applied, stale };
}

export interface Who {
  userId: string;
  userName: string;
}

/**
 * Records a correction of a stored report (validated against the stored parse by
 * `makeCorrection`, which throws a CorrectionError with a Chinese message when it does not fit),
 * its audit entry, and the new review state — one transaction.
 */
export function recordCorrection(db: Db, who: Who, reportId: number, input: CorrectionInput): StoredCorrectionRow {
  const c = db.$client;
  return c.transaction(() => {
    const loaded = loadReviewInput(db, reportId);
    if (!loaded) throw new Error(`报告 ${reportId} 不存在`);
    const f = FORMATS[loaded.report.format];
    const check = loaded.input.checks.find((ch) => ch.ruleId === input.target);
    const rec = makeCorrection(f, input, { cell: loaded.input.values[input.target], check });
    const at = new Date().toISOString();
    const id = Number(
      c
        .prepare(
          `insert into corrections (report_id, target, kind, parsed_value, parsed_status, entered_value, source_raw, source_start, source_end, reason, user_id, user_name, created_at, state)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')`,
        )
        .run(reportId, rec.target, rec.kind, rec.parsedValue, rec.parsedStatus, rec.enteredValue, rec.sourceRaw, rec.sourceStart, rec.sourceEnd, rec.reason, who.userId, who.userName, at)
        .lastInsertRowid,
    );
    c.prepare('insert into audit_log (at, user_id, user_name, action, report_id, target, detail) values (?, ?, ?, ?, ?, ?, ?)').run(
      at,
      who.userId,
      who.userName,
      'correction',
      reportId,
      rec.target,
      JSON.stringify({ kind: rec.kind, parsed: rec.parsedValue, parsedStatus: rec.parsedStatus, entered: rec.enteredValue, reason: rec.reason }),
    );
    refreshReviewState(db, reportId);
    return { ...rec, id, reportId, userId: who.userId, userName: who.userName, createdAt: at, state: 'applied' as const };
  })();
}

/** Value keys of each report whose figure in force comes from an applied correction (for 已人工核对 marks). */
export function reviewedKeys(db: Db, reportIds: number[]): Map<number, Map<string, StoredCorrectionRow>> {
  const out = new Map<number, Map<string, StoredCorrectionRow>>();
  if (reportIds.length === 0) return out;
  const rows = db.$client
    .prepare(`select ${CORRECTION_COLUMNS} from corrections where report_id in (select value from json_each(?)) order by id`)
    .all(JSON.stringify(reportIds)) as StoredCorrectionRow[];
  const byReport = new Map<number, StoredCorrectionRow[]>();
  for (const r of rows) byReport.set(r.reportId, [...(byReport.get(r.reportId) ?? []), r]);
  for (const [id, list] of byReport) {
    const m = new Map<string, StoredCorrectionRow>();
    for (const r of latestPerTarget(list)) if (r.state === 'applied' && r.kind !== 'source_inconsistent') m.set(r.target, r);
    if (m.size) out.set(id, m);
  }
  return out;
}

export type { StoredCorrection };
