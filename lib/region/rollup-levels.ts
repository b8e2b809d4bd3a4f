/**
 * The levels figures are summed up to (db/rollups.ts → region_rollups, db/crossyear.ts →
 * cross_year_summary, read by db/queries/figures.ts): a county-level code names its province and
 * city by prefix (GB/T 2260: 2 digits the province, 4 the city, 6 the county), so a sum per county
 * adds up to every level without the gazetteer. Described once, for SQL and for code.
 */
export const ROLLUP_LEVELS = [
  { level: 'country', digits: 0 },
  { level: 'province', digits: 2 },
  { level: 'city', digits: 4 },
  { level: 'county', digits: 6 },
] as const;

/** The code a county-level code is summed under at a level: 320831 → 000000, 320000, 320800, 320831. */
export function rollupCode(countyCode: string, digits: number): string {
  return countyCode.slice(0, digits).padEnd(6, '0');
}

/** rollupCode in SQL (SQLite and PostgreSQL), for a column holding county-level codes. */
export function rollupCodeSql(column: string, digits: number): string {
  if (digits === 0) return "'000000'";
  if (digits >= 6) return column;
  return `substr(${column}, 1, ${digits}) || '${'0'.repeat(6 - digits)}'`;
}
