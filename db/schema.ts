/**
 * SQLite tables, made from the one description in db/tables.ts (drizzle `sqlite-core`).
 * drizzle-kit generates db/migrations from this file (drizzle.config.ts).
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn, type SQLiteColumnBuilderBase } from 'drizzle-orm/sqlite-core';
import { camel, TABLES, type ColumnSpec, type TableName, type TableSpec } from './tables';

function column(name: string, c: ColumnSpec): SQLiteColumnBuilderBase {
  let b;
  switch (c.kind) {
    case 'id':
      return integer(name).primaryKey({ autoIncrement: true });
    case 'text':
      b = text(name);
      break;
    case 'integer':
      b = integer(name);
      break;
    case 'real':
      b = real(name);
      break;
    case 'flag':
      // Boolean mode only for drizzle's type; the database holds 0/1 as before.
      b = integer(name, { mode: 'boolean' });
      if (c.default !== undefined) b = b.default(Boolean(c.default));
      break;
    case 'json':
      b = text(name, { mode: 'json' });
      break;
    case 'timestamp':
      b = text(name).default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);
      break;
  }
  if (c.default !== undefined && c.kind !== 'flag') b = (b as ReturnType<typeof integer>).default(c.default);
  if (c.notNull) b = b.notNull();
  if (c.primaryKey) b = b.primaryKey();
  const ref = c.references;
  if (ref) b = b.references(() => (tables[ref.table as TableName] as unknown as Record<string, AnySQLiteColumn>)[camel(ref.column)], ref.onDelete ? { onDelete: ref.onDelete } : undefined);
  return b;
}

function table(name: string, spec: TableSpec) {
  const cols = Object.fromEntries(Object.entries(spec.columns).map(([n, c]) => [camel(n), column(n, c)]));
  return sqliteTable(name, cols, (t) => {
    const col = (n: string) => (t as Record<string, AnySQLiteColumn>)[camel(n)];
    const extra = [];
    if (spec.primaryKey) extra.push(primaryKey({ columns: spec.primaryKey.map(col) as [AnySQLiteColumn, ...AnySQLiteColumn[]] }));
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
