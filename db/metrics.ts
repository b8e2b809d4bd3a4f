/**
 * Keeps report_metrics whole: fills the per-report figures of every report that has none, from
 * its stored values and their statuses (lib/metrics reportMetrics). Import writes them with each
 * report; this runs before the server starts (db/ensure.ts) and in `npm run db:refresh` — not
 * when a connection opens — after a migration that changed what a figure means (0004 / PostgreSQL 0002: null where a report lacks a figure) emptied the table. The
 * figures are those in force: a reviewer's applied correction counts, as 'reviewed' (issue 8). Then the roll-ups are
 * rebuilt (also when a database from before them has none).
 */
import { sql } from 'drizzle-orm';
import { METRIC_COLUMNS, reportMetrics, type CellReading } from '../lib/metrics';
import {
  CORRECTION_KINDS,
  effectiveValues,
  latestPerTarget,
  type CellReading as StoredCell,
  type CorrectionKind,
  type CorrectionState,
} from '../lib/review/corrections';
import type { Db } from './client';
import { refreshRollups } from './rollups';
import { refreshCrossYearSummary } from './crossyear';
import { col } from './rows';

export async function fillMissingMetrics(db: Db, batch = 500): Promise<number> {
  const missing = await db.all(
    sql`select r.id as id, r.format as format, r.reviewed_cells as reviewed, r.doubtful_cells as doubtful from reports r
      where not exists (select 1 from report_metrics m where m.report_id = r.id)`,
    { id: col.number, format: col.text, reviewed: col.number, doubtful: col.number },
  );
  for (let i = 0; i < missing.length; i += batch) {
    const part = missing.slice(i, i + batch);
    const ids = part.map((p) => p.id);
    const rows = await db.all(sql`select report_id, key, value, status from report_values where report_id in ${ids}`, {
      report_id: col.number,
      key: col.text,
      value: col.numberOrNull,
      status: col.text,
    });
    // The values in force: a reviewer's applied correction replaces the parse (issue 8).
    const corrections = await db.all(
      sql`select report_id, target, kind, entered_value, state from corrections where report_id in ${ids} order by id`,
      {
        report_id: col.number,
        target: col.text,
        kind: col.oneOf(CORRECTION_KINDS),
        entered_value: col.numberOrNull,
        state: col.oneOf(['applied', 'stale'] as const),
      },
    );
    const cells = new Map<number, Record<string, StoredCell>>();
    for (const r of rows) {
      let m = cells.get(r.report_id);
      if (!m) cells.set(r.report_id, (m = {}));
      m[r.key] = { value: r.value, status: r.status, raw: null, start: null, end: null };
    }
    const byReport = new Map<number, { kind: CorrectionKind; target: string; enteredValue: number | null; state: CorrectionState }[]>();
    for (const c of corrections) {
      const list = byReport.get(c.report_id) ?? [];
      list.push({ kind: c.kind, target: c.target, enteredValue: c.entered_value, state: c.state });
      byReport.set(c.report_id, list);
    }
    await db.write(function* (tx) {
      for (const p of part) {
        const eff = effectiveValues(cells.get(p.id) ?? {}, latestPerTarget(byReport.get(p.id) ?? []));
        const inForce: Record<string, CellReading> = {};
        for (const [k, v] of Object.entries(eff)) inForce[k] = { value: v.value, status: v.reviewed ? 'reviewed' : v.status };
        const m = reportMetrics(p.format === '2019' ? '2019' : '2021', inForce);
        yield* tx.run(
          sql`insert into report_metrics (report_id, ${sql.raw(METRIC_COLUMNS.join(', '))}, reviewed_cells, doubtful_cells)
            values (${p.id}, ${sql.join(
              METRIC_COLUMNS.map((k) => sql`${m[k]}`),
              sql`, `,
            )}, ${p.reviewed}, ${p.doubtful})`,
        );
      }
    });
  }
  return missing.length;
}

/** What a server needs before it serves: per-report figures for every report, and the roll-ups built (cheap when nothing is missing). */
export async function ensureFigures(db: Db): Promise<void> {
  if (db.readOnly) return;
  const filled = await fillMissingMetrics(db);
  // Runs at every start: whether each table has a row (1 or null), never a count of all of them.
  const has = (await db.one(
    sql`select (select 1 from region_rollups limit 1) as rollups, (select 1 from reports where is_current = 1 and year is not null limit 1) as reports,
      (select 1 from cross_year_summary limit 1) as summary, (select 1 from cross_year_findings limit 1) as findings`,
    { rollups: col.numberOrNull, reports: col.numberOrNull, summary: col.numberOrNull, findings: col.numberOrNull },
  ))!;
  if (filled > 0 || (has.rollups === null && has.reports !== null)) await refreshRollups(db);
  // A database whose findings predate cross_year_summary (migration 0006 / pg 0004).
  if (has.summary === null && has.findings !== null) await refreshCrossYearSummary(db);
}
