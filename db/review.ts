/**
 * The review state in the store: corrections written (append-only), re-applied after a re-parse,
 * and the values in force carried into report_metrics, so every aggregate uses the reviewed value.
 * Written once for SQLite and PostgreSQL: the write steps are generators run inside the caller's
 * transaction (db/client.ts); each correction is one transaction with its audit entry.
 */
import { afterWrite } from './derived';
import { sql } from 'drizzle-orm';
import { FORMATS, type FormatVersion } from '../lib/format';
import { METRIC_COLUMNS, reportMetrics } from '../lib/metrics';
import { effectiveValues, latestPerTarget, makeCorrection, reapply, type CellReading, type CorrectionInput } from '../lib/review/corrections';
import { countDoubts, doubtsOf, type ReviewInput } from '../lib/review/queue';
import type { ParsedReport } from '../lib/report/types';
import type { Db, Step, Tx } from './client';
import { col } from './rows';
import { CELL, CELL_COLUMNS, CORRECTION, CORRECTION_COLUMNS, type StoredCorrectionRow } from './records';

// Moved below both sides (records, the read queries, the pure domain); re-exported for the old import paths.
export { listCorrections, reviewedKeys } from './queries/corrections';
export { latestPerTarget } from '../lib/review/corrections';
export type { StoredCorrectionRow } from './records';

interface Loaded {
  format: FormatVersion;
  text: string;
  input: ReviewInput;
  latest: StoredCorrectionRow[];
}

function* load(tx: Tx, reportId: number): Generator<Step, Loaded | null, unknown> {
  const report = yield* tx.one(sql`select format, text, agency_id as "agencyId", region_code as "regionCode", year from reports where id = ${reportId}`, {
    format: col.oneOf(['2021', '2019'] as const),
    text: col.text,
    agencyId: col.numberOrNull,
    regionCode: col.textOrNull,
    year: col.numberOrNull,
  });
  if (!report) return null;
  const values: Record<string, CellReading> = {};
  const rows = yield* tx.all(sql`select ${sql.raw(CELL_COLUMNS)} from report_values where report_id = ${reportId}`, CELL);
  for (const v of rows) values[v.key] = { value: v.value, status: v.status, raw: v.raw, start: v.start, end: v.end };
  const checks = yield* tx.all(sql`select rule_id as "ruleId", status, expected, actual from report_checks where report_id = ${reportId}`, {
    ruleId: col.text,
    status: col.text,
    expected: col.numberOrNull,
    actual: col.numberOrNull,
  });
  const latest = latestPerTarget(yield* tx.all(sql`select ${CORRECTION_COLUMNS} from corrections where report_id = ${reportId} order by id`, CORRECTION));
  return {
    format: report.format,
    text: report.text,
    latest,
    input: { values, checks, meta: { agency: report.agencyId == null ? null : 'known', regionCode: report.regionCode, year: report.year }, corrections: latest },
  };
}

/**
 * Recomputes a stored report's review counts and its report_metrics row from the values in force
 * (the parse with applied corrections; a corrected value counts as complete, status 'reviewed').
 * Runs inside the caller's transaction; the caller then refreshes the derived tables (afterWrite).
 */
export function* refreshReviewState(tx: Tx, reportId: number, loaded?: Loaded | null) {
  const l = loaded ?? (yield* load(tx, reportId));
  if (!l) return;
  const n = countDoubts(doubtsOf(FORMATS[l.format], l.input));
  const eff = effectiveValues(l.input.values, l.latest);
  const reviewed = Object.values(eff).filter((v) => v.reviewed).length;
  yield* tx.run(
    sql`update reports set reviewed_cells = ${reviewed}, doubtful_cells = ${n.cell}, open_checks = ${n.check}, open_meta = ${n.meta},
      stale_corrections = ${n.stale} where id = ${reportId}`,
  );
  // A value in force from a correction is trusted ('reviewed'): it counts as complete in the aggregates.
  const m = reportMetrics(l.format, Object.fromEntries(Object.entries(eff).map(([k, v]) => [k, { value: v.value, status: v.reviewed ? 'reviewed' : v.status }])));
  yield* tx.run(
    sql`update report_metrics set ${sql.join(METRIC_COLUMNS.map((k) => sql`${sql.raw(k)} = ${m[k]}`), sql`, `)},
      reviewed_cells = ${reviewed}, doubtful_cells = ${n.cell} where report_id = ${reportId}`,
  );
}

