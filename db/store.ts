/**
 * Writes a parsed report: one write transaction per report (db.write), so a report is stored
 * whole or not at all — a failure or a kill half-way leaves nothing of it behind. Parsing happens
 * before, outside the transaction. The same code runs on SQLite and PostgreSQL: each function
 * here is a generator over the transaction's statements (see db/client.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { regionByCode, regionPath } from '../lib/region/gazetteer';
import type { ParsedReport, ReportMeta } from '../lib/report/types';
import { METRIC_COLUMNS, reportMetrics } from '../lib/metrics';
import type { Db, Step, Tx } from './client';
import { coveredRankSql, insideSql, rankOfCode, rankSql } from './coverage';
import { fragment } from './dialect';
import { TABLES, type ColumnSpec, type TableName } from './tables';
import { col } from './rows';

export interface SourceInfo {
  file: string;
  kind: string;
  contentHash: string;
  url?: string | null;
}

export type MetaOverride = Partial<Pick<ReportMeta, 'agency' | 'region_code' | 'year' | 'published'>>;

/** Applies a manifest's declarations over what the parser read. */
export function applyOverride(meta: ReportMeta, o: MetaOverride | undefined): ReportMeta {
  if (!o) return meta;
  const m = { ...meta };
  if (o.agency) m.agency = o.agency;
  if (o.year) m.year = o.year;
  if (o.published) m.published = o.published;
  if (o.region_code) {
    const r = regionByCode(o.region_code);
    if (!r) throw new Error(`region_code ${o.region_code} is not in the GB/T 2260 gazetteer`);
    if (r.level === 'township') {
      m.town_code = r.code;
      m.region_code = r.parentCode;
    } else {
      m.region_code = r.code;
      m.town_code = null;
    }
    m.region = regionPath(r.code);
  }
  return m;
}

const ID = { id: col.number };

/** The agency's id, inserted when new (a concurrent writer's insert is found, not duplicated). */
function* agencyId(tx: Tx, meta: ReportMeta): Generator<Step, number | null, unknown> {
  if (!meta.agency) return null;
  const find = sql`select id from agencies where name = ${meta.agency} and region_code is not distinct from ${meta.region_code}`;
  const found = yield* tx.one(find, ID);
  if (found) return found.id;
  const made = yield* tx.one(
    sql`insert into agencies (name, level, kind, region_code, town_code) values (${meta.agency}, ${meta.level}, ${meta.kind}, ${meta.region_code}, ${meta.town_code}) returning id`,
    ID,
  );
  return made!.id;
}

/** Multi-row inserts of at most this many rows: one statement per table and report, within SQLite's parameter limit. */
const ROWS_PER_INSERT = 250;

/** PostgreSQL array type of a column, for unnest() inserts (from the one table description). */
function pgArrayType(table: TableName, column: string): string {
  const kind = (TABLES[table].columns as Record<string, ColumnSpec>)[column].kind;
  return kind === 'real' ? 'double precision[]' : kind === 'integer' || kind === 'id' || kind === 'flag' ? 'integer[]' : 'text[]';
}

/**
 * Inserts rows into a table. SQLite: multi-row VALUES. PostgreSQL: one array parameter per
 * column, spread by unnest() — a VALUES list of 1,600 parameters costs PostgreSQL far more to
 * parse and plan than the insert itself.
 */
function* insertMany(tx: Tx, table: TableName, columns: string[], rows: unknown[][]) {
  if (rows.length === 0) return;
  const cols = sql.raw(columns.map((c) => `"${c}"`).join(', '));
  if (tx.dialect === 'postgres') {
    const arrays = columns.map((c, i) => sql`cast(${sql.param(rows.map((r) => r[i] ?? null))} as ${sql.raw(pgArrayType(table, c))})`);
    yield* tx.run(sql`insert into ${sql.raw(table)} (${cols}) select * from unnest(${sql.join(arrays, sql`, `)})`);
    return;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map((r) => sql`(${sql.join(r.map((v) => sql`${v ?? null}`), sql`, `)})`);
    yield* tx.run(sql`insert into ${sql.raw(table)} (${cols}) values ${sql.join(values, sql`, `)}`);
  }
}

function* writeDetails(tx: Tx, reportId: number, r: ParsedReport) {
  // One statement per table: 200 single-row inserts cost more than the transaction itself.
  yield* insertMany(
    tx,
    'report_values',
    ['report_id', 'key', 'value', 'status', 'raw', 'start', 'end', 'note'],
    Object.entries(r.values).map(([key, v]) => {
      const c = r.cells[key];
      return [reportId, key, v, c.status, c.raw ?? null, c.start ?? null, c.end ?? null, c.note ?? null];
    }),
  );
  yield* insertMany(tx, 'report_checks', ['report_id', 'rule_id', 'status', 'expected', 'actual', 'message'], r.checks.map((ch) => [reportId, ch.id, ch.status, ch.expected, ch.actual, ch.message ?? null]));
  yield* insertMany(tx, 'report_sections', ['report_id', 'idx', 'title', 'start', 'end'], r.sections.map((sec) => [reportId, sec.index, sec.title, sec.start, sec.end]));
  const m = reportMetrics(r.format, r.cells);
  yield* insertMany(tx, 'report_metrics', ['report_id', ...METRIC_COLUMNS], [[reportId, ...METRIC_COLUMNS.map((k) => m[k])]]);
}

