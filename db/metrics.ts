/**
 * Keeps report_metrics whole: fills the per-report figures of every report that has none, from
 * its stored values and their statuses (lib/metrics reportMetrics). Import writes them with each
 * report; this runs when the database is opened, after a migration that changed what a figure
 * means (0003: null where a report lacks a figure) emptied the table.
 */
import { METRIC_COLUMNS, reportMetrics, type CellReading } from '../lib/metrics';
import type { FormatVersion } from '../lib/format';
import type { Db } from './client';

export function fillMissingMetrics(db: Db, batch = 500): number {
  const c = db.$client;
  const missing = c.prepare('select r.id, r.format from reports r where not exists (select 1 from report_metrics m where m.report_id = r.id)').all() as { id: number; format: string }[];
  if (missing.length === 0) return 0;
  const insert = c.prepare(`insert into report_metrics (report_id, ${METRIC_COLUMNS.join(', ')}) values (?, ${METRIC_COLUMNS.map(() => '?').join(', ')})`);
  for (let i = 0; i < missing.length; i += batch) {
    const part = missing.slice(i, i + batch);
    const rows = c
      .prepare(`select report_id, key, value, status from report_values where report_id in (${part.map(() => '?').join(',')})`)
      .all(...part.map((p) => p.id)) as { report_id: number; key: string; value: number | null; status: string }[];
    const cells = new Map<number, Record<string, CellReading>>();
    for (const r of rows) {
      let m = cells.get(r.report_id);
      if (!m) cells.set(r.report_id, (m = {}));
      m[r.key] = { value: r.value, status: r.status };
    }
    c.transaction(() => {
      for (const p of part) {
        const m = reportMetrics((p.format === '2019' ? '2019' : '2021') as FormatVersion, cells.get(p.id) ?? {});
        insert.run(p.id, ...METRIC_COLUMNS.map((k) => m[k]));
      }
    })();
  }
  return missing.length;
}
