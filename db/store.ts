/**
 * Writes a parsed report: one write transaction per report (db.write), so a report is stored
 * whole or not at all — a failure or a kill half-way leaves nothing of it behind. Parsing happens
 * before, outside the transaction. The same code runs on SQLite and PostgreSQL: each function
 * here is a generator over the transaction's statements (see db/client.ts).
 */
import { regionByCode, regionPath } from '../lib/region/gazetteer';
import type { ParsedReport, ReportMeta } from '../lib/report/types';
import { METRIC_COLUMNS, reportMetrics } from '../lib/metrics';
import { afterWrite } from './derived';
import type { Db, Step, Tx } from './client';
import { auditSteps, enforceWrite, nowOf, storedTargetSteps, type ReportWriteContext } from './audit';
import { coveredRankSql, insideSql, rankOfCode, rankSql } from './coverage';
import { joinQueries, multiRowInsert, q, Query, verbatim } from './query';
import { TABLES, type ColumnSpec, type TableName } from './tables';
import { col } from './rows';
import { initialReviewCounts, reapplyCorrections } from './review';
import { metaDoubts } from '../lib/review/queue';

export interface SourceInfo {
  file: string;
  kind: string;
  contentHash: string;
  url?: string | null;
  /** The account that uploaded the file through the browser. */
  uploadedBy?: string | null;
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
  const find = q`select id from agencies where name = ${meta.agency} and region_code is not distinct from ${meta.region_code}`;
  const found = yield* tx.one(find, ID);
  if (found) return found.id;
  return yield* insertAgency(tx, meta);
}

function* insertAgency(tx: Tx, meta: ReportMeta): Generator<Step, number, unknown> {
  const made = yield* tx.one(
    q`insert into agencies (name, level, kind, region_code, town_code) values (${meta.agency}, ${meta.level}, ${meta.kind}, ${meta.region_code}, ${meta.town_code}) returning id`,
    ID,
  );
  return made!.id;
}

/**
 * A parsed report reduced to what the store writes: flat rows per table (no report id yet),
 * the figures, the warnings as JSON. Made where the report is parsed (a worker thread), so the
 * main thread receives a few flat arrays instead of hundreds of objects.
 */
export interface PreparedReport {
  format: ParsedReport['format'];
  text: string;
  meta: ReportMeta;
  warningsJson: string;
  warningCount: number;
  failedChecks: number;
  /** Doubtful cells and open checks for review (db/review.ts), counted where the cells are. */
  doubtful: number;
  openChecks: number;
  /** Flat rows: VALUE_COLUMNS.length entries per value, CHECK_COLUMNS… per check, SECTION_COLUMNS… per section. */
  values: unknown[];
  checks: unknown[];
  sections: unknown[];
  metrics: (number | null)[];
}

const VALUE_COLUMNS = ['key', 'value', 'status', 'raw', 'start', 'end', 'note'];
const CHECK_COLUMNS = ['rule_id', 'status', 'expected', 'actual', 'message'];
const SECTION_COLUMNS = ['idx', 'title', 'start', 'end'];

