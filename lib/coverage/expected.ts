/**
 * Who is expected to publish an annual report for a region and year, and who did (coverage).
 *
 * The expected bodies of region R in year Y are
 * 1. every government of the gazetteer (lib/region) in R: R's own and every province, city,
 *    county and township (street) below it;
 * 2. every department (or office) in R that has published a report in any year;
 * 3. the bodies of an imported expected-units list (`npm run units:import`) in R, for the years
 *    they are declared for;
 * minus the bodies the list marks as not expected in Y (merged, abolished).
 *
 * A body is identified by a key: `gov:<code>` for the government of a gazetteer place (whatever
 * it calls itself: 平潭综合实验区管委会 is the government of 平潭县 350128), `dept:<code>:<name>`
 * for a department or office of the place `<code>`. A report counts for the body of its agency.
 */
import { allRegions, ancestry, childRegions, regionByCode, type Region, type RegionLevel } from '../region/gazetteer';

export type BodyKind = 'government' | 'office' | 'department';
export type BodySource = 'gazetteer' | 'reported' | 'imported';

export interface ExpectedBody {
  key: string;
  name: string;
  /** The place the body belongs to: 6 digits (province … county) or 9 (township). */
  placeCode: string;
  placeLevel: RegionLevel;
  kind: BodyKind;
  source: BodySource;
  /** A deadline of its own from the expected-units list (`MM-DD`). */
  deadline?: string | null;
}

/** What coverage needs of a stored agency. */
export interface AgencyForCoverage {
  name: string;
  kind: BodyKind | null;
  regionCode: string | null;
  townCode: string | null;
}

/** One line of an expected-units list (lib/import/units.ts). */
export interface ExpectedUnit {
  name: string;
  /** 6 or 9 digits. */
  placeCode: string;
  kind: BodyKind;
  expected: boolean;
  fromYear: number | null;
  toYear: number | null;
  deadline: string | null;
  note: string | null;
}

export function governmentKey(placeCode: string): string {
  return `gov:${placeCode}`;
}

/** The body a report of this agency counts for; null for an agency without a place. */
export function bodyKeyOf(agency: AgencyForCoverage): string | null {
  const place = agency.townCode ?? agency.regionCode;
  if (!place) return null;
  return agency.kind === 'government' ? governmentKey(place) : `dept:${place}:${agency.name}`;
}

function unitKey(u: ExpectedUnit): string {
  return u.kind === 'government' ? governmentKey(u.placeCode) : `dept:${u.placeCode}:${u.name}`;
}

const ZONE = /(?:开发区|园区|新区|实验区|试验区|示范区|合作区|管理区|功能区)$/;
const NOT_A_GOVERNMENT = /(?:农场|林场|牧场|渔场|场)$/;

/** How the government of a gazetteer place is usually called: 平潭县人民政府, 城关街道办事处. */
export function governmentName(region: Region): string {
  if (region.name.endsWith('街道')) return `${region.name}办事处`;
  if (ZONE.test(region.name)) return `${region.name}管理委员会`;
  if (NOT_A_GOVERNMENT.test(region.name)) return region.name;
  return `${region.name}人民政府`;
}

/** The level of a 6- or 9-digit place code (gazetteer first, else read from the code). */
export function placeLevelOf(code: string): RegionLevel {
  const r = regionByCode(code);
  if (r) return r.level;
  return code.length === 9 ? 'township' : code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county';
}

/**
 * The code prefix every place inside a region starts with: GB/T 2260 codes nest (province 2
 * digits, city 4, county 6, township 9), including the gazetteer's special cases (districts of a
 * municipality and counties under a province start with the province's 2 digits; townships of a
 * city without counties, 东莞市, with the city's 4).
 */
export function placePrefix(regionCode: string): string {
  const level = placeLevelOf(regionCode);
  return level === 'province' ? regionCode.slice(0, 2) : level === 'city' ? regionCode.slice(0, 4) : regionCode;
}

const governmentsCache = new Map<string, ExpectedBody[]>();
const COUNTRY = '';

