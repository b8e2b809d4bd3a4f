/**
 * PostgreSQL tables, made from the one description in db/tables.ts (drizzle `pg-core`).
 * drizzle-kit generates db/migrations-pg from this file (drizzle.pg.config.ts).
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { buildTables, type ColumnSpec } from './tables';

function column(name: string, c: ColumnSpec, references: (() => AnyPgColumn) | undefined) {
  if (c.kind === 'id') return serial(name).primaryKey();
  // Flags stay integers 0/1 (the same SQL as on SQLite); JSON stays text.
  let b =
    c.kind === 'integer' || c.kind === 'flag'
      ? integer(name)
      : c.kind === 'real'
        ? doublePrecision(name)
        : c.kind === 'timestamp'
          ? text(name).default(sql`to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)
          : c.kind === 'datetime'
            ? timestamp(name, { withTimezone: true, mode: 'date' })
            : c.kind === 'boolean'
              ? boolean(name)
              : text(name);
  if (c.default !== undefined) b = (b as ReturnType<typeof integer>).default(c.default);
  if (c.notNull) b = b.notNull();
  if (c.primaryKey) b = b.primaryKey();
  if (references) b = b.references(references, c.references?.onDelete ? { onDelete: c.references.onDelete } : undefined);
  return b;
}

const tables = buildTables<AnyPgColumn, ReturnType<typeof pgTable>>({
  table: (name, columns, extras) =>
    pgTable(
      name,
      columns as Record<string, ReturnType<typeof text>>,
      (t) => extras((property) => (t as Record<string, AnyPgColumn>)[property]) as never,
    ),
  column,
  primaryKey: (columns) => primaryKey({ columns: columns as [AnyPgColumn, ...AnyPgColumn[]] }),
  index: (name, unique, [first, ...rest], where) => {
    const i = (unique ? uniqueIndex(name) : index(name)).on(first, ...rest);
    return where ? i.where(sql.raw(where)) : i;
  },
});

export const {
  regions,
  agencies,
  reports,
  report_values: reportValues,
  report_checks: reportChecks,
  report_metrics: reportMetrics,
  report_sections: reportSections,
  import_log: importLog,
  region_rollups: regionRollups,
  auth_users: authUsers,
  auth_sessions: authSessions,
  auth_accounts: authAccounts,
  auth_verifications: authVerifications,
  auth_rate_limits: authRateLimits,
  auth_sign_in_failures: authSignInFailures,
  corrections,
  audit_log: auditLog,
  expected_units: expectedUnits,
  cross_year_findings: crossYearFindings,
  text_reuse: textReuse,
  cross_year_summary: crossYearSummary,
  coverage_summary: coverageSummary,
} = tables;
