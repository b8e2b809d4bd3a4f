/**
 * Everything the report page (/reports/[id]) reads, in one call, kept in memory between requests
 * while the database is unchanged.
 *
 * Why: the page is the one most requested (every drill-down link ends there), and reading a report
 * (text, ~200 cells, checks, corrections, cross-year findings, reused passages) costs several
 * milliseconds per request. A cached entry is used only while the database's data version is the
 * one it was read at, so a correction, a re-parse or an import shows on the next request:
 * - SQLite: `pragma data_version` (changes when another connection commits: an import run from
 *   the command line) with `total_changes()` (every row this process's own connection wrote:
 *   uploads, corrections, pins). Either changing drops every entry: writes are rare next to reads.
 * - PostgreSQL has no such cheap counter: nothing is cached there, each request reads.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../driver';
import { col } from '../rows';
import { reviewedKeys } from './corrections';
import type { StoredCorrectionRow } from '../records';
import { Lru } from '@/lib/cache/lru';
import { getReportCrossYear, getReportReuse, type CrossYearRow, type ReportReuse } from './crossyear';
import { getReport, type ReportDetail } from './reports';

export interface ReportPageData {
  report: ReportDetail;
  /** Reviewers' corrections in force, by value key. */
  inForce: Map<string, StoredCorrectionRow>;
  crossYear: CrossYearRow[];
  reuse: ReportReuse | null;
}

/** How many reports stay in memory (a report with its text is ~20–100 KB). */
const CACHED_REPORTS = 300;

interface Cache {
  db: Db;
  version: string;
  entries: Lru<number, ReportPageData | null>;
}
const state = globalThis as typeof globalThis & { __gongkaiReportPages?: Cache };

/** The database's data version (SQLite), or null when it has none to offer (PostgreSQL). */
export async function dataVersion(db: Db): Promise<string | null> {
  if (db.dialect !== 'sqlite') return null;
  const v = await db.one(sql`select (select data_version from pragma_data_version) as data_version, total_changes() as changes`, {
    data_version: col.number,
    changes: col.number,
  });
  return v ? `${v.data_version}:${v.changes}` : null;
}

async function read(db: Db, id: number): Promise<ReportPageData | null> {
  const report = await getReport(db, id);
  if (!report) return null;
  const [inForce, crossYear, reuse] = await Promise.all([reviewedKeys(db, [id]), getReportCrossYear(db, id), getReportReuse(db, id)]);
  return { report, inForce: inForce.get(id) ?? new Map(), crossYear, reuse };
}

/** The report page's data, or null when there is no such report. */
export async function getReportPage(db: Db, id: number): Promise<ReportPageData | null> {
  const version = await dataVersion(db);
  if (version === null) return read(db, id);
  let c = state.__gongkaiReportPages;
  if (!c || c.db !== db || c.version !== version) c = state.__gongkaiReportPages = { db, version, entries: new Lru(CACHED_REPORTS) };
  const hit = c.entries.get(id);
  if (hit !== undefined) return hit;
  const data = await read(db, id);
  // Stored only if nothing was written while reading (else the next request reads again).
  if ((await dataVersion(db)) === version) c.entries.set(id, data);
  return data;
}
