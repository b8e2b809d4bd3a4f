/**
 * Search parameters, validated: every page reads its filter through here, under one set of names.
 *
 *   r   region codes (GB/T 2260, 6 or 9 digits), `~`-joined      (old alias on /quality: region)
 *   a   agency ids, `~`-joined
 *   y   years: `2023`, a range `2021-2023` or a list `2021~2023` (old alias on /quality: year)
 *
 * A URL is user input: `?p=1e17`, `Infinity`, `-1`, `abc` or a 30-digit id must never reach a
 * query (SQLite refuses an OFFSET beyond 64 bits: HTTP 500). Every numeric search or path
 * parameter goes through `intParam`/`parseIntInRange`; what is not a plain decimal integer inside
 * its range gives the fallback. Anything else malformed is dropped: a hand-edited or hostile URL
 * shows the unfiltered view rather than a crash or an unbounded query. Pure: no I/O.
 */

export type SearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

/** A parameter's first value (Next gives repeated parameters as arrays), or null. */
export function getParam(sp: SearchParams, name: string): string | null {
  if (sp instanceof URLSearchParams) return sp.get(name);
  const v = sp[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

/** The first of several names that is present (a current name, then its old aliases). */
export function getParamAny(sp: SearchParams, names: readonly string[]): string | null {
  for (const n of names) {
    const v = getParam(sp, n);
    if (v != null && v !== '') return v;
  }
  return null;
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

// ---------------------------------------------------------------------------------------------
// The filter every page reads: regions, agencies, years

export const MAX_SELECTION = 12;

/** A `~`-joined list (also `,` or spaces), at most 50 parts. */
export function list(v: string | null): string[] {
  if (!v) return [];
  return v
    .split(/[~,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 50);
}

export function isRegionCode(s: string): boolean {
  return /^\d{6}$|^\d{9}$/.test(s);
}

/** `2021-2023` → [2021, 2022, 2023]; `2021~2023` → [2021, 2023]; invalid parts are dropped. */
export function parseYears(v: string | null): number[] | null {
  if (!v) return null;
  const out = new Set<number>();
  for (const part of list(v)) {
    const m = /^(\d{4})-(\d{4})$/.exec(part);
    if (m) {
      const [a, b] = [parseIntInRange(m[1], RANGES.year), parseIntInRange(m[2], RANGES.year)];
      if (a != null && b != null) for (let y = Math.min(a, b); y <= Math.max(a, b); y++) out.add(y);
    } else {
      const y = /^\d{4}$/.test(part) ? parseIntInRange(part, RANGES.year) : null;
      if (y != null) out.add(y);
    }
  }
  return out.size ? [...out].sort((x, y) => x - y) : null;
}

/** [2021, 2022, 2023] → `2021-2023`; [2021, 2023] → `2021~2023`. */
export function formatYears(years: number[] | null | undefined): string | null {
  if (!years || years.length === 0) return null;
  const ys = [...new Set(years)].sort((a, b) => a - b);
  const contiguous = ys.every((y, i) => i === 0 || y === ys[i - 1] + 1);
  if (ys.length > 2 && contiguous) return `${ys[0]}-${ys[ys.length - 1]}`;
  return ys.join('~');
}

/** The filter every page reads from its URL (before the database confirms the region exists). */
export interface FilterParams {
  regions: string[];
  agencies: number[];
  years: number[] | null;
}

/** Current names first, then old aliases (redirected to the current ones by the pages). */
export const PARAM_NAMES = { regions: ['r', 'region'], agencies: ['a', 'agency'], years: ['y', 'year'] } as const;

export function parseFilterParams(sp: SearchParams): FilterParams {
  const regions = [...new Set(list(getParamAny(sp, PARAM_NAMES.regions)).filter(isRegionCode))].slice(0, MAX_SELECTION);
  const agencies = [
    ...new Set(
      list(getParamAny(sp, PARAM_NAMES.agencies))
        .map((s) => parseIntInRange(s, RANGES.id))
        .filter((n): n is number => n != null),
    ),
  ].slice(0, Math.max(0, MAX_SELECTION - regions.length));
  return { regions, agencies, years: parseYears(getParamAny(sp, PARAM_NAMES.years)) };
}

/** The query string (without `?`) of a filter plus extra parameters, under the current names. */
export function filterQuery(f: Partial<FilterParams>, extra: Record<string, string | number | null | undefined> = {}): string {
  const parts: string[] = [];
  if (f.regions?.length) parts.push(`r=${f.regions.join('~')}`);
  if (f.agencies?.length) parts.push(`a=${f.agencies.join('~')}`);
  const y = formatYears(f.years ?? null);
  if (y) parts.push(`y=${y}`);
  for (const [k, v] of Object.entries(extra)) if (v != null && v !== '') parts.push(`${k}=${v}`);
  return parts.join('&');
}

/** True when a request used an old parameter name: the page redirects to the canonical URL. */
export function usesOldNames(sp: SearchParams): boolean {
  return [PARAM_NAMES.regions[1], PARAM_NAMES.agencies[1], PARAM_NAMES.years[1]].some((n) => getParam(sp, n) != null);
}
