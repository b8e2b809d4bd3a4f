/**
 * The database schema, in one place. SQLite through drizzle-orm; the same tables map onto
 * PostgreSQL (see README). Migrations in db/migrations are generated from this file by drizzle-kit.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { METRIC_COLUMNS, RATIOS, type MetricColumn } from '../lib/metrics';

/** GB/T 2260 divisions: province → city → county → township (codes 6 or 9 digits). */
export const regions = sqliteTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['province', 'city', 'county', 'township'] }).notNull(),
    parentCode: text('parent_code'),
    /** Full name from the province down, e.g. 江苏省淮安市洪泽区. */
    path: text('path').notNull(),
  },
  (t) => [index('regions_parent').on(t.parentCode), index('regions_name').on(t.name)],
);

export const agencies = sqliteTable(
  'agencies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    level: text('level', { enum: ['province', 'city', 'county', 'township', 'department'] }),
    kind: text('kind', { enum: ['government', 'office', 'department'] }),
    /** County-level (or higher) region the agency belongs to. */
    regionCode: text('region_code').references(() => regions.code),
    /** The township, for township governments and street offices. */
    townCode: text('town_code').references(() => regions.code),
  },
  (t) => [uniqueIndex('agencies_name_region').on(t.name, t.regionCode), index('agencies_region').on(t.regionCode)],
);

export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    agencyId: integer('agency_id').references(() => agencies.id),
    /** Copied from the agency, so the dashboard's scans need no join (a report keeps its place). */
    regionCode: text('region_code'),
    townCode: text('town_code'),
    /** The statistics year (the year reported on). */
    year: integer('year'),
    format: text('format', { enum: ['2021', '2019'] }).notNull(),
    title: text('title'),
    published: text('published'),
    sourceFile: text('source_file').notNull(),
    sourceUrl: text('source_url'),
    sourceKind: text('source_kind').notNull(),
    /** SHA-256 of the file's bytes: the same content is stored once. */
    contentHash: text('content_hash').notNull(),
    parserVersion: text('parser_version').notNull(),
    /** The normalized source text all cell offsets point into. */
    text: text('text').notNull(),
    /** agency: the agency's own work; region: the whole region (全市…), never summed with its departments. */
    scope: text('scope', { enum: ['agency', 'region'] }),
    /**
     * Of several versions for one agency and year (a corrected re-publication), the one the
     * dashboard counts: the latest published, then the latest imported.
     */
    isCurrent: integer('is_current', { mode: 'boolean' }).notNull().default(true),
    /** What a manifest declared (agency, region_code, year, published): re-applied on re-parse. */
    declared: text('declared', { mode: 'json' }).$type<Record<string, string | number>>(),
    warnings: text('warnings', { mode: 'json' }).$type<{ code: string; message: string; key?: string }[]>().notNull(),
    failedChecks: integer('failed_checks').notNull().default(0),
    warningCount: integer('warning_count').notNull().default(0),
    /**
     * The counting rule, kept by the store (db/coverage.ts): the rank (0 province, 1 city, 2 county,
     * 3 township) of the narrowest current region-wide report that already includes this one; null
     * when none does. A figure for region C leaves the report out when covered_rank ≥ rank(C).
     */
    coveredRank: integer('covered_rank'),
    importedAt: text('imported_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    uniqueIndex('reports_content_hash').on(t.contentHash),
    index('reports_agency_year').on(t.agencyId, t.year),
    // Covering index for the dashboard's scans: rows hold the whole report text, so reading the
    // table itself to pick current reports would read megabytes per query.
    index('reports_current').on(t.isCurrent, t.year, t.regionCode, t.townCode, t.scope, t.agencyId, t.failedChecks, t.warningCount, t.coveredRank),
    // Report counts per agency (search, region pages) without reading report rows.
    index('reports_agency_current').on(t.agencyId, t.isCurrent),
    // Coverage and deadlines (db/queries/coverage.ts): who published when, without reading rows.
    index('reports_published').on(t.isCurrent, t.regionCode, t.townCode, t.year, t.agencyId, t.published),
  ],
);

/** One row per report and value key (`t3.granted.total` …), as printed, with its source offsets. */
export const reportValues = sqliteTable(
  'report_values',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: real('value'),
    status: text('status', { enum: ['printed', 'blank', 'inferred', 'missing'] }).notNull(),
    raw: text('raw'),
    start: integer('start'),
    end: integer('end'),
    note: text('note'),
  },
  // No index by key: inserting 200 keys per report into a key-ordered index made imports 7× slower;
  // queries look values up by (report_id, key) for the reports they count.
  // Stored WITHOUT ROWID (custom migration 0001: drizzle cannot declare it), like report_checks.
  (t) => [primaryKey({ columns: [t.reportId, t.key] })],
);

/** One row per report and consistency rule. */
export const reportChecks = sqliteTable(
  'report_checks',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    ruleId: text('rule_id').notNull(),
    status: text('status', { enum: ['pass', 'fail', 'not_assessable'] }).notNull(),
    expected: real('expected'),
    actual: real('actual'),
    message: text('message'),
  },
  // Only failures are looked up by rule; a partial index keeps the 40 passing rows per report out of it.
  (t) => [primaryKey({ columns: [t.reportId, t.ruleId] }), index('report_checks_failed').on(t.ruleId, t.reportId).where(sql`status = 'fail'`)],
);

/**
 * The figures the dashboard aggregates, one row per report (derived from report_values by
 * lib/metrics at import), so charts read one row per report instead of dozens of values.
 * A figure is null when the report lacks it: a cell behind it is missing, inferred or guessed
 * (not reviewed). Sums count such reports as lacking, never as 0 (lib/metrics, db/queries/figures).
 */