/** Marks the current version for (agency, year); a report with neither is its own current version. */
function* markCurrent(tx: Tx, reportId: number, agency: number | null, year: number | null) {
  if (agency === null || year === null) {
    yield* tx.run(sql`update reports set is_current = 1 where id = ${reportId}`);
    return;
  }
  // "=" (not "is"), so the (agency_id, year) index is used; reports without agency or year stand alone.
  yield* tx.run(sql`update reports set is_current = 0 where agency_id = ${agency} and year = ${year}`);
  yield* tx.run(
    sql`update reports set is_current = 1 where id = (select id from reports where agency_id = ${agency} and year = ${year}
      order by coalesce(published, '') desc, id desc limit 1)`,
  );
}

const PLACEMENT = { agency_id: col.numberOrNull, year: col.numberOrNull, region_code: col.textOrNull, town_code: col.textOrNull, scope: col.textOrNull };
type Placement = { agency_id: number | null; year: number | null; region_code: string | null; town_code: string | null; scope: string | null };
const placementOf = sql.raw('agency_id, year, region_code, town_code, scope');

/** `update reports set covered_rank = <value> where <where>`. */
function refresh(where: SQL, value: SQL = sql.raw(coveredRankSql('reports'))): SQL {
  return sql`update reports set covered_rank = ${value} where ${where}`;
}

/** SQL condition selecting the reports inside a region-wide report's region (db/coverage.ts insideSql). */
function inside(regionCode: string, townCode: string | null): SQL {
  const i = insideSql(regionCode, townCode);
  return fragment(i.sql, i.params);
}

/**
 * Keeps `covered_rank` (db/coverage.ts) right after report `id` was written: for the report and
 * the other versions of its agency's report for the year, and, where a region-wide report is or
 * was among them (`before`: where the report stood before a re-parse), for every current report
 * inside that region that year. Runs inside the report's transaction.
 */
function* refreshCoverage(tx: Tx, id: number, before: Placement[] = []) {
  const now = (yield* tx.one(sql`select ${placementOf} from reports where id = ${id}`, PLACEMENT))!;
  const versions =
    now.agency_id !== null && now.year !== null
      ? yield* tx.all(sql`select ${placementOf} from reports where agency_id = ${now.agency_id} and year = ${now.year}`, PLACEMENT)
      : [now];
  if (versions.length > 1) yield* tx.run(refresh(sql`agency_id = ${now.agency_id} and year = ${now.year}`));
  else yield* tx.run(refresh(sql`id = ${id}`));
  const done = new Set<string>();
  for (const p of [...before, ...versions]) {
    if (p.scope !== 'region' || p.year === null || !p.region_code) continue;
    const key = `${p.year}:${p.region_code}:${p.town_code}`;
    if (done.has(key)) continue;
    done.add(key);
    yield* tx.run(refresh(sql`is_current = 1 and year = ${p.year} and ${inside(p.region_code, p.town_code)}`));
  }
}

/**
 * A new current region-wide report (rank k) covers the current reports inside its region: their
 * covered_rank rises to k where it was lower. Adding a report can only raise covered ranks, so no
 * recomputation is needed; only rows that change are written (each row holds a whole text).
 */
function* raiseCoverage(tx: Tx, id: number, year: number, regionCode: string, townCode: string | null) {
  const k = townCode ? 3 : rankOfCode(regionCode);
  yield* tx.run(
    refresh(
      sql`is_current = 1 and year = ${year} and ${inside(regionCode, townCode)} and id <> ${id} and (covered_rank is null or covered_rank < ${k})
        and (coalesce(scope, '') <> 'region' or ${sql.raw(rankSql('reports'))} > ${k})`,
      sql`${k}`,
    ),
  );
}

export interface Stored {
  id: number;
  /** false: another writer had already stored the same content (the existing report's id). */
  inserted: boolean;
}

/**
 * The statements that store a new report (inside a caller's transaction). When the same content
 * is already stored (by another import running at the same time), stores nothing and returns
 * the existing report.
 */
