/**
 * The cache key of a rendered file (chart image, briefing): the route, the file, its query
 * normalised, the database's data version and whatever else the file prints (the date, the
 * site's address). Pure.
 */

/**
 * The query with its parameters in name order. Stable: repeated parameters keep their relative
 * order (the routes read the first value of a name, so `r=2&r=1` and `r=1&r=2` are different).
 */
export function normalisedQuery(sp: URLSearchParams): string {
  const entries = [...sp.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

export function fileCacheKey(route: string, file: string, sp: URLSearchParams, dataVersion: string, extra: string[] = []): string {
  return JSON.stringify([route, file, normalisedQuery(sp), dataVersion, ...extra]);
}
