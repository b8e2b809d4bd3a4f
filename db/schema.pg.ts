/**
 * PostgreSQL tables, made from the one description in db/tables.ts (drizzle `pg-core`).
 * drizzle-kit generates db/migrations-pg from this file (drizzle.pg.config.ts).
 */
import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, pgTable, primaryKey, serial, text, uniqueIndex, type AnyPgColumn, type PgColumnBuilderBase } from 'drizzle-orm/pg-core';
import { camel, TABLES, type ColumnSpec, type TableName, type TableSpec } from './tables';

function column(name: string, c: ColumnSpec): PgColumnBuilderBase {
  let b;
  switch (c.kind) {
    case 'id':
      return serial(name).primaryKey();
    case 'text':
    case 'json':
      b = text(name);
      break;
    case 'integer':
    case 'flag':
      b = integer(name);
      break;
    case 'real':
      b = doublePrecision(name);
      break;
    case 'timestamp':
      b = text(name).default(sql`to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
      break;
  }
  if (c.default !== undefined) b = (b as ReturnType<typeof integer>).default(c.default);
  if (c.notNull) b = b.notNull();
  if (c.primaryKey) b = b.primaryKey();
  const ref = c.references;
  if (ref) b = b.references(() => (tables[ref.table as TableName] as unknown as Record<string, AnyPgColumn>)[camel(ref.column)], ref.onDelete ? { onDelete: ref.onDelete } : undefined);
  return b;
}

function table(name: string, spec: TableSpec) {
  const cols = Object.fromEntries(Object.entries(spec.columns).map(([n, c]) => [camel(n), column(n, c)]));
  return pgTable(name, cols, (t) => {
    const col = (n: string) => (t as Record<string, AnyPgColumn>)[camel(n)];
    const extra = [];
    if (spec.primaryKey) extra.push(primaryKey({ columns: spec.primaryKey.map(col) as [AnyPgColumn, ...AnyPgColumn[]] }));
    for (const ix of spec.indexes ?? []) {
      const [first, ...rest] = ix.columns.map(col);
      let i = (ix.unique ? uniqueIndex(ix.name) : index(ix.name)).on(first, ...rest);
      if (ix.where) i = i.where(sql.raw(ix.where));
      extra.push(i);
    }
    return extra;
  });
}

const tables = Object.fromEntries(Object.entries(TABLES).map(([n, spec]) => [n, table(n, spec)])) as Record<TableName, ReturnType<typeof table>>;

export const { regions, agencies, reports, report_values: reportValues, report_checks: reportChecks, report_metrics: reportMetrics, report_sections: reportSections, import_log: importLog, region_rollups: regionRollups,
  expected_units: expectedUnits, cross_year_findings: crossYearFindings, text_reuse: textReuse, coverage_summary: coverageSummary } = tables;