export function prepareReport(r: ParsedReport): PreparedReport {
  const values: unknown[] = [];
  // In primary-key order (ASCII keys: JavaScript's order is SQLite's binary collation), so each
  // row lands at the end of the table's B-tree: a sixth less SQLite time for the 200 rows.
  for (const key of Object.keys(r.values).sort()) {
    const c = r.cells[key];
    values.push(key, r.values[key], c.status, c.raw ?? null, c.start ?? null, c.end ?? null, c.note ?? null);
  }
  const checks: unknown[] = [];
  let failedChecks = 0;
  for (const ch of [...r.checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    checks.push(ch.id, ch.status, ch.expected ?? null, ch.actual ?? null, ch.message ?? null);
    if (ch.status === 'fail') failedChecks++;
  }
  const sections: unknown[] = [];
  for (const sec of r.sections) sections.push(sec.index, sec.title, sec.start, sec.end);
  const m = reportMetrics(r.format, r.cells);
  const review = initialReviewCounts(r);
  return {
    format: r.format,
    text: r.text,
    meta: r.meta,
    warningsJson: JSON.stringify(r.warnings),
    warningCount: r.warnings.length,
    failedChecks,
    doubtful: review.doubtful,
    openChecks: review.openChecks,
    values,
    checks,
    sections,
    metrics: METRIC_COLUMNS.map((k) => m[k]),
  };
}

const prepared = (r: ParsedReport | PreparedReport): PreparedReport => ('cells' in r ? prepareReport(r) : r);

/** Multi-row inserts of at most this many rows: one statement per table and report, within SQLite's parameter limit. */
const ROWS_PER_INSERT = 250;

/** PostgreSQL array type of a column, for unnest() inserts (from the one table description). */
function pgArrayType(table: TableName, column: string): string {
  const kind = (TABLES[table].columns as Record<string, ColumnSpec>)[column].kind;
  return kind === 'real' ? 'double precision[]' : kind === 'integer' || kind === 'id' || kind === 'flag' ? 'integer[]' : 'text[]';
}

/**
 * Inserts one report's rows into a detail table: `flat` holds columns.length entries per row,
 * report_id is added in front. SQLite: multi-row VALUES. PostgreSQL: one array parameter per
 * column, spread by unnest() — a VALUES list of 1,600 parameters costs PostgreSQL far more to
 * parse and plan than the insert itself.
 */
function* insertRows(tx: Tx, table: TableName, reportId: number, columns: string[], flat: unknown[]) {
  const width = columns.length;
  const n = flat.length / width;
  if (n === 0) return;
  const all = ['report_id', ...columns];
  const cols = all.map((c) => `"${c}"`).join(', ');
  if (tx.dialect === 'postgres') {
    const arrays = all.map((c, i) => {
      const column: unknown[] = new Array(n);
      for (let r = 0; r < n; r++) column[r] = i === 0 ? reportId : (flat[r * width + i - 1] ?? null);
      return q`cast(${column} as ${verbatim(pgArrayType(table, c))})`;
    });
    // Not waited for: PostgreSQL pipelines it (db/postgres.ts); an error surfaces at the next wait.
    yield* tx.send(q`insert into ${verbatim(table)} (${verbatim(cols)}) select * from unnest(${joinQueries(arrays)})`);
    return;
  }
  for (let first = 0; first < n; first += ROWS_PER_INSERT) {
    const rows = Math.min(ROWS_PER_INSERT, n - first);
    const params: unknown[] = new Array(rows * (width + 1));
    let k = 0;
    for (let r = first; r < first + rows; r++) {
      params[k++] = reportId;
      for (let c = 0; c < width; c++) params[k++] = flat[r * width + c] ?? null;
    }
    yield* tx.run(new Query(multiRowInsert(table, cols, width + 1, rows), params));
  }
}

function* writeDetails(tx: Tx, reportId: number, p: PreparedReport) {
  // One statement per table: 200 single-row inserts cost more than the transaction itself.
  yield* insertRows(tx, 'report_values', reportId, VALUE_COLUMNS, p.values);
  yield* insertRows(tx, 'report_checks', reportId, CHECK_COLUMNS, p.checks);
  yield* insertRows(tx, 'report_sections', reportId, SECTION_COLUMNS, p.sections);
  yield* insertRows(tx, 'report_metrics', reportId, [...METRIC_COLUMNS, 'doubtful_cells'], [...p.metrics, p.doubtful]);
}

/** Marks the current version for (agency, year); a report with neither is its own current version. */
function* markCurrent(tx: Tx, reportId: number, agency: number | null, year: number | null) {
  if (agency === null || year === null) {
    yield* tx.run(q`update reports set is_current = case when version_pin = 'withdrawn' then 0 else 1 end where id = ${reportId}`);
    return;
  }
  // "=" (not "is"), so the (agency_id, year) index is used; reports without agency or year stand alone.
  yield* tx.run(q`update reports set is_current = 0 where agency_id = ${agency} and year = ${year}`);
  // An admin's pin decides first (a withdrawn version never counts), then the dates.
  yield* tx.run(
    q`update reports set is_current = 1 where id = (select id from reports where agency_id = ${agency} and year = ${year}
      and coalesce(version_pin, '') <> 'withdrawn'
      order by case when version_pin = 'current' then 0 else 1 end, coalesce(published, '') desc, id desc limit 1)`,
  );
}

const PLACEMENT = {
  agency_id: col.numberOrNull,
  year: col.numberOrNull,
  region_code: col.textOrNull,
  town_code: col.textOrNull,
  scope: col.textOrNull,
};
type Placement = { agency_id: number | null; year: number | null; region_code: string | null; town_code: string | null; scope: string | null };
const placementOf = verbatim('agency_id, year, region_code, town_code, scope');

/** `update reports set covered_rank = <value> where <where>`. */
function refresh(where: Query, value: Query = q`${verbatim(coveredRankSql('reports'))}`): Query {
  return q`update reports set covered_rank = ${value} where ${where}`;
}

/** SQL condition selecting the reports inside a region-wide report's region (db/coverage.ts insideSql). */
function inside(regionCode: string, townCode: string | null): Query {
  const i = insideSql(regionCode, townCode);
  return new Query(i.sql, i.params);
}

/**
 * Keeps `covered_rank` (db/coverage.ts) right after report `id` was written: for the report and
 * the other versions of its agency's report for the year, and, where a region-wide report is or
 * was among them (`before`: where the report stood before a re-parse), for every current report
 * inside that region that year. Runs inside the report's transaction.
 */
function* refreshCoverage(tx: Tx, id: number, before: Placement[] = []) {
  const now = (yield* tx.one(q`select ${placementOf} from reports where id = ${id}`, PLACEMENT))!;
  const versions =
    now.agency_id !== null && now.year !== null
      ? yield* tx.all(q`select ${placementOf} from reports where agency_id = ${now.agency_id} and year = ${now.year}`, PLACEMENT)
      : [now];
  if (versions.length > 1) yield* tx.run(refresh(q`agency_id = ${now.agency_id} and year = ${now.year}`));
  else yield* tx.run(refresh(q`id = ${id}`));
  const done = new Set<string>();
  for (const p of [...before, ...versions]) {
    if (p.scope !== 'region' || p.year === null || !p.region_code) continue;
    const key = `${p.year}:${p.region_code}:${p.town_code}`;
    if (done.has(key)) continue;
    done.add(key);
    yield* tx.run(refresh(q`is_current = 1 and year = ${p.year} and ${inside(p.region_code, p.town_code)}`));
  }
}

/**
 * A new current region-wide report (rank k) covers the current reports inside its region: their
 * covered_rank rises to k where it was lower. Adding a report can only raise covered ranks, so no
 * recomputation is needed; only rows that change are written (each row holds a whole text).
 */
function* raiseCoverage(tx: Tx, id: number, year: number, regionCode: string, townCode: string | null) {
  const k = townCode ? 3 : rankOfCode(regionCode);
  yield* tx.send(
    refresh(
      q`is_current = 1 and year = ${year} and ${inside(regionCode, townCode)} and id <> ${id} and (covered_rank is null or covered_rank < ${k})
        and (coalesce(scope, '') <> 'region' or ${verbatim(rankSql('reports'))} > ${k})`,
      q`${k}`,
    ),
  );
}

const BEFORE_STORE = { existing: col.numberOrNull, agency: col.numberOrNull, other: col.numberOrNull, covered: col.numberOrNull };

/**
 * What storing a report needs to know first, in one statement (one wait for the server on
 * PostgreSQL instead of four): the report with the same content, if stored already; the agency's
 * id; another version of the agency's report for the year; and, for the usual case (no other
 * version), the counting rule's covered_rank (db/coverage.ts), so the row (which holds the whole
 * text) is written once.
 */
function beforeStore(r: PreparedReport, contentHash: string): Query {
  const m = r.meta;
  const agency = q`(select min(id) from agencies where name = ${m.agency} and region_code is not distinct from ${m.region_code})`;
  const x = q`(select cast(${-1} as integer) as id, cast(${m.year} as integer) as year, cast(${m.region_code} as text) as region_code,
    cast(${m.town_code} as text) as town_code, cast(${m.scope} as text) as scope) x`;
  return q`select (select id from reports where content_hash = ${contentHash}) as existing, ${agency} as agency,
    (select id from reports where agency_id = ${agency} and year = ${m.year} limit 1) as other, ${verbatim(coveredRankSql('x'))} as covered from ${x}`;
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
export function* storeReportSteps(
  tx: Tx,
  report: ParsedReport | PreparedReport,
  source: SourceInfo,
  parserVersion: string,
  declared?: MetaOverride,
  failAfterValues = false,
) {
  const r = prepared(report);
  const seen = (yield* tx.one(beforeStore(r, source.contentHash), BEFORE_STORE))!;
  if (seen.existing !== null) return { id: seen.existing, inserted: false } satisfies Stored;
  const agency = r.meta.agency ? (seen.agency ?? (yield* insertAgency(tx, r.meta))) : null;
  const failed = r.failedChecks;
  // The usual case, the first version of an agency's report for a year, is current at once;
  // otherwise the versions are compared after the insert.
  const year = r.meta.year;
  const alone = agency === null || year === null || seen.other === null;
  const covered = alone && year !== null ? seen.covered : null;
  const row = yield* tx.one(
    q`insert into reports (agency_id, region_code, town_code, year, format, title, published, source_file, source_url, source_kind, content_hash,
        parser_version, text, scope, is_current, declared, warnings, failed_checks, warning_count, covered_rank, imported_at,
        uploaded_by, doubtful_cells, open_checks, open_meta)
      values (${agency}, ${r.meta.region_code}, ${r.meta.town_code}, ${year}, ${r.format}, ${r.meta.title}, ${r.meta.published}, ${source.file}, ${source.url ?? null},
        ${source.kind}, ${source.contentHash}, ${parserVersion}, ${r.text}, ${r.meta.scope}, ${alone ? 1 : 0}, ${declared ? JSON.stringify(declared) : null},
        ${r.warningsJson}, ${failed}, ${r.warningCount}, ${covered}, ${new Date().toISOString()},
        ${source.uploadedBy ?? null}, ${r.doubtful}, ${r.openChecks}, ${openMetaOf(r)}) returning id`,
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
  } else if (r.meta.scope === 'region' && year !== null && r.meta.region_code)
    yield* raiseCoverage(tx, id, year, r.meta.region_code, r.meta.town_code);
  return { id, inserted: true } satisfies Stored;
}

/** A new report for a batch: the parsed report, where it came from, its manifest declarations. */
export interface NewReport {
  report: PreparedReport;
  source: SourceInfo;
  declared?: MetaOverride;
}

/** What beforeStore answers, for one report of a bulk lookup. */
type Seen = { existing: number | null; agency: number | null; other: number | null; covered: number | null };

/** The columns of a new reports row, in the order bulkInsertSteps fills them. */
const REPORT_COLUMNS = [
  'agency_id',
  'region_code',
  'town_code',
  'year',
  'format',
  'title',
  'published',
  'source_file',
  'source_url',
  'source_kind',
  'content_hash',
  'parser_version',
  'text',
  'scope',
  'is_current',
  'declared',
  'warnings',
  'failed_checks',
  'warning_count',
  'covered_rank',
  'imported_at',
  'uploaded_by',
  'doubtful_cells',
  'open_checks',
  'open_meta',
];

const AGENCY_COLUMNS = ['name', 'level', 'kind', 'region_code', 'town_code'];

/**
 * Detail rows per statement of the bulk store (all sent without waiting): inserting 20,000
 * `report_values` rows in one statement took the server 20–30 % longer than in chunks of
 * 1,000–4,000 (and chunks of 200, one report's, twice as long).
 */
const DETAIL_ROWS_PER_INSERT = 2000;

/**
 * `insert into table (columns) select … from unnest(one array per column)`: many rows in one
 * statement of as many parameters as columns. `returning`: rows that others refer to (reports,
 * agencies), inserted — and numbered by the id sequence — in array order, as one by one.
 */
function unnestInsert(table: TableName, columns: string[], rows: unknown[][], returning = ''): Query {
  const arrays = columns.map((c, i) => q`cast(${rows.map((r) => r[i] ?? null)} as ${verbatim(pgArrayType(table, c))})`);
  const cols = columns.map((c) => `"${c}"`).join(', ');
  if (!returning) return q`insert into ${verbatim(table)} (${verbatim(cols)}) select * from unnest(${joinQueries(arrays)})`;
  return q`insert into ${verbatim(table)} (${verbatim(cols)}) select ${verbatim(cols)} from unnest(${joinQueries(arrays)})
    with ordinality as u(${verbatim(cols)}, ord) order by ord returning ${verbatim(returning)}`;
}

/**
 * PostgreSQL: beforeStore for many reports in one statement (one wait for the server instead of
 * one per report), in their order. Each answer is what beforeStore would say for the report if it
 * were stored first, i.e. against what is stored before the batch.
 */
function* lookupMany(tx: Tx, items: NewReport[]): Generator<Step, Seen[], unknown> {
  const m = items.map((it) => it.report.meta);
  const rows = yield* tx.all(
    q`select x.ord, (select id from reports where content_hash = x.hash) as existing, a.id as agency,
        (select id from reports where agency_id = a.id and year = x.year limit 1) as other, ${verbatim(coveredRankSql('x'))} as covered
      from (select u.*, cast(-1 as integer) as id from unnest(cast(${items.map((it) => it.source.contentHash)} as text[]),
        cast(${m.map((x) => x.agency ?? null)} as text[]), cast(${m.map((x) => x.region_code ?? null)} as text[]),
        cast(${m.map((x) => x.town_code ?? null)} as text[]), cast(${m.map((x) => x.year ?? null)} as integer[]),
        cast(${m.map((x) => x.scope ?? null)} as text[])) with ordinality as u(hash, name, region_code, town_code, year, scope, ord)) x
      left join lateral (select min(id) as id from agencies where name = x.name and region_code is not distinct from x.region_code) a on true
      order by x.ord`,
    { ord: col.number, existing: col.numberOrNull, agency: col.numberOrNull, other: col.numberOrNull, covered: col.numberOrNull },
  );
  return rows;
}

/**
 * PostgreSQL: how many of `items`, from the first, store independently of one another (the bulk
 * path's statements give exactly what storing them one by one gives): the prefix ends before a
 * report whose content or agency-and-year an earlier report of it already has (a duplicate, a
 * second version), or a report that is not its agency's only version for the year.
 */
export function* independentPrefixSteps(tx: Tx, items: NewReport[]): Generator<Step, { n: number; seen: Seen[] }, unknown> {
  const seen = yield* lookupMany(tx, items);
  const hashes = new Set<string>();
  const agencyYears = new Set<string>();
  let n = 0;
  for (; n < items.length; n++) {
    const { report: r, source } = items[n];
    const s = seen[n];
    if (hashes.has(source.contentHash)) break;
    if (s.existing === null && r.meta.agency) {
      const key = JSON.stringify([r.meta.agency, r.meta.region_code, r.meta.year]);
      if (r.meta.year !== null && (s.other !== null || agencyYears.has(key))) break;
      agencyYears.add(key);
    }
    hashes.add(source.contentHash);
  }
  return { n, seen };
}

/**
 * PostgreSQL: stores `items` (an independent prefix, see independentPrefixSteps, with its lookups)
 * in a few statements whatever their number: the new agencies, the reports and each detail table
 * one multi-row insert each, then what region-wide reports cover. The same rows, ids in the same
 * order, as storeReportSteps one report after the other. `failAfterValues` (a test seam) throws
 * once the values of a report it names were sent, like storeReportSteps' flag.
 */
export function* storeIndependentSteps(
  tx: Tx,
  items: NewReport[],
  seen: Seen[],
  parserVersion: string,
  failAfterValues?: (it: NewReport) => boolean,
): Generator<Step, Stored[], unknown> {
  const agencyKey = (m: ReportMeta) => JSON.stringify([m.agency, m.region_code]);
  // The agencies met for the first time, in the order storing one by one would insert them.
  const newAgencies = new Map<string, ReportMeta>();
  items.forEach((it, i) => {
    const m = it.report.meta;
    if (seen[i].existing === null && m.agency && seen[i].agency === null && !newAgencies.has(agencyKey(m))) newAgencies.set(agencyKey(m), m);
  });
  const agencyIds = new Map<string, number>();
  if (newAgencies.size) {
    const made = yield* tx.all(
      unnestInsert(
        'agencies',
        AGENCY_COLUMNS,
        [...newAgencies.values()].map((m) => [m.agency, m.level, m.kind, m.region_code, m.town_code]),
        'id, name, region_code',
      ),
      { id: col.number, name: col.text, region_code: col.textOrNull },
    );
    for (const a of made) agencyIds.set(JSON.stringify([a.name, a.region_code]), a.id);
  }
  const fresh = items.map((it, i) => ({ it, s: seen[i] })).filter((x) => x.s.existing === null);
  const agencyOf = (it: NewReport, s: Seen) => (it.report.meta.agency ? (s.agency ?? agencyIds.get(agencyKey(it.report.meta))!) : null);
  const ids = new Map<string, number>();
  if (fresh.length) {
    const rows = fresh.map(({ it, s }) => {
      const { report: r, source, declared } = it;
      const year = r.meta.year;
      return [
        agencyOf(it, s),
        r.meta.region_code,
        r.meta.town_code,
        year,
        r.format,
        r.meta.title,
        r.meta.published,
        source.file,
        source.url ?? null,
        source.kind,
        source.contentHash,
        parserVersion,
        r.text,
        r.meta.scope,
        1, // an independent report is its agency's only version for the year: current at once
        declared ? JSON.stringify(declared) : null,
        r.warningsJson,
        r.failedChecks,
        r.warningCount,
        year !== null ? s.covered : null,
        new Date().toISOString(),
        source.uploadedBy ?? null,
        r.doubtful,
        r.openChecks,
        openMetaOf(r),
      ];
    });
    const made = yield* tx.all(unnestInsert('reports', REPORT_COLUMNS, rows, 'id, content_hash'), { id: col.number, content_hash: col.text });
    for (const x of made) ids.set(x.content_hash, x.id);
    const idOf = (it: NewReport) => ids.get(it.source.contentHash)!;
    const detail = function* (table: TableName, columns: string[], flat: (r: PreparedReport) => unknown[]) {
      const all: unknown[][] = [];
      for (const { it } of fresh) {
        const f = flat(it.report);
        for (let k = 0; k < f.length; k += columns.length) all.push([idOf(it), ...f.slice(k, k + columns.length)]);
      }
      for (let k = 0; k < all.length; k += DETAIL_ROWS_PER_INSERT)
        yield* tx.send(unnestInsert(table, ['report_id', ...columns], all.slice(k, k + DETAIL_ROWS_PER_INSERT)));
    };
    yield* detail('report_values', VALUE_COLUMNS, (r) => r.values);
    if (failAfterValues && fresh.some(({ it }) => failAfterValues(it))) throw new Error('simulated failure after the values were written');
    yield* detail('report_checks', CHECK_COLUMNS, (r) => r.checks);
    yield* detail('report_sections', SECTION_COLUMNS, (r) => r.sections);
    yield* detail('report_metrics', [...METRIC_COLUMNS, 'doubtful_cells'], (r) => [...r.metrics, r.doubtful]);
    // Stored one by one, a region-wide report raises the reports stored before it, and the ones
    // after it count it in their lookup; here every lookup was made first, so each region-wide
    // report raises all of them (a raise only ever takes the maximum: the same ranks).
    for (const { it } of fresh) {
      const m = it.report.meta;
      if (m.scope === 'region' && m.year !== null && m.region_code) yield* raiseCoverage(tx, idOf(it), m.year, m.region_code, m.town_code);
    }
  }
  return items.map((it, i) =>
    seen[i].existing !== null ? { id: seen[i].existing!, inserted: false } : { id: ids.get(it.source.contentHash)!, inserted: true },
  );
}

/** Stores a new report in its own transaction. Throws (and stores nothing) on any failure. */
export function storeReport(
  db: Db,
  r: ParsedReport | PreparedReport,
  source: SourceInfo,
  parserVersion: string,
  declared?: MetaOverride,
  failAfterValues = false,
): Promise<Stored> {
  return db.write((tx) => storeReportSteps(tx, r, source, parserVersion, declared, failAfterValues));
}

/** Replaces a stored report's parse (values, checks, sections, metadata) in one transaction. */
export function replaceParse(
  db: Db,
  reportId: number,
  report: ParsedReport | PreparedReport,
  parserVersion: string,
  /** A manifest's new declarations for the report (and its URL), kept for later re-parses. */
  update?: { declared: MetaOverride | null; url?: string | null },
): Promise<void> {
  return db.write((tx) => replaceParseSteps(tx, reportId, report, parserVersion, update));
}

/** The statements of replaceParse, inside a caller's transaction (a write service with its audit row). */
export function* replaceParseSteps(
  tx: Tx,
  reportId: number,
  report: ParsedReport | PreparedReport,
  parserVersion: string,
  update?: { declared: MetaOverride | null; url?: string | null },
) {
  const r = prepared(report);
  const old = yield* tx.one(q`select ${placementOf} from reports where id = ${reportId}`, PLACEMENT);
  const oldVersions =
    old?.agency_id != null && old.year != null
      ? yield* tx.all(q`select ${placementOf} from reports where agency_id = ${old.agency_id} and year = ${old.year}`, PLACEMENT)
      : [];
  for (const t of ['report_values', 'report_checks', 'report_sections', 'report_metrics'])
    yield* tx.run(q`delete from ${verbatim(t)} where report_id = ${reportId}`);
  const agency = yield* agencyId(tx, r.meta);
  const failed = r.failedChecks;
  yield* tx.run(
    q`update reports set agency_id = ${agency}, region_code = ${r.meta.region_code}, town_code = ${r.meta.town_code}, year = ${r.meta.year}, format = ${r.format},
      title = ${r.meta.title}, published = ${r.meta.published}, parser_version = ${parserVersion}, text = ${r.text}, scope = ${r.meta.scope},
      warnings = ${r.warningsJson}, failed_checks = ${failed}, warning_count = ${r.warningCount} where id = ${reportId}`,
  );
  if (update) yield* tx.run(q`update reports set declared = ${update.declared ? JSON.stringify(update.declared) : null} where id = ${reportId}`);
  if (update?.url) yield* tx.run(q`update reports set source_url = ${update.url} where id = ${reportId}`);
  yield* writeDetails(tx, reportId, r);
  if (old?.agency_id != null && old.year != null) yield* markCurrent(tx, reportId, old.agency_id, old.year);
  yield* markCurrent(tx, reportId, agency, r.meta.year);
  yield* refreshCoverage(tx, reportId, old ? [old, ...oldVersions] : []);
  if (old?.agency_id != null && old.year != null && (old.agency_id !== agency || old.year !== r.meta.year)) {
    // The versions left behind at the old agency and year: one of them may be current now.
    const other = yield* tx.one(q`select id from reports where agency_id = ${old.agency_id} and year = ${old.year} limit 1`, ID);
    if (other) yield* refreshCoverage(tx, other.id);
  }
  // Corrections survive a re-parse where the source reading is unchanged; the others go back to the queue.
  yield* reapplyCorrections(tx, reportId);
}

/** Open metadata questions (no agency, region or year) of a report's final metadata (after a manifest). */
function openMetaOf(r: PreparedReport): number {
  return metaDoubts({ agency: r.meta.agency, regionCode: r.meta.region_code, year: r.meta.year }).length;
}

/**
 * An admin's decision on a report version: `withdrawn` (never counts), `current` (counts, over the
 * other versions of the same agency and year), or null (the dates decide). Nothing is deleted.
 * The policy's decision on the stored report, the pin and its audit row are one transaction.
 */
export async function setVersionPin(ctx: ReportWriteContext, reportId: number, pin: 'current' | 'withdrawn' | null): Promise<void> {
  const { db } = ctx;
  await db.write(function* (tx) {
    const p = yield* tx.one(q`select ${placementOf}, version_pin from reports where id = ${reportId}`, { ...PLACEMENT, version_pin: col.textOrNull });
    if (!p) throw new Error(`报告 ${reportId} 不存在`);
    enforceWrite(ctx.actor, 'set_version', { stored: yield* storedTargetSteps(tx, reportId) });
    if (pin === 'current' && p.agency_id != null && p.year != null) {
      yield* tx.run(q`update reports set version_pin = null where agency_id = ${p.agency_id} and year = ${p.year} and version_pin = 'current'`);
    }
    yield* tx.run(q`update reports set version_pin = ${pin} where id = ${reportId}`);
    yield* markCurrent(tx, reportId, p.agency_id, p.year);
    yield* refreshCoverage(tx, reportId, [p]);
    yield* auditSteps(tx, ctx.who, { action: 'version', reportId, detail: { before: p.version_pin, after: pin } }, nowOf(ctx));
  });
  // Which version counts changed: the roll-ups, findings and coverage follow (recomputable, after the commit).
  await afterWrite(db, { reports: [reportId] });
}
