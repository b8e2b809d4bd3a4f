/**
 * Search parameters, validated: every page reads its filter through here, under one set of names.
 *
 *   r   region codes (GB/T 2260, 6 or 9 digits), `~`-joined      (old alias on /quality: region)
 *   a   agency ids, `~`-joined
 *   y   years: `2023`, a range `2021-2023` or a list `2021~2023` (old alias on /quality: year)
 *
 * Pure: no I/O. Anything malformed is dropped (never an error page): a hand-edited or hostile URL
 * shows the unfiltered view rather than a crash or an unbounded query.
 */

export type SearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

/** The first value of a parameter, or null. */
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

/**
 * A whole number in [min, max] written with plain digits (no sign, exponent, spaces or fraction,
 * at most 15 digits), or null.
 */
export function intParam(raw: string | null | undefined, { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {}): number | null {
  if (raw == null || !/^\d{1,15}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

export const MAX_SELECTION = 12;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

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

export function isYear(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR;
}

/** `2021-2023` → [2021, 2022, 2023]; `2021~2023` → [2021, 2023]; invalid parts are dropped. */
export function parseYears(v: string | null): number[] | null {
  if (!v) return null;
  const out = new Set<number>();
  for (const part of list(v)) {
    const m = /^(\d{4})-(\d{4})$/.exec(part);
    if (m) {
      const [a, b] = [Number(m[1]), Number(m[2])].sort((x, y) => x - y);
      if (isYear(a) && isYear(b)) for (let y = a; y <= b; y++) out.add(y);
    } else {
      const y = intParam(part, { min: MIN_YEAR, max: MAX_YEAR });
      if (y != null && part.length === 4) out.add(y);
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

export const PARAM_NAMES = { regions: ['r', 'region'], agencies: ['a', 'agency'], years: ['y', 'year'] } as const;

export function parseFilterParams(sp: SearchParams): FilterParams {
  const regions = [...new Set(list(getParamAny(sp, PARAM_NAMES.regions)).filter(isRegionCode))].slice(0, MAX_SELECTION);
  const agencies = [
    ...new Set(
      list(getParamAny(sp, PARAM_NAMES.agencies))
        .map((s) => intParam(s, { min: 1, max: 2 ** 31 - 1 }))
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

/** True when a request used an old parameter name: the page may redirect to the canonical URL. */
export function usesOldNames(sp: SearchParams): boolean {
  return [PARAM_NAMES.regions[1], PARAM_NAMES.agencies[1], PARAM_NAMES.years[1]].some((n) => getParam(sp, n) != null);
}