/** The governments of the gazetteer in a region (null: the country), each region before its children (cached). */
export function gazetteerGovernments(regionCode: string | null): ExpectedBody[] {
  let hit = governmentsCache.get(regionCode ?? COUNTRY);
  if (hit) return hit;
  hit = [];
  const root = regionCode ? regionByCode(regionCode) : undefined;
  const stack = root
    ? [root]
    : regionCode
      ? []
      : allRegions()
          .filter((r) => r.level === 'province')
          .reverse();
  while (stack.length) {
    const r = stack.pop()!;
    hit.push({
      key: governmentKey(r.code),
      name: governmentName(r),
      placeCode: r.code,
      placeLevel: r.level,
      kind: 'government',
      source: 'gazetteer',
    });
    const children = childRegions(r.code);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  if (governmentsCache.size > 2000) governmentsCache.clear();
  governmentsCache.set(regionCode ?? COUNTRY, hit);
  return hit;
}

function unitApplies(u: ExpectedUnit, year: number): boolean {
  return (u.fromYear === null || year >= u.fromYear) && (u.toYear === null || year <= u.toYear);
}

/**
 * The expected bodies of `regionCode` (null: the country) in `year`. `reportedAgencies`: the
 * agencies with a report in any year (those in the region are kept); `units`: the imported list.
 */
export function expectedBodies(
  regionCode: string | null,
  year: number,
  reportedAgencies: AgencyForCoverage[],
  units: ExpectedUnit[] = [],
): ExpectedBody[] {
  const prefix = regionCode ? placePrefix(regionCode) : '';
  const out = new Map<string, ExpectedBody>();
  for (const g of gazetteerGovernments(regionCode)) out.set(g.key, g);
  for (const a of reportedAgencies) {
    if (a.kind === 'government') continue;
    const key = bodyKeyOf(a);
    const place = a.townCode ?? a.regionCode;
    if (!key || !place || out.has(key) || !place.startsWith(prefix)) continue;
    out.set(key, { key, name: a.name, placeCode: place, placeLevel: placeLevelOf(place), kind: a.kind ?? 'department', source: 'reported' });
  }
  const inRegion = units.filter((u) => u.placeCode.startsWith(prefix) && unitApplies(u, year));
  for (const u of inRegion) {
    if (!u.expected) continue;
    const key = unitKey(u);
    const known = out.get(key);
    if (known) known.deadline = u.deadline ?? known.deadline;
    else
      out.set(key, {
        key,
        name: u.name,
        placeCode: u.placeCode,
        placeLevel: placeLevelOf(u.placeCode),
        kind: u.kind,
        source: 'imported',
        deadline: u.deadline,
      });
  }
  // Not expected wins over expected: a merged or abolished body is never asked for.
  for (const u of inRegion) if (!u.expected) out.delete(unitKey(u));
  return [...out.values()];
}

export interface CoverageGroup {
  placeLevel: RegionLevel;
  /** Governments, or departments and offices together. */
  kind: 'government' | 'department';
  /** e.g. 乡镇（街道）政府, 县级部门. */
  label: string;
  expected: number;
  published: number;
  missing: ExpectedBody[];
}

export interface Coverage {
  expected: number;
  published: number;
  /** published ÷ expected; null when nothing is expected. */
  share: number | null;
  groups: CoverageGroup[];
  missing: ExpectedBody[];
}

const LEVEL_ORDER: RegionLevel[] = ['province', 'city', 'county', 'township'];
const LEVEL_LABEL: Record<RegionLevel, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇（街道）' };

export function groupLabel(placeLevel: RegionLevel, kind: 'government' | 'department'): string {
  if (placeLevel === 'township') return kind === 'government' ? '乡镇政府、街道办事处' : '乡镇（街道）所属单位';
  return `${LEVEL_LABEL[placeLevel]}${kind === 'government' ? '政府' : '部门'}`;
}

/** Published / expected, and the missing bodies by level and kind (governments first, top down). */
export function coverageOf(expected: ExpectedBody[], publishedKeys: ReadonlySet<string>): Coverage {
  const groups = new Map<string, CoverageGroup>();
  const missing: ExpectedBody[] = [];
  let published = 0;
  for (const b of expected) {
    const kind = b.kind === 'government' ? 'government' : 'department';
    const id = `${b.placeLevel}:${kind}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { placeLevel: b.placeLevel, kind, label: groupLabel(b.placeLevel, kind), expected: 0, published: 0, missing: [] }));
    g.expected++;
    if (publishedKeys.has(b.key)) {
      g.published++;
      published++;
    } else {
      g.missing.push(b);
      missing.push(b);
    }
  }
  const order = (g: CoverageGroup) => LEVEL_ORDER.indexOf(g.placeLevel) * 2 + (g.kind === 'government' ? 0 : 1);
  return {
    expected: expected.length,
    published,
    share: expected.length ? published / expected.length : null,
    groups: [...groups.values()].sort((a, b) => order(a) - order(b)),
    missing,
  };
}

export interface ChildCoverage {
  region: Region;
  expected: number;
  published: number;
  share: number | null;
}

/**
 * Coverage of each child region of `regionCode` (null: the provinces) — "which counties are
 * complete"; the region's own bodies (its government, its departments) belong to no child and
 * are left out here.
 */
export function coverageByChild(regionCode: string | null, expected: ExpectedBody[], publishedKeys: ReadonlySet<string>): ChildCoverage[] {
  const children = regionCode ? childRegions(regionCode) : allRegions().filter((r) => r.level === 'province');
  const depth = regionCode ? ancestry(regionCode).length : 0;
  const rows = new Map(children.map((c) => [c.code, { region: c, expected: 0, published: 0, share: null as number | null }]));
  for (const b of expected) {
    const child = ancestry(b.placeCode)[depth];
    const row = child && rows.get(child.code);
    if (!row) continue;
    row.expected++;
    if (publishedKeys.has(b.key)) row.published++;
  }
  for (const row of rows.values()) row.share = row.expected ? row.published / row.expected : null;
  return [...rows.values()];
}

/** How far a year's coverage may stray from the series' median before a chart marks it. */
export const COVERAGE_TOLERANCE = 0.25;

/**
 * Years whose coverage differs from the rest of the series, so a cross-year chart can mark them
 * (a jump from 1 to 15 reports is then not read as growth): a share more than 25 % above or below
 * the median share of the years shown, or nothing published at all.
 */
export function unevenCoverageYears(byYear: { year: number; share: number | null }[]): number[] {
  const shares = byYear
    .map((y) => y.share)
    .filter((s): s is number => s !== null)
    .sort((a, b) => a - b);
  if (shares.length < 2) return [];
  const mid = shares.length >> 1;
  const median = shares.length % 2 ? shares[mid] : (shares[mid - 1] + shares[mid]) / 2;
  return byYear.filter((y) => !y.share || (median > 0 && Math.abs(y.share / median - 1) > COVERAGE_TOLERANCE)).map((y) => y.year);
}
