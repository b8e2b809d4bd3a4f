/**
 * The database schema, described once as data. db/schema.ts (SQLite) and db/schema.pg.ts
 * (PostgreSQL) turn this description into drizzle tables; drizzle-kit generates each dialect's
 * migrations from those (db/migrations, db/migrations-pg). Change a table here, then run
 * `npm run db:generate` (both dialects).
 *
 * Kinds are chosen so the same SQL runs on both databases: flags are integers 0/1 (a PostgreSQL
 * boolean would reject `is_current = 1`), JSON is kept as text, reals are double precision.
 */
import { METRIC_COLUMNS, RATIOS } from '../lib/metrics';
import { CELL_STATUSES } from '../lib/report/types';

export type ColumnKind =
  /** Integer key assigned by the database (SQLite AUTOINCREMENT, PostgreSQL serial). */
  | 'id'
  | 'text'
  | 'integer'
  /** Double precision (SQLite real, PostgreSQL double precision). */
  | 'real'
  /** 0 or 1. */
  | 'flag'
  /** JSON, stored as text. */
  | 'json'
  /** UTC time as ISO 8601 text, set by the database when not given. */
  | 'timestamp'
  /**
   * A moment the application writes as a JS Date (SQLite integer milliseconds, PostgreSQL
   * timestamptz): better-auth's tables, whose adapter reads and writes Dates.
   */
  | 'datetime'
  /** A boolean the application writes as true/false (SQLite 0/1, PostgreSQL boolean): better-auth's tables. */
  | 'boolean';

export interface ColumnSpec {
  kind: ColumnKind;
  notNull?: boolean;
  primaryKey?: boolean;
  default?: number;
  /** The values a text column may hold (documentation and drizzle's type; not a database check). */
  values?: readonly string[];
  references?: { table: string; column: string; onDelete?: 'cascade' };
}

export interface IndexSpec {
  name: string;
  columns: string[];
  unique?: boolean;
  /** A partial index's condition, plain SQL valid on both databases. */
  where?: string;
}

export interface TableSpec {
  /** Column name (as in SQL) → column. Order is the order of the columns in the table. */
  columns: Record<string, ColumnSpec>;
  primaryKey?: string[];
  indexes?: IndexSpec[];
}

const REGION_LEVELS = ['province', 'city', 'county', 'township'] as const;

