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
import {
  effectiveValues,
  makeCorrection,
  reapply,
  type CellReading,
  type CorrectionInput,
  type CorrectionKind,
  latestPerTarget,
} from '../lib/review/corrections';
import { countDoubts, doubtsOf, type ReviewInput } from '../lib/review/queue';
import type { ParsedReport } from '../lib/report/types';
import type { Step, Tx } from './client';
import { auditSteps, enforceWrite, nowOf, storedTargetSteps, type ReportWriteContext } from './audit';
import { col } from './rows';
import { CELL, CELL_COLUMNS, CORRECTION, CORRECTION_COLUMNS, type StoredCorrectionRow } from './records';

// Moved below both sides (records, the read queries, the pure domain); re-exported for the old import paths.
export { listCorrections, reviewedKeys } from './queries/corrections';
export type { StoredCorrectionRow } from './records';

interface Loaded {
  format: FormatVersion;
  text: string;
  input: ReviewInput;
  latest: StoredCorrectionRow[];
}

function* load(tx: Tx, reportId: number): Generator<Step, Loaded | null, unknown> {
  const report = yield* tx.one(
    sql`select format, text, agency_id as "agencyId", region_code as "regionCode", year from reports where id = ${reportId}`,
    {
      format: col.oneOf(['2021', '2019'] as const),
      text: col.text,
      agencyId: col.numberOrNull,
      regionCode: col.textOrNull,
      year: col.numberOrNull,
    },
  );
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
  const latest = latestPerTarget(
    yield* tx.all(sql`select ${CORRECTION_COLUMNS} from corrections where report_id = ${reportId} order by id`, CORRECTION),
  );
  return {
    format: report.format,
    text: report.text,
    latest,
    input: {
      values,
      checks,
      meta: { agency: report.agencyId == null ? null : 'known', regionCode: report.regionCode, year: report.year },
      corrections: latest,
    },
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
  const m = reportMetrics(
    l.format,
    Object.fromEntries(Object.entries(eff).map(([k, v]) => [k, { value: v.value, status: v.reviewed ? 'reviewed' : v.status }])),
  );
  yield* tx.run(
    sql`update report_metrics set ${sql.join(
      METRIC_COLUMNS.map((k) => sql`${sql.raw(k)} = ${m[k]}`),
      sql`, `,
    )},
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

/**
 * What the reviewer saw when the page was rendered, for optimistic concurrency: the value in force
 * of the cell (null when blank or unread, and for a check), and the id of the correction in force
 * for the target (null when none).
 */
export interface SeenState {
  value: number | null;
  correctionId?: number | null;
}

/** What is in force for a target now, as a refused (stale) correction reports it. */
export interface InForce {
  value: number | null;
  /** The correction that set it, if any: who, when, how. */
  correction: { id: number; kind: CorrectionKind; userName: string; createdAt: string } | null;
}

/** A correction made against a state that has changed since the page was rendered (HTTP 409). */
export class StaleCorrection extends Error {
  constructor(public readonly current: InForce) {
    const c = current.correction;
    const value = current.value ?? '空';
    super(
      c
        ? `该项已被 ${c.userName} 于 ${c.createdAt.slice(0, 16).replace('T', ' ')} 更正，现行值为 ${value}，请刷新后再核对`
        : `该项现行值已变为 ${value}，请刷新后再核对`,
    );
  }
}

/** The value and correction in force for a target (a value key or a rule id) of a loaded report. */
function inForceOf(l: Loaded, target: string): InForce {
  const latest = l.latest.find((c) => c.target === target);
  const correction =
    latest && latest.state === 'applied' ? { id: latest.id, kind: latest.kind, userName: latest.userName, createdAt: latest.createdAt } : null;
  const cell = effectiveValues(l.input.values, l.latest)[target];
  return { value: cell ? cell.value : null, correction };
}

/**
 * Records a correction of a stored report (validated against the stored parse by
 * `makeCorrection`, which throws a CorrectionError with a Chinese message when it does not fit),
 * its audit entry and the new review state — one transaction. The policy decides on the stored
 * report inside it; with `seen`, a state changed since (another reviewer's correction) is refused
 * with StaleCorrection, compared in the same transaction so two at once cannot both pass.
 */
export async function recordCorrection(
  ctx: ReportWriteContext,
  reportId: number,
  input: CorrectionInput,
  seen?: SeenState,
): Promise<StoredCorrectionRow> {
  const { db, who } = ctx;
  const at = nowOf(ctx).toISOString();
  const stored = await db.write(function* (tx) {
    const l = yield* load(tx, reportId);
    if (!l) throw new Error(`报告 ${reportId} 不存在`);
    enforceWrite(ctx.actor, 'correct', { stored: yield* storedTargetSteps(tx, reportId) });
    const before = inForceOf(l, input.target);
    if (seen && (before.value !== seen.value || (seen.correctionId !== undefined && (before.correction?.id ?? null) !== seen.correctionId)))
      throw new StaleCorrection(before);
    const check = l.input.checks.find((ch) => ch.ruleId === input.target);
    const rec = makeCorrection(FORMATS[l.format], input, { cell: l.input.values[input.target], check });
    const row = yield* tx.one(
      sql`insert into corrections (report_id, target, kind, parsed_value, parsed_status, entered_value, source_raw, source_start, source_end, reason, user_id, user_name, created_at, state)
        values (${reportId}, ${rec.target}, ${rec.kind}, ${rec.parsedValue}, ${rec.parsedStatus}, ${rec.enteredValue}, ${rec.sourceRaw}, ${rec.sourceStart}, ${rec.sourceEnd},
          ${rec.reason}, ${who.userId}, ${who.userName}, ${at}, 'applied') returning id`,
      { id: col.number },
    );
    yield* refreshReviewState(tx, reportId);
    yield* auditSteps(
      tx,
      who,
      {
        action: 'correction',
        reportId,
        target: rec.target,
        detail: {
          kind: rec.kind,
          parsed: rec.parsedValue,
          parsedStatus: rec.parsedStatus,
          entered: rec.enteredValue,
          reason: rec.reason,
          before: { value: before.value, correction: before.correction?.id ?? null },
        },
      },
      new Date(at),
    );
    return { ...rec, id: row!.id, reportId, userId: who.userId, userName: who.userName, createdAt: at, state: 'applied' as const };
  });
  // The report's figures in force changed: the region × year roll-ups and its body's cross-year findings follow.
  await afterWrite(db, { corrected: [reportId] });
  return stored;
}
