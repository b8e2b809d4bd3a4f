/**
 * Numeric URL parameters, validated into a safe range. A URL is user input: `?p=1e17`,
 * `Infinity`, `-1`, `abc` or a 30-digit id must never reach a query (SQLite refuses an OFFSET
 * beyond 64 bits: HTTP 500). Every numeric search or path parameter of a page goes through
 * `intParam`/`parseIntInRange`; what is not a plain decimal integer inside the range gives the
 * fallback.
 *
 * Meant as the base of one URL filter builder: each filter names its parameter and its range
 * here (RANGES), and the parser never sees anything else.
 */

export type SearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

/** A parameter's first value (Next gives repeated parameters as arrays), or null. */
export function getParam(sp: SearchParams, name: string): string | null {
  if (sp instanceof URLSearchParams) return sp.get(name);
  const v = sp[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

export interface IntRange {
  min: number;
  max: number;
}

export const RANGES = {
  /** A page number (0-based) of a list: 100 rows a page, far beyond any real list. */
  page: { min: 0, max: 100_000 },
  /** A database row id (agencies, reports): positive, within SQLite's and JavaScript's integers. */
  id: { min: 1, max: 2 ** 31 - 1 },
  /** A statistics year. */
  year: { min: 2000, max: 2100 },
} as const satisfies Record<string, IntRange>;

/**
 * `raw` as an integer when it is written as plain decimal digits (a leading `-` only where the
 * range allows negatives; no exponent, sign `+`, fraction, spaces or `Infinity`) and lies in
 * the range; else null.
 */
export function parseIntInRange(raw: string | null | undefined, range: IntRange): number | null {
  if (raw == null) return null;
  const m = /^(-?)(\d{1,16})$/.exec(raw);
  if (!m || (m[1] && range.min >= 0)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= range.min && n <= range.max ? n : null;
}

/** A numeric search parameter: its value in range, else `fallback`. */
export function intParam<F extends number | null>(sp: SearchParams, name: string, range: IntRange, fallback: F): number | F {
  return parseIntInRange(getParam(sp, name), range) ?? fallback;
}
