/**
 * SQLite tables, made from the one description in db/tables.ts (drizzle `sqlite-core`).
 * drizzle-kit generates db/migrations from this file (drizzle.config.ts).
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { buildTables, type ColumnSpec } from './tables';

function column(name: string, c: ColumnSpec, references: (() => AnySQLiteColumn) | undefined) {
  if (c.kind === 'id') return integer(name).primaryKey({ autoIncrement: true });
  let b =
    c.kind === 'integer'
      ? integer(name)
      : c.kind === 'real'
        ? real(name)
        : // Boolean mode only for drizzle's type; the database holds 0/1.
          c.kind === 'flag' || c.kind === 'boolean'
          ? integer(name, { mode: 'boolean' })
          : c.kind === 'datetime'
            ? integer(name, { mode: 'timestamp_ms' })
            : c.kind === 'json'
              ? text(name, { mode: 'json' })
              : c.kind === 'timestamp'
                ? text(name).default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
                : text(name);
  if (c.default !== undefined)
    b = (b as ReturnType<typeof integer>).default(c.kind === 'flag' ? (Boolean(c.default) as unknown as number) : c.default);
  if (c.notNull) b = b.notNull();
  if (c.primaryKey) b = b.primaryKey();
  if (references) b = b.references(references, c.references?.onDelete ? { onDelete: c.references.onDelete } : undefined);
  return b;
}

const tables = buildTables<AnySQLiteColumn, ReturnType<typeof sqliteTable>>({
  table: (name, columns, extras) =>
    sqliteTable(
      name,
      columns as Record<string, ReturnType<typeof text>>,
      (t) => extras((property) => (t as Record<string, AnySQLiteColumn>)[property]) as never,
    ),
  column,
  primaryKey: (columns) => primaryKey({ columns: columns as [AnySQLiteColumn, ...AnySQLiteColumn[]] }),
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