export const TABLES = {
  /** GB/T 2260 divisions: province → city → county → township (codes 6 or 9 digits). */
  regions: {
    columns: {
      code: { kind: 'text', primaryKey: true },
      name: { kind: 'text', notNull: true },
      level: { kind: 'text', notNull: true, values: REGION_LEVELS },
      parent_code: { kind: 'text' },
      /** Full name from the province down, e.g. 江苏省淮安市洪泽区. */
      path: { kind: 'text', notNull: true },
    },
    indexes: [
      { name: 'regions_parent', columns: ['parent_code'] },
      { name: 'regions_name', columns: ['name'] },
    ],
  },

  agencies: {
    columns: {
      id: { kind: 'id' },
      name: { kind: 'text', notNull: true },
      level: { kind: 'text', values: [...REGION_LEVELS, 'department'] },
      kind: { kind: 'text', values: ['government', 'office', 'department'] },
      /** County-level (or higher) region the agency belongs to. */
      region_code: { kind: 'text', references: { table: 'regions', column: 'code' } },
      /** The township, for township governments and street offices. */
      town_code: { kind: 'text', references: { table: 'regions', column: 'code' } },
    },
    indexes: [
      { name: 'agencies_name_region', columns: ['name', 'region_code'], unique: true },
      { name: 'agencies_region', columns: ['region_code'] },
    ],
  },

  reports: {
    columns: {
      id: { kind: 'id' },
      agency_id: { kind: 'integer', references: { table: 'agencies', column: 'id' } },
      /** Copied from the agency, so the dashboard's scans need no join (a report keeps its place). */
      region_code: { kind: 'text' },
      town_code: { kind: 'text' },
      /** The statistics year (the year reported on). */
      year: { kind: 'integer' },
      format: { kind: 'text', notNull: true, values: ['2021', '2019'] },
      title: { kind: 'text' },
      published: { kind: 'text' },
      source_file: { kind: 'text', notNull: true },
      source_url: { kind: 'text' },
      source_kind: { kind: 'text', notNull: true },
      /** SHA-256 of the file's bytes: the same content is stored once. */
      content_hash: { kind: 'text', notNull: true },
      parser_version: { kind: 'text', notNull: true },
      /** The normalized source text all cell offsets point into. */
      text: { kind: 'text', notNull: true },
      /** agency: the agency's own work; region: the whole region (全市…), never summed with its departments. */
      scope: { kind: 'text', values: ['agency', 'region'] },
      /**
       * Of several versions for one agency and year (a corrected re-publication), the one the
       * dashboard counts: the latest published, then the latest imported.
       */
      is_current: { kind: 'flag', notNull: true, default: 1 },
      /** What a manifest declared (agency, region_code, year, published): re-applied on re-parse. */
      declared: { kind: 'json' },
      warnings: { kind: 'json', notNull: true },
      failed_checks: { kind: 'integer', notNull: true, default: 0 },
      warning_count: { kind: 'integer', notNull: true, default: 0 },
      imported_at: { kind: 'timestamp', notNull: true },
      /**
       * An admin's decision on this version (issue 8): `withdrawn` never counts, `current` counts
       * whatever the dates say; null leaves it to the dates. Nothing is hard-deleted.
       */
      version_pin: { kind: 'text', values: ['current', 'withdrawn'] },
      /** The account that uploaded the report through the browser (null: the command line). */
      uploaded_by: { kind: 'text' },
      /**
       * The review state (lib/review/queue.ts), kept by the store at import, re-parse and
       * correction: figures in force from a correction; doubtful figures (missing, inferred,
       * guessed) not yet reviewed; failed checks neither settled nor marked; unsettled metadata
       * (agency, region, year); corrections a re-parse put back in the queue.
       */
      reviewed_cells: { kind: 'integer', notNull: true, default: 0 },
      doubtful_cells: { kind: 'integer', notNull: true, default: 0 },
      open_checks: { kind: 'integer', notNull: true, default: 0 },
      open_meta: { kind: 'integer', notNull: true, default: 0 },
      stale_corrections: { kind: 'integer', notNull: true, default: 0 },
      /**
       * The counting rule, kept by the store (db/coverage.ts): the rank (0 province, 1 city, 2 county,
       * 3 township) of the narrowest current region-wide report that already includes this one; null
       * when none does. A figure for region C leaves the report out when covered_rank ≥ rank(C).
       */
      covered_rank: { kind: 'integer' },
    },
    indexes: [
      { name: 'reports_content_hash', columns: ['content_hash'], unique: true },
      { name: 'reports_agency_year', columns: ['agency_id', 'year'] },
      // Covering index for the dashboard's scans: rows hold the whole report text, so reading the
      // table itself to pick current reports would read megabytes per query.
      {
        name: 'reports_current',
        columns: ['is_current', 'year', 'region_code', 'town_code', 'scope', 'agency_id', 'failed_checks', 'warning_count', 'covered_rank'],
      },
      // Coverage and deadlines (db/queries/coverage.ts): who published when, without reading rows.
      { name: 'reports_published', columns: ['is_current', 'region_code', 'town_code', 'year', 'agency_id', 'published'] },
      // Report counts per agency (search, region pages) without reading report rows.
      { name: 'reports_agency_current', columns: ['agency_id', 'is_current'] },
      // The data-quality lists: reports with failures first, read in order from the index alone.
      { name: 'reports_quality', columns: ['is_current', 'failed_checks', 'year', 'warning_count', 'region_code', 'town_code'] },
      // The review queue and its counts (db/queries/review.ts) from the index alone: the review
      // columns come after the text in the row, so reading them from the table walks every text.
      {
        name: 'reports_review',
        columns: [
          'region_code',
          'town_code',
          'year',
          'doubtful_cells',
          'open_checks',
          'open_meta',
          'stale_corrections',
          'reviewed_cells',
          'uploaded_by',
          'agency_id',
          'is_current',
          'version_pin',
        ],
      },
    ],
  },

  /** One row per report and value key (`t3.granted.total` …), as printed, with its source offsets. */
  report_values: {
    columns: {
      report_id: { kind: 'integer', notNull: true, references: { table: 'reports', column: 'id', onDelete: 'cascade' } },
      key: { kind: 'text', notNull: true },
      value: { kind: 'real' },
      status: { kind: 'text', notNull: true, values: CELL_STATUSES },
      raw: { kind: 'text' },
      start: { kind: 'integer' },
      end: { kind: 'integer' },
      note: { kind: 'text' },
    },
    // No index by key: inserting 200 keys per report into a key-ordered index made imports 7× slower;
    // queries look values up by (report_id, key) for the reports they count. On SQLite stored
    // WITHOUT ROWID (custom migration 0001: drizzle cannot declare it), like report_checks.
    primaryKey: ['report_id', 'key'],
  },

  /** One row per report and consistency rule. */
  report_checks: {
    columns: {
      report_id: { kind: 'integer', notNull: true, references: { table: 'reports', column: 'id', onDelete: 'cascade' } },
      rule_id: { kind: 'text', notNull: true },
      status: { kind: 'text', notNull: true, values: ['pass', 'fail', 'not_assessable'] },
      expected: { kind: 'real' },
      actual: { kind: 'real' },
      message: { kind: 'text' },
    },
    primaryKey: ['report_id', 'rule_id'],
    // Only failures are looked up by rule; a partial index keeps the 40 passing rows per report out of it.
    indexes: [{ name: 'report_checks_failed', columns: ['rule_id', 'report_id'], where: "status = 'fail'" }],
  },

  /**
   * The figures the dashboard aggregates, one row per report (derived from report_values by
   * lib/metrics at import), so charts read one row per report instead of dozens of values.
   * A figure is null when the report lacks it: a cell behind it is missing, inferred or guessed
   * (not reviewed). Sums count such reports as lacking, never as 0 (lib/metrics, db/queries/figures).
   */
  report_metrics: {
    columns: {
      report_id: { kind: 'integer', primaryKey: true, references: { table: 'reports', column: 'id', onDelete: 'cascade' } },
      ...Object.fromEntries(METRIC_COLUMNS.map((c) => [c, { kind: 'real' } as ColumnSpec])),
      /**
       * The figures above are the values in force (corrections applied, issue 8). How many of the
       * report's figures a reviewer set, and how many doubtful ones (missing, inferred, guessed) no
       * one has reviewed yet — summed beside every aggregate, join-free (a copy of the reports
       * columns of the same names, which the review queue reads).
       */
      reviewed_cells: { kind: 'integer', notNull: true, default: 0 },
      doubtful_cells: { kind: 'integer', notNull: true, default: 0 },
    },
  },

  /**
   * Region × year roll-ups of report_metrics, rebuilt after every import (db/rollups.ts), so a
   * national or provincial figure reads a handful of rows instead of every report. One row per
   * level (country, province, city, county), region code, year and `covered` (the reports'
   * covered_rank, -1 for none: a figure for region C adds the rows with covered < rank(C), the
   * counting rule of db/queries/filter.ts). Per figure: s_<figure> the sum over the reports having
   * it, n_<figure> how many have it; per ratio: rn_/rd_ its parts and ro_ how many have both.
   */
  region_rollups: {
    columns: {
      level: { kind: 'text', notNull: true, values: ['country', 'province', 'city', 'county'] },
      code: { kind: 'text', notNull: true },
      year: { kind: 'integer', notNull: true },
      covered: { kind: 'integer', notNull: true },
      reports: { kind: 'integer', notNull: true },
      first_id: { kind: 'integer', notNull: true },
      failed_reports: { kind: 'integer', notNull: true },
      failed_checks: { kind: 'integer', notNull: true },
      ...Object.fromEntries(
        METRIC_COLUMNS.flatMap((c) => [
          [`s_${c}`, { kind: 'real' } as ColumnSpec],
          [`n_${c}`, { kind: 'integer', notNull: true } as ColumnSpec],
        ]),
      ),
      ...Object.fromEntries(
        RATIOS.flatMap((q) => [
          [`rn_${q.id}`, { kind: 'real' } as ColumnSpec],
          [`rd_${q.id}`, { kind: 'real' } as ColumnSpec],
          [`ro_${q.id}`, { kind: 'integer', notNull: true } as ColumnSpec],
        ]),
      ),
      /** Sums of report_metrics.reviewed_cells / doubtful_cells (issue 8), shown beside the figures. */
      reviewed_cells: { kind: 'integer', notNull: true, default: 0 },
      doubtful_cells: { kind: 'integer', notNull: true, default: 0 },
    },
    primaryKey: ['level', 'code', 'year', 'covered'],
  },

  /** The narrative parts (一 总体情况 … 六 其他需要报告的事项), for drill-down. */
  report_sections: {
    columns: {
      report_id: { kind: 'integer', notNull: true, references: { table: 'reports', column: 'id', onDelete: 'cascade' } },
      idx: { kind: 'integer', notNull: true },
      title: { kind: 'text', notNull: true },
      start: { kind: 'integer', notNull: true },
      end: { kind: 'integer', notNull: true },
    },
    primaryKey: ['report_id', 'idx'],
  },

  /** Every file an import looked at: imported, unchanged or failed (with the reason). */
  import_log: {
    columns: {
      id: { kind: 'id' },
      run_at: { kind: 'text', notNull: true },
      file: { kind: 'text', notNull: true },
      outcome: { kind: 'text', notNull: true, values: ['imported', 'unchanged', 'reparsed', 'failed'] },
      reason: { kind: 'text' },
      report_id: { kind: 'integer' },
    },
  },

  /*
   * Accounts (issue 8): better-auth's four tables, read and written by its drizzle adapter (its
   * own password hashing and session tokens). `role` and `region_code` are ours, set by an admin
   * or `npm run user:add`, never by the user (server/auth.ts declares them `input: false`).
   */
  auth_users: {
    columns: {
      id: { kind: 'text', primaryKey: true },
      name: { kind: 'text', notNull: true },
      email: { kind: 'text', notNull: true },
      email_verified: { kind: 'boolean', notNull: true },
      image: { kind: 'text' },
      created_at: { kind: 'datetime', notNull: true },
      updated_at: { kind: 'datetime', notNull: true },
      username: { kind: 'text' },
      display_username: { kind: 'text' },
      /** reviewer | admin (lib/auth/policy.ts). */
      role: { kind: 'text', notNull: true, values: ['reviewer', 'admin'] },
      /** GB/T 2260 code of the region subtree the account is limited to; null = the whole country. */
      region_code: { kind: 'text' },
      /** Set when an admin disables the account: it cannot sign in, its sessions are deleted. */
      disabled_at: { kind: 'datetime' },
    },
    indexes: [
      { name: 'auth_users_email', columns: ['email'], unique: true },
      { name: 'auth_users_username', columns: ['username'], unique: true },
    ],
  },

  auth_sessions: {
    columns: {
      id: { kind: 'text', primaryKey: true },
      expires_at: { kind: 'datetime', notNull: true },
      token: { kind: 'text', notNull: true },
      created_at: { kind: 'datetime', notNull: true },
      updated_at: { kind: 'datetime', notNull: true },
      ip_address: { kind: 'text' },
      user_agent: { kind: 'text' },
      user_id: { kind: 'text', notNull: true, references: { table: 'auth_users', column: 'id', onDelete: 'cascade' } },
    },
    indexes: [
      { name: 'auth_sessions_token', columns: ['token'], unique: true },
      { name: 'auth_sessions_user', columns: ['user_id'] },
    ],
  },

  auth_accounts: {
    columns: {
      id: { kind: 'text', primaryKey: true },
      account_id: { kind: 'text', notNull: true },
      provider_id: { kind: 'text', notNull: true },
      user_id: { kind: 'text', notNull: true, references: { table: 'auth_users', column: 'id', onDelete: 'cascade' } },
      access_token: { kind: 'text' },
      refresh_token: { kind: 'text' },
      id_token: { kind: 'text' },
      access_token_expires_at: { kind: 'datetime' },
      refresh_token_expires_at: { kind: 'datetime' },
      scope: { kind: 'text' },
      /** better-auth's scrypt hash of the password (never the password). */
      password: { kind: 'text' },
      created_at: { kind: 'datetime', notNull: true },
      updated_at: { kind: 'datetime', notNull: true },
    },
    indexes: [{ name: 'auth_accounts_user', columns: ['user_id'] }],
  },

  auth_verifications: {
    columns: {
      id: { kind: 'text', primaryKey: true },
      identifier: { kind: 'text', notNull: true },
      value: { kind: 'text', notNull: true },
      expires_at: { kind: 'datetime', notNull: true },
      created_at: { kind: 'datetime', notNull: true },
      updated_at: { kind: 'datetime', notNull: true },
    },
  },

  /**
   * better-auth's sign-in rate limits (its `database` storage): one row per client address and
   * path. In the database, not in memory, because `npm start` serves from one process per core
   * (scripts/serve.mjs) and each must count the same attempts. `last_request` is milliseconds
   * since 1970 (a double: exact to 2^53, beyond PostgreSQL's 32-bit integer).
   */
  auth_rate_limits: {
    columns: {
      id: { kind: 'text', primaryKey: true },
      key: { kind: 'text', notNull: true },
      count: { kind: 'integer', notNull: true },
      last_request: { kind: 'real', notNull: true },
    },
    indexes: [{ name: 'auth_rate_limits_key', columns: ['key'], unique: true }],
  },

  /**
   * Failed sign-ins by account (`client` '') and by account and client address: the per-account
   * backoff of server/sign-in-guard.ts. `last_failure_at` is milliseconds since 1970, like
   * auth_rate_limits.last_request.
   */
  auth_sign_in_failures: {
    columns: {
      username: { kind: 'text', notNull: true },
      client: { kind: 'text', notNull: true },
      failures: { kind: 'integer', notNull: true },
      last_failure_at: { kind: 'real', notNull: true },
    },
    primaryKey: ['username', 'client'],
  },

  /**
   * Corrections (lib/review/corrections.ts), append-only. The latest correction of a report's cell
   * or rule is the one in force while `state` is `applied`; a re-parse that reads the cell
   * differently sets it `stale` (back in the queue with both values). report_values never changes.
   */
  corrections: {
    columns: {
      id: { kind: 'id' },
      report_id: { kind: 'integer', notNull: true, references: { table: 'reports', column: 'id', onDelete: 'cascade' } },
      /** A value key (cells) or a rule id (`source_inconsistent`). */
      target: { kind: 'text', notNull: true },
      kind: { kind: 'text', notNull: true, values: ['entered', 'confirmed', 'replaced', 'source_inconsistent'] },
      parsed_value: { kind: 'real' },
      parsed_status: { kind: 'text', notNull: true },
      entered_value: { kind: 'real' },
      source_raw: { kind: 'text' },
      source_start: { kind: 'integer' },
      source_end: { kind: 'integer' },
      reason: { kind: 'text', notNull: true },
      user_id: { kind: 'text', notNull: true },
      user_name: { kind: 'text', notNull: true },
      created_at: { kind: 'timestamp', notNull: true },
      state: { kind: 'text', notNull: true, values: ['applied', 'stale'] },
    },
    indexes: [{ name: 'corrections_report', columns: ['report_id', 'target'] }],
  },

  /** Every write through the web or the user command: who, when, what, on which report. */
  audit_log: {
    columns: {
      id: { kind: 'id' },
      at: { kind: 'timestamp', notNull: true },
      user_id: { kind: 'text' },
      user_name: { kind: 'text' },
      /** upload | correction | metadata | version | user */
      action: { kind: 'text', notNull: true },
      report_id: { kind: 'integer' },
      target: { kind: 'text' },
      detail: { kind: 'json' },
    },
    indexes: [{ name: 'audit_log_at', columns: ['at'] }],
  },

  /**
   * The expected-units list a supervisor imports (`npm run units:import`, lib/import/units.ts):
   * bodies that must publish (added to the gazetteer's governments and the departments that have
   * reported) and bodies marked not expected (merged, abolished) for a span of years. A new import
   * of a list replaces the rows of the same file name.
   */
  expected_units: {
    columns: {
      id: { kind: 'id' },
      name: { kind: 'text', notNull: true },
      /** 6 digits (province … county) or 9 (township): the place the body belongs to. */
      place_code: { kind: 'text', notNull: true },
      kind: { kind: 'text', notNull: true, values: ['government', 'office', 'department'] },
      expected: { kind: 'flag', notNull: true },
      from_year: { kind: 'integer' },
      to_year: { kind: 'integer' },
      /** `MM-DD`: a publication deadline of its own. */
      deadline: { kind: 'text' },
      note: { kind: 'text' },
      source_file: { kind: 'text', notNull: true },
      imported_at: { kind: 'timestamp', notNull: true },
    },
    indexes: [{ name: 'expected_units_place', columns: ['place_code'] }],
  },

  /**
   * Cross-year findings (lib/crossyear): one row per pair of consecutive current reports of a body
   * and rule, kept apart from report_checks (a within-report rule). Rebuilt for a body whenever
   * one of its reports is stored or re-parsed.
   */
  cross_year_findings: {
    columns: {
      report_id: { kind: 'integer', notNull: true, references: { table: 'reports', column: 'id', onDelete: 'cascade' } },
      previous_report_id: { kind: 'integer', notNull: true, references: { table: 'reports', column: 'id', onDelete: 'cascade' } },
      agency_id: { kind: 'integer', notNull: true },
      year: { kind: 'integer', notNull: true },
      rule_id: { kind: 'text', notNull: true },
      severity: { kind: 'text', notNull: true, values: ['error', 'verify'] },
      status: { kind: 'text', notNull: true, values: ['pass', 'fail', 'not_assessable'] },
      expected: { kind: 'real' },
      actual: { kind: 'real' },
      doubtful: { kind: 'flag', notNull: true },
      message: { kind: 'text' },
    },
    primaryKey: ['report_id', 'rule_id'],
    indexes: [
      { name: 'cross_year_findings_previous', columns: ['previous_report_id'] },
      { name: 'cross_year_findings_agency', columns: ['agency_id', 'year'] },
      { name: 'cross_year_findings_failed', columns: ['year', 'severity', 'rule_id'], where: "status = 'fail'" },
    ],
  },

  /** Text reuse of a current report against its body's report of the year before, per section (0: whole narrative). */
  text_reuse: {
    columns: {
      report_id: { kind: 'integer', notNull: true, references: { table: 'reports', column: 'id', onDelete: 'cascade' } },
      previous_report_id: { kind: 'integer', notNull: true, references: { table: 'reports', column: 'id', onDelete: 'cascade' } },
      section: { kind: 'integer', notNull: true },
      sentences: { kind: 'integer', notNull: true },
      reused: { kind: 'integer', notNull: true },
      /** Reused passages as [start, end] offsets into the report's text. */
      passages: { kind: 'json', notNull: true },
    },
    primaryKey: ['report_id', 'section'],
  },

  /**
   * Cross-year failures per region and year, as the quality page counts them (db/crossyear.ts
   * refreshCrossYearSummary): one row per level (country '000000', province, city, county), code
   * and year — errors and hints failed, pairs (current reports with a year before) checked. Counting
   * them per request read every finding of the country.
   */
  cross_year_summary: {
    columns: {
      level: { kind: 'text', notNull: true, values: ['country', 'province', 'city', 'county'] },
      code: { kind: 'text', notNull: true },
      year: { kind: 'integer', notNull: true },
      errors: { kind: 'integer', notNull: true },
      hints: { kind: 'integer', notNull: true },
      pairs: { kind: 'integer', notNull: true },
    },
    primaryKey: ['level', 'code', 'year'],
  },

  /**
   * Coverage and timeliness of the country (region_code '') and of each province, per year, as
   * their pages show it (db/queries/coverage.ts): computed after every import and units import,
   * because computing them per request would read every report of the country or province.
   */
  coverage_summary: {
    columns: {
      region_code: { kind: 'text', notNull: true },
      year: { kind: 'integer', notNull: true },
      /** The year's figures, missing bodies (first 200 per group), children and late list. */
      view: { kind: 'json', notNull: true },
      /** The deadline settings the late list was computed with. */
      settings: { kind: 'json', notNull: true },
    },
    primaryKey: ['region_code', 'year'],
  },
} satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;

