/**
 * The counting rule's core, shared by the store (which keeps `reports.covered_rank` up to date)
 * and the queries (which read it): which region-wide reports already include a report.
 *
 * A region-wide report w (scope 'region': a government's report for its whole region, 全市…)
 * covers a report r when both are current and of the same year, w's region contains r's (w is
 * r's province, city or county, or r's township for a township-wide report), and r is not itself
 * a region-wide report of the same or a wider region. Widths ("ranks") are read from the codes:
 * 0 province (NN0000), 1 city (NNNN00), 2 county, 3 township (a report with a town_code).
 *
 * `covered_rank` is the rank of the narrowest region-wide report covering r (null: none). A filter
 * on region C counts r unless a covering report lies inside C, i.e. unless covered_rank ≥ rank(C):
 * one comparison on an indexed column instead of a lookup per report. Plain SQL throughout.
 */

/** SQL: the rank of the region-wide report (or region) in alias `x`. */
export const rankSql = (x: string) =>
  `(case when ${x}.town_code is not null then 3 when ${x}.region_code like '__0000' then 0 when ${x}.region_code like '____00' then 1 else 2 end)`;

/** The rank of a region code: 6 digits (province, city, county) or 9 (township). */
export function rankOfCode(code: string): number {
  return code.length === 9 ? 3 : code.endsWith('0000') ? 0 : code.endsWith('00') ? 1 : 2;
}

/** SQL conditions: report `w` is a current region-wide report covering report `r`. */
export function coversSql(r: string, w: string): string[] {
  return [
    `${w}.is_current = 1`,
    `${w}.year = ${r}.year`,
    `${w}.scope = 'region'`,
    `${w}.id <> ${r}.id`,
    `${w}.region_code in (substr(${r}.region_code, 1, 2) || '0000', substr(${r}.region_code, 1, 4) || '00', ${r}.region_code)`,
    // A township-wide report (全镇…) covers its township only.
    `(${w}.town_code is null or ${w}.town_code = ${r}.town_code)`,
    // A region-wide report is only covered by a strictly wider one.
    `(coalesce(${r}.scope, '') <> 'region' or ${rankSql(w)} < ${rankSql(r)})`,
  ];
}

/** SQL expression: covered_rank of report `r` computed afresh. */
export const coveredRankSql = (r: string) => `(select max(${rankSql('w')}) from reports w where ${coversSql(r, 'w').join(' and ')})`;

/**
 * SQL condition and parameters selecting the current reports of `year` inside the region of a
 * region-wide report (its township, county, city or province).
 */
export function insideSql(regionCode: string, townCode: string | null): { sql: string; params: string[] } {
  // A township's reports carry its county as region_code (as coversSql requires): naming both lets
  // the reports_current index seek to them instead of scanning every current report of the year.
  if (townCode) return { sql: 'region_code = ? and town_code = ?', params: [regionCode, townCode] };
  const rank = rankOfCode(regionCode);
  if (rank === 2) return { sql: 'region_code = ?', params: [regionCode] };
  const prefix = regionCode.slice(0, rank === 0 ? 2 : 4);
  return {
    sql: 'region_code >= ? and region_code < ?',
    params: [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)],
  };
}
