/**
 * The database schema, in one place. SQLite through drizzle-orm; the same tables map onto
 * PostgreSQL (see README). Migrations in db/migrations are generated from this file by drizzle-kit.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { METRIC_COLUMNS, type MetricColumn } from '../lib/metrics';

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
    /**
     * An admin's decision on this version: `withdrawn` never counts, `current` counts whatever the
     * dates say; null leaves it to the rule above. Nothing is hard-deleted.
     */
    versionPin: text('version_pin', { enum: ['current', 'withdrawn'] }),
    /** The account that uploaded the report through the browser (null: the command line). */
    uploadedBy: text('uploaded_by'),
    /**
     * The review state (lib/review/queue.ts), kept by the store at import, re-parse and correction:
     * figures in force from a correction; doubtful figures (missing, inferred, guessed) not yet
     * reviewed; failed checks neither settled nor marked; unsettled metadata fields (agency,
     * region, year); corrections a re-parse put back in the queue. The queue is the reports with
     * any open item.
     */
    reviewedCells: integer('reviewed_cells').notNull().default(0),
    doubtfulCells: integer('doubtful_cells').notNull().default(0),
    openChecks: integer('open_checks').notNull().default(0),
    openMeta: integer('open_meta').notNull().default(0),
    staleCorrections: integer('stale_corrections').notNull().default(0),
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
 */
export const reportMetrics = sqliteTable('report_metrics', {
  reportId: integer('report_id')
    .primaryKey()
    .references(() => reports.id, { onDelete: 'cascade' }),
  ...Object.fromEntries(METRIC_COLUMNS.map((c) => [c, real(c)])),
} as unknown as { reportId: ReturnType<typeof integer> } & Record<MetricColumn, ReturnType<typeof real>>);

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

/*
 * Accounts (better-auth's four tables; its drizzle adapter reads and writes them, with its own
 * password hashing and session tokens). `role` and `region_code` are ours: set by an admin or
 * `npm run user:add`, never by the user (declared `input: false` in server/auth.ts).
 */
const stamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const authUsers = sqliteTable('auth_users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
  image: text('image'),
  createdAt: stamp('created_at').notNull(),
  updatedAt: stamp('updated_at').notNull(),
  username: text('username').unique(),
  displayUsername: text('display_username'),
  /** reviewer | admin (lib/auth/policy.ts). */
  role: text('role').notNull().default('reviewer'),
  /** GB/T 2260 code of the region subtree the account is limited to; null = the whole country. */
  regionCode: text('region_code'),
  /** Set when an admin disables the account: it can no longer sign in (its sessions are deleted). */
  disabledAt: stamp('disabled_at'),
});

export const authSessions = sqliteTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    expiresAt: stamp('expires_at').notNull(),
    token: text('token').notNull().unique(),
    createdAt: stamp('created_at').notNull(),
    updatedAt: stamp('updated_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
  },
  (t) => [index('auth_sessions_user').on(t.userId)],
);

export const authAccounts = sqliteTable(
  'auth_accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: stamp('access_token_expires_at'),
    refreshTokenExpiresAt: stamp('refresh_token_expires_at'),
    scope: text('scope'),
    /** better-auth's scrypt hash of the password (never the password). */
    password: text('password'),
    createdAt: stamp('created_at').notNull(),
    updatedAt: stamp('updated_at').notNull(),
  },
  (t) => [index('auth_accounts_user').on(t.userId)],
);

export const authVerifications = sqliteTable('auth_verifications', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: stamp('expires_at').notNull(),
  createdAt: stamp('created_at').notNull(),
  updatedAt: stamp('updated_at').notNull(),
});

/**
 * Corrections (lib/review/corrections.ts): append-only. The latest correction of a report's cell or
 * rule is the one in force while `state` is `applied`; a re-parse that reads the cell differently
 * sets it `stale` (back in the review queue with both values). report_values is never changed.
 */
export const corrections = sqliteTable(
  'corrections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    /** A value key (cells) or a rule id (`source_inconsistent`). */
    target: text('target').notNull(),
    kind: text('kind', { enum: ['entered', 'confirmed', 'replaced', 'source_inconsistent'] }).notNull(),
    parsedValue: real('parsed_value'),
    parsedStatus: text('parsed_status').notNull(),
    enteredValue: real('entered_value'),
    sourceRaw: text('source_raw'),
    sourceStart: integer('source_start'),
    sourceEnd: integer('source_end'),
    reason: text('reason').notNull(),
    userId: text('user_id').notNull(),
    userName: text('user_name').notNull(),
    createdAt: text('created_at').notNull(),
    state: text('state', { enum: ['applied', 'stale'] }).notNull().default('applied'),
  },
  (t) => [index('corrections_report').on(t.reportId, t.target)],
);

/** Every write through the web or the user command: who, when, what, on which report. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userId: text('user_id'),
    userName: text('user_name'),
    /** upload | correction | metadata | version | user | sign_in … */
    action: text('action').notNull(),
    reportId: integer('report_id'),
    target: text('target'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at').on(t.at)],
);