/** `region_code` → `regionCode`: drizzle's property names. */
export const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** What each dialect's schema file supplies to turn the description into its drizzle tables. */
export interface DialectKit<Column, Table> {
  /** `extras` gives the primary key and indexes, given the table's columns by property name. */
  table(name: string, columns: Record<string, unknown>, extras: (column: (property: string) => Column) => unknown[]): Table;
  /** A column builder; `references` resolves the referenced column lazily (tables refer to each other). */
  column(name: string, spec: ColumnSpec, references: (() => Column) | undefined): unknown;
  primaryKey(columns: Column[]): unknown;
  index(name: string, unique: boolean, columns: Column[], where: string | undefined): unknown;
}

/** Every table of the description, built with one dialect's kit. */
export function buildTables<Column, Table>(kit: DialectKit<Column, Table>): Record<TableName, Table> {
  const tables = {} as Record<TableName, Table>;
  const columnOf = (table: string, name: string) => (tables[table as TableName] as unknown as Record<string, Column>)[camel(name)];
  for (const [name, spec] of Object.entries(TABLES) as [TableName, TableSpec][]) {
    const columns = Object.fromEntries(
      Object.entries(spec.columns).map(([n, c]) => [
        camel(n),
        kit.column(n, c, c.references ? () => columnOf(c.references!.table, c.references!.column) : undefined),
      ]),
    );
    tables[name] = kit.table(name, columns, (col) => [
      ...(spec.primaryKey ? [kit.primaryKey(spec.primaryKey.map((n) => col(camel(n))))] : []),
      ...(spec.indexes ?? []).map((ix) =>
        kit.index(
          ix.name,
          Boolean(ix.unique),
          ix.columns.map((n) => col(camel(n))),
          ix.where,
        ),
      ),
    ]);
  }
  return tables;
}