/** The review counts of a freshly parsed report (no corrections yet), for its insert. */
export function initialReviewCounts(r: ParsedReport): { doubtful: number; openChecks: number; openMeta: number } {
  const n = countDoubts(
    doubtsOf(FORMATS[r.format], {
      // doubtsOf reads only value and status of a cell (the parse's cells as they are, no copy).
      values: r.cells as unknown as Record<string, CellReading>,
      checks: r.checks.map((ch) => ({ ruleId: ch.id, status: ch.status, expected: ch.expected, actual: ch.actual })),
      meta: { agency: r.meta.agency, regionCode: r.meta.region_code, year: r.meta.year },
      corrections: [],
    }),
  );
  return { doubtful: n.cell, openChecks: n.check, openMeta: n.meta };
}

/**
 * After a re-parse of a stored report: each cell or rule's latest correction is re-applied or put
 * back in the queue (lib/review/corrections.ts `reapply`), then the review state is recomputed.
 * Runs inside the re-parse's transaction.
 */
export function* reapplyCorrections(tx: Tx, reportId: number) {
  const l = yield* load(tx, reportId);
  if (!l) return { applied: 0, stale: 0 };
  const checks = new Map(l.input.checks.map((ch) => [ch.ruleId, ch]));
  let applied = 0;
  let stale = 0;
  for (const c of l.latest) {
    const state = reapply(c, { text: l.text, cell: l.input.values[c.target], check: checks.get(c.target) });
    if (state !== c.state) {
      yield* tx.run(sql`update corrections set state = ${state} where id = ${c.id}`);
      c.state = state;
    }
    if (state === 'applied') applied++;
    else stale++;
  }
  yield* refreshReviewState(tx, reportId, l);
  return { applied, stale };
}

export interface Who {
  userId: string;
  userName: string;
}

/**
 * Records a correction of a stored report (validated against the stored parse by
 * `makeCorrection`, which throws a CorrectionError with a Chinese message when it does not fit),
 * its audit entry and the new review state — one transaction.
 */
export async function recordCorrection(db: Db, who: Who, reportId: number, input: CorrectionInput): Promise<StoredCorrectionRow> {
  const stored = await db.write(function* (tx) {
    const l = yield* load(tx, reportId);
    if (!l) throw new Error(`报告 ${reportId} 不存在`);
    const check = l.input.checks.find((ch) => ch.ruleId === input.target);
    const rec = makeCorrection(FORMATS[l.format], input, { cell: l.input.values[input.target], check });
    const at = new Date().toISOString();
    const row = yield* tx.one(
      sql`insert into corrections (report_id, target, kind, parsed_value, parsed_status, entered_value, source_raw, source_start, source_end, reason, user_id, user_name, created_at, state)
        values (${reportId}, ${rec.target}, ${rec.kind}, ${rec.parsedValue}, ${rec.parsedStatus}, ${rec.enteredValue}, ${rec.sourceRaw}, ${rec.sourceStart}, ${rec.sourceEnd},
          ${rec.reason}, ${who.userId}, ${who.userName}, ${at}, 'applied') returning id`,
      { id: col.number },
    );
    const detail = JSON.stringify({ kind: rec.kind, parsed: rec.parsedValue, parsedStatus: rec.parsedStatus, entered: rec.enteredValue, reason: rec.reason });
    yield* tx.run(
      sql`insert into audit_log (at, user_id, user_name, action, report_id, target, detail) values (${at}, ${who.userId}, ${who.userName}, 'correction', ${reportId}, ${rec.target}, ${detail})`,
    );
    yield* refreshReviewState(tx, reportId);
    return { ...rec, id: row!.id, reportId, userId: who.userId, userName: who.userName, createdAt: at, state: 'applied' as const };
  });
  // The report's figures in force changed: the region × year roll-ups and its body's cross-year findings follow.
  await afterWrite(db, { corrected: [reportId] });
  return stored;
}
