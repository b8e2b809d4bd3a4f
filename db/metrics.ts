/**
 * Keeps report_metrics whole: fills the per-report figures of every report that has none, from
 * its stored values and their statuses (lib/metrics reportMetrics). Import writes them with each
 * report; this runs when the database is opened, after a migration that changed what a figure
 * means (0003: null where a report lacks a figure) emptied the table. Then the roll-ups are
 * rebuilt (also when a database from before them has none).
 */
import { sql } from 'drizzle-orm';
import { METRIC_COLUMNS, reportMetrics, type CellReading } from '../lib/metrics';
import type { Db } from './client';
import { fragment } from './dialect';
import { refreshRollups } from './rollups';
import { col } from './rows';

async function fillMissingMetrics(db: Db, batch = 500): Promise<number> {
  const missing = await db.all(sql`select r.id as id, r.format as format from reports r where not exists (select 1 from report_metrics m where m.report_id = r.id)`, {
    id: col.number,
    format: col.text,
  });
  for (let i = 0; i < missing.length; i += batch) {
    const part = missing.slice(i, i + batch);
    const rows = await db.all(fragment(`select report_id, key, value, status from report_values where report_id in (${part.map(() => '?').join(', ')})`, part.map((p) => p.id)), {
      report_id: col.number,
      key: col.text,
      value: col.numberOrNull,
      status: col.text,
    });
    const cells = new Map<number, Record<string, CellReading>>();
    for (const r of rows) {
      let m = cells.get(r.report_id);
      if (!m) cells.set(r.report_id, (m = {}));
      m[r.key] = { value: r.value, status: r.status };
    }
    await db.write(function* (tx) {
      for (const p of part) {
        const m = reportMetrics(p.format === '2019' ? '2019' : '2021', cells.get(p.id) ?? {});
        yield* tx.run(
          fragment(`insert into report_metrics (report_id, ${METRIC_COLUMNS.join(', ')}) values (?, ${METRIC_COLUMNS.map(() => '?').join(', ')})`, [p.id, ...METRIC_COLUMNS.map((k) => m[k])]),
        );
      }
    });
  }
  return missing.length;
}

/** After opening: per-report figures for every report, and the roll-ups built. */
export async function ensureFigures(db: Db): Promise<void> {
  if (db.readOnly) return;
  const filled = await fillMissingMetrics(db);
  const rollups = await db.one(sql`select count(*) as n from region_rollups`, { n: col.number });
  const reports = await db.one(sql`select count(*) as n from reports where is_current = 1 and year is not null`, { n: col.number });
  if (filled > 0 || (rollups?.n === 0 && (reports?.n ?? 0) > 0)) await refreshRollups(db);
}