export const reportMetrics = sqliteTable('report_metrics', {
  reportId: integer('report_id')
    .primaryKey()
    .references(() => reports.id, { onDelete: 'cascade' }),
  ...Object.fromEntries(METRIC_COLUMNS.map((c) => [c, real(c)])),
} as unknown as { reportId: ReturnType<typeof integer> } & Record<MetricColumn, ReturnType<typeof real>>);

/**
 * Region × year roll-ups of report_metrics, rebuilt after every import (db/rollups.ts), so a
 * national or provincial figure reads a handful of rows instead of every report. One row per
 * level (country, province, city, county), region code, year and `covered` (the reports'
 * covered_rank, -1 for none: a figure for region C adds the rows with covered < rank(C), the
 * counting rule of db/queries/filter.ts). Per figure: s_<figure> sum over the reports having it,
 * n_<figure> how many have it; per ratio: rn_/rd_ its parts and ro_ how many reports have both.
 */
export const regionRollups = sqliteTable(
  'region_rollups',
  {
    level: text('level', { enum: ['country', 'province', 'city', 'county'] }).notNull(),
    code: text('code').notNull(),
    year: integer('year').notNull(),
    covered: integer('covered').notNull(),
    reports: integer('reports').notNull(),
    firstId: integer('first_id').notNull(),
    failedReports: integer('failed_reports').notNull(),
    failedChecks: integer('failed_checks').notNull(),
    ...Object.fromEntries(METRIC_COLUMNS.flatMap((c) => [[`s_${c}`, real(`s_${c}`)], [`n_${c}`, integer(`n_${c}`).notNull()]])),
    ...Object.fromEntries(RATIOS.flatMap((q) => [[`rn_${q.id}`, real(`rn_${q.id}`)], [`rd_${q.id}`, real(`rd_${q.id}`)], [`ro_${q.id}`, integer(`ro_${q.id}`).notNull()]])),
  } as unknown as Record<string, ReturnType<typeof text>>,
  (t) => [primaryKey({ columns: [t.level, t.code, t.year, t.covered] })],
);

/** The narrative parts (一 总体情况 … 六 其他需要报告的事项), for drill-down. */
export const reportSections = sqliteTable(
  'report_sections',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    index: integer('idx').notNull(),
    title: text('title').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.index] })],
);

/** Every file an import looked at: imported, unchanged or failed (with the reason). */
export const importLog = sqliteTable('import_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  runAt: text('run_at').notNull(),
  file: text('file').notNull(),
  outcome: text('outcome', { enum: ['imported', 'unchanged', 'reparsed', 'failed'] }).notNull(),
  reason: text('reason'),
  reportId: integer('report_id'),
});

/**
 * The expected-units list a supervisor imports (`npm run units:import`, lib/import/units.ts):
 * bodies that must publish (added to the gazetteer's governments and the departments that have
 * reported) and bodies marked not expected (merged, abolished) for a span of years. A new import
 * of a list replaces the rows of the same file name.
 */
export const expectedUnits = sqliteTable(
  'expected_units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** 6 digits (province … county) or 9 (township): the place the body belongs to. */
    placeCode: text('place_code').notNull(),
    kind: text('kind', { enum: ['government', 'office', 'department'] }).notNull(),
    expected: integer('expected', { mode: 'boolean' }).notNull(),
    fromYear: integer('from_year'),
    toYear: integer('to_year'),
    /** `MM-DD`: a publication deadline of its own. */
    deadline: text('deadline'),
    note: text('note'),
    sourceFile: text('source_file').notNull(),
    importedAt: text('imported_at').notNull(),
  },
  (t) => [index('expected_units_place').on(t.placeCode)],
);

/**
 * Cross-year findings (lib/crossyear): one row per pair of consecutive current reports of a body
 * and rule, kept apart from report_checks (a within-report rule). Rebuilt for a body whenever
 * one of its reports is stored or re-parsed.
 */
export const crossYearFindings = sqliteTable(
  'cross_year_findings',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    previousReportId: integer('previous_report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    agencyId: integer('agency_id').notNull(),
    year: integer('year').notNull(),
    ruleId: text('rule_id').notNull(),
    severity: text('severity', { enum: ['error', 'verify'] }).notNull(),
    status: text('status', { enum: ['pass', 'fail', 'not_assessable'] }).notNull(),
    expected: real('expected'),
    actual: real('actual'),
    doubtful: integer('doubtful', { mode: 'boolean' }).notNull(),
    message: text('message'),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.ruleId] }),
    index('cross_year_findings_previous').on(t.previousReportId),
    index('cross_year_findings_agency').on(t.agencyId, t.year),
    index('cross_year_findings_failed').on(t.year, t.severity).where(sql`status = 'fail'`),
  ],
);

/** Text reuse of a current report against its body's report of the year before, per section. */
export const textReuse = sqliteTable(
  'text_reuse',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    previousReportId: integer('previous_report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    /** Section 1 … 6, or 0 for the whole narrative. */
    section: integer('section').notNull(),
    sentences: integer('sentences').notNull(),
    reused: integer('reused').notNull(),
    /** Reused passages as [start, end] offsets into the report's text. */
    passages: text('passages', { mode: 'json' }).$type<[number, number][]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.section] })],
);

/**
 * Coverage and timeliness of the country (region_code '') and of each province, per year, as
 * shown on their pages (db/queries/coverage.ts): computed after every import and units import,
 * because computing them per request would read every report of the country or province.
 */
export const coverageSummary = sqliteTable(
  'coverage_summary',
  {
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    /** The year's figures, missing bodies (first 200 per group), children and late list. */
    view: text('view', { mode: 'json' }).notNull(),
    /** The deadline settings the late list was computed with. */
    settings: text('settings', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year] })],
);
