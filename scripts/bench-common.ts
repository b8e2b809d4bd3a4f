/**
 * What bench:store and bench:web share: which database they use, and percentiles.
 *
 * The database. SQLite: bench:store builds bench-out/bench.db. PostgreSQL
 * (DATABASE_URL=postgres://…/NAME): bench:store builds a database `NAME_bench` on that server, so
 * the database DATABASE_URL names is never overwritten; bench:web serves the same one.
 */
export const BENCH_SQLITE = 'bench-out/bench.db';

/** The benchmark's database on the server of a postgres:// URL: `<name>_bench<suffix>`. */
export function benchPgUrl(url: string, suffix = ''): URL {
  const target = new URL(url);
  target.pathname = `/${`${target.pathname.slice(1) || 'gongkai'}_bench${suffix}`.replace(/\W/g, '_')}`;
  return target;
}

export const isPgUrl = (url: string | undefined): url is string => Boolean(url && /^postgres(ql)?:\/\//.test(url));

/** The p-th percentile (0–100) of the samples, nearest rank. */
export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