export function* storeReportSteps(tx: Tx, r: ParsedReport, source: SourceInfo, parserVersion: string, declared?: MetaOverride, failAfterValues = false) {
  const existing = yield* tx.one(sql`select id from reports where content_hash = ${source.contentHash}`, ID);
  if (existing) return { id: existing.id, inserted: false } satisfies Stored;
  const agency = yield* agencyId(tx, r.meta);
  const failed = r.checks.filter((c) => c.status === 'fail').length;
  // The usual case, the first version of an agency's report for a year, is current at once;
  // otherwise the versions are compared after the insert.
  const year = r.meta.year;
  const alone = agency === null || year === null || !(yield* tx.one(sql`select id from reports where agency_id = ${agency} and year = ${year} limit 1`, ID));
  // The counting rule (db/coverage.ts) for the usual case: computed before the insert, so the
  // row (which holds the whole text) is written once.
  let covered: number | null = null;
  if (alone && year !== null) {
    const x = sql`(select cast(${-1} as integer) as id, cast(${year} as integer) as year, cast(${r.meta.region_code} as text) as region_code,
      cast(${r.meta.town_code} as text) as town_code, cast(${r.meta.scope} as text) as scope) x`;
    covered = (yield* tx.one(sql`select ${sql.raw(coveredRankSql('x'))} as k from ${x}`, { k: col.numberOrNull }))?.k ?? null;
  }
  const row = yield* tx.one(
    sql`insert into reports (agency_id, region_code, town_code, year, format, title, published, source_file, source_url, source_kind, content_hash,
        parser_version, text, scope, is_current, declared, warnings, failed_checks, warning_count, covered_rank, imported_at)
      values (${agency}, ${r.meta.region_code}, ${r.meta.town_code}, ${year}, ${r.format}, ${r.meta.title}, ${r.meta.published}, ${source.file}, ${source.url ?? null},
        ${source.kind}, ${source.contentHash}, ${parserVersion}, ${r.text}, ${r.meta.scope}, ${alone ? 1 : 0}, ${declared ? JSON.stringify(declared) : null},
        ${JSON.stringify(r.warnings)}, ${failed}, ${r.warnings.length}, ${covered}, ${new Date().toISOString()}) returning id`,
    ID,
  );
  const id = row!.id;
  yield* writeDetails(tx, id, r);
  // Lets the tests prove that a failure half-way through a report leaves nothing behind.
  if (failAfterValues) throw new Error('simulated failure after the values were written');
  if (!alone) {
    // Another version of the same agency's report: which one counts may change, and with it
    // what region-wide reports cover.
    yield* markCurrent(tx, id, agency, year);
    yield* refreshCoverage(tx, id);
  } else if (r.meta.scope === 'region' && year !== null && r.meta.region_code) yield* raiseCoverage(tx, id, year, r.meta.region_code, r.meta.town_code);
  return { id, inserted: true } satisfies Stored;
}

/** Stores a new report in its own transaction. Throws (and stores nothing) on any failure. */
export function storeReport(db: Db, r: ParsedReport, source: SourceInfo, parserVersion: string, declared?: MetaOverride, failAfterValues = false): Promise<Stored> {
  return db.write((tx) => storeReportSteps(tx, r, source, parserVersion, declared, failAfterValues));
}

/** Replaces a stored report's parse (values, checks, sections, metadata) in one transaction. */
export function replaceParse(
  db: Db,
  reportId: number,
  r: ParsedReport,
  parserVersion: string,
  /** A manifest's new declarations for the report (and its URL), kept for later re-parses. */
  update?: { declared: MetaOverride | null; url?: string | null },
): Promise<void> {
  return db.write(function* (tx) {
    const old = yield* tx.one(sql`select ${placementOf} from reports where id = ${reportId}`, PLACEMENT);
    const oldVersions =
      old?.agency_id != null && old.year != null ? yield* tx.all(sql`select ${placementOf} from reports where agency_id = ${old.agency_id} and year = ${old.year}`, PLACEMENT) : [];
    for (const t of ['report_values', 'report_checks', 'report_sections', 'report_metrics']) yield* tx.run(sql`delete from ${sql.raw(t)} where report_id = ${reportId}`);
    const agency = yield* agencyId(tx, r.meta);
    const failed = r.checks.filter((ch) => ch.status === 'fail').length;
    yield* tx.run(
      sql`update reports set agency_id = ${agency}, region_code = ${r.meta.region_code}, town_code = ${r.meta.town_code}, year = ${r.meta.year}, format = ${r.format},
        title = ${r.meta.title}, published = ${r.meta.published}, parser_version = ${parserVersion}, text = ${r.text}, scope = ${r.meta.scope},
        warnings = ${JSON.stringify(r.warnings)}, failed_checks = ${failed}, warning_count = ${r.warnings.length} where id = ${reportId}`,
    );
    if (update) yield* tx.run(sql`update reports set declared = ${update.declared ? JSON.stringify(update.declared) : null} where id = ${reportId}`);
    if (update?.url) yield* tx.run(sql`update reports set source_url = ${update.url} where id = ${reportId}`);
    yield* writeDetails(tx, reportId, r);
    if (old?.agency_id != null && old.year != null) yield* markCurrent(tx, reportId, old.agency_id, old.year);
    yield* markCurrent(tx, reportId, agency, r.meta.year);
    yield* refreshCoverage(tx, reportId, old ? [old, ...oldVersions] : []);
    if (old?.agency_id != null && old.year != null && (old.agency_id !== agency || old.year !== r.meta.year)) {
      // The versions left behind at the old agency and year: one of them may be current now.
      const other = yield* tx.one(sql`select id from reports where agency_id = ${old.agency_id} and year = ${old.year} limit 1`, ID);
      if (other) yield* refreshCoverage(tx, other.id);
    }
  });
}
