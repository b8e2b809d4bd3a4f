/**
 * Region of an agency name through the GB/T 2260 gazetteer, level by level (淮安市洪泽区 →
 * 320813, 彰武县彰武镇 → 210922 + town 210922100); an ambiguous name (朝阳区) is settled by the
 * next name or by the places the text mentions; a zone through the place it is named after; a
 * one-character typo only when a look-alike or the text confirms it. Also the agency's level.
 */
import {
  ancestry,
  childRegions,
  findRegionsByNameOrAlias,
  findRegionsByStem,
  findRegionsOneCharOff,
  isWithin,
  longestNameAt,
  regionByCode,
  stem,
  type Region,
} from '../../region/gazetteer';
import type { AdminLevel, ReportMeta } from '../types';
import { KIND_SUFFIX, ZONE_IN } from './names';

/** Characters OCR (or a typist) confuses with each other: 沐阳 for 沭阳. */
const CONFUSABLE = [
  '沐沭',
  '己已巳',
  '未末',
  '土士',
  '戊戌戍',
  '汩汨',
  '祗祇',
  '冶治',
  '候侯',
  '析柝',
  '崇祟',
  '壶壸',
  '赢嬴',
  '陕陜',
  '淅浙',
  '泠冷',
  '茌荏',
  '亳毫',
  '邗邘',
  '睢雎',
  '盱盰',
  '汨泪',
  '泗洒',
  '洗冼',
  '郓恽',
  '祁祈',
  '大太犬',
  '王玉',
  '日曰',
  '人入八',
  '贝见',
  '鸟乌',
  '免兔',
  '拔拨',
  '侍待',
  '徽微',
  '澄橙',
  '溧漂',
];
const CONFUSABLE_PAIRS = new Set<string>();
for (const set of CONFUSABLE) for (const a of set) for (const b of set) if (a !== b) CONFUSABLE_PAIRS.add(a + b);

export interface Place {
  region: Region;
  town: Region | null;
  /** The agency is a zone named after `region` (平潭综合实验区 → 平潭县). */
  zone: 'comprehensive' | 'development' | null;
  /** A one-character typo corrected through the gazetteer (沐阳县 → 沭阳县). */
  fixed: { from: string; to: string } | null;
}

/** How strongly the text points at region `r`: its parents' names and its townships' names. */
export function mentions(text: string, r: Region): number {
  let n = 0;
  const chain = ancestry(r.code);
  for (let k = 0; k < chain.length - 1; k++) {
    const a = chain[k];
    if (text.includes(a.name)) n += 2;
    else if (a.name.length > 2 && text.includes(stem(a.name))) n += 1;
  }
  if (r.level === 'county') for (const t of childRegions(r.code)) if (t.name.length >= 3 && text.includes(t.name)) n++;
  return n;
}

/** The one candidate the text points at most clearly, or null on a tie. */
function pickByContext(cands: Region[], text: string): Region | null {
  if (cands.length === 1) return cands[0];
  // Nested candidates (淮安市 and its 淮安区 for 淮安): the outer one.
  const outer = cands.filter((c) => !cands.some((o) => o !== c && isWithin(c.code, o.code)));
  if (outer.length === 1) return outer[0];
  let best: Region | null = null;
  let bestN = -1;
  let tie = false;
  for (const c of outer) {
    const n = mentions(text, c);
    if (n > bestN) {
      best = c;
      bestN = n;
      tie = false;
    } else if (n === bestN) tie = true;
  }
  return tie || bestN <= 0 ? null : best;
}

/** Gazetteer names inside an agency name, longest first at each position. */
function placeTokens(core: string): Region[][] {
  const out: Region[][] = [];
  let i = 0;
  while (i < core.length - 1) {
    const hit = longestNameAt(core, i);
    // Two-character township names (城区, 街道, 林场) are words, not places.
    const usable = !hit ? [] : hit.name.length > 2 ? hit.regions : hit.regions.filter((c) => c.level !== 'township');
    if (usable.length) {
      out.push(usable);
      i += hit!.name.length;
    } else i++;
  }
  return out;
}

export function resolvePlace(agency: string, text: string): Place | null {
  const core = agency.replace(KIND_SUFFIX, '');
  const tokens = placeTokens(core);
  let zone: Place['zone'] = null;
  let fixed: Place['fixed'] = null;
  if (tokens.length) {
    // A development zone listed as a county by the statistics (淮安经济技术开发区) is itself a place.
    const z = ZONE_IN.exec(core);
    if (z && !tokens.some((t) => t.some((r) => r.name.endsWith(z[0])))) zone = z[1] ? 'comprehensive' : 'development';
  } else {
    const z = ZONE_IN.exec(core);
    const stemCands = z ? zoneStem(core.slice(0, z.index)) : [];
    if (stemCands.length) {
      tokens.push(stemCands);
      zone = z![1] ? 'comprehensive' : 'development';
    } else {
      const typo = oneCharOff(core, text);
      if (!typo) return null;
      tokens.push([typo.region]);
      fixed = { from: typo.from, to: typo.region.name };
    }
  }
  // Walk down: each token must lie inside the region chosen for the one before it.
  let chosen: Region | null = null;
  for (let t = 0; t < tokens.length; t++) {
    let inside = chosen ? tokens[t].filter((c) => c.code !== chosen!.code && isWithin(c.code, chosen!.code)) : tokens[t];
    if (inside.length === 0) continue;
    // The next name may settle an ambiguous one: 朝阳区三里屯街道 is in Beijing's 朝阳区.
    if (inside.length > 1 && t + 1 < tokens.length) {
      const next = tokens[t + 1];
      const holding = inside.filter((c) => next.some((n) => n.code !== c.code && isWithin(n.code, c.code)));
      if (holding.length) inside = holding;
    }
    const pick = pickByContext(inside, text);
    if (!pick) {
      if (!chosen) return null;
      continue;
    }
    chosen = pick;
    if (chosen.level === 'township') break;
  }
  if (!chosen) return null;
  if (chosen.level === 'township') return { region: regionByCode(chosen.parentCode!)!, town: chosen, zone, fixed };
  return { region: chosen, town: null, zone, fixed };
}

/** Regions a zone is named after: 平潭 → 平潭县, 淮安经济技术 → 淮安市. */
function zoneStem(prefix: string): Region[] {
  for (let l = Math.min(4, prefix.length); l >= 2; l--) {
    const s = prefix.slice(0, l);
    const cands = [...findRegionsByNameOrAlias(s), ...findRegionsByStem(s)].filter((r) => r.level !== 'township');
    if (cands.length) return cands;
  }
  return [];
}

/** The one region whose name differs from `name` by a look-alike character (沐阳县 → 沭阳县), or null. */
function lookAlikeRegion(name: string): Region | null {
  const hits = findRegionsOneCharOff(name).filter((r) => {
    if (r.level === 'township') return false;
    for (let k = 0; k < name.length; k++) if (r.name[k] !== name[k]) return CONFUSABLE_PAIRS.has(name[k] + r.name[k]);
    return false;
  });
  return hits.length === 1 ? hits[0] : null;
}

/** A county- or city-level name misread in one character (沐阳县 for 沭阳县), when the text confirms it. */
function oneCharOff(core: string, text: string): { region: Region; from: string } | null {
  const m = /^[\u4e00-\u9fff]{2,8}?(?:自治县|自治州|自治旗|县|区|市|旗|州|盟)/.exec(core);
  if (!m) return null;
  const from = m[0];
  const hits = findRegionsOneCharOff(from);
  if (hits.length === 0) return null;
  // A look-alike pair (沐/沭) is the usual misreading; the places the text names settle the rest.
  const lookAlike = hits.filter((r) => {
    for (let k = 0; k < from.length; k++) if (r.name[k] !== from[k]) return CONFUSABLE_PAIRS.has(from[k] + r.name[k]);
    return false;
  });
  if (lookAlike.length === 1) return { region: lookAlike[0], from };
  const pick = pickByContext(lookAlike.length ? lookAlike : hits, text);
  return pick && mentions(text, pick) > 0 ? { region: pick, from } : null;
}

const ONE_UP: Record<string, AdminLevel> = { county: 'city', city: 'city', province: 'province', township: 'county' };
const ONE_DOWN: Record<string, AdminLevel> = { province: 'city', city: 'county', county: 'township', township: 'township' };

const TOWN_AGENCY = /(?:镇|乡|街道|苏木)(?:人民政府|办事处)(?:办公室)?$/;

export function levelOf(kind: ReportMeta['kind'], place: Place | null, agency: string | null): AdminLevel | null {
  if (kind === 'department') return 'department';
  if (!place) return null;
  // A town the gazetteer does not know (renamed, new) under a county it does.
  if (place.town || (TOWN_AGENCY.test(agency ?? '') && place.region.level !== 'province' && !place.zone)) return 'township';
  // A zone that governs a county (平潭综合实验区) ranks above it; a development zone below its city.
  if (place.zone === 'comprehensive') return ONE_UP[place.region.level];
  if (place.zone === 'development') return ONE_DOWN[place.region.level];
  return place.region.level as AdminLevel;
}

/**
 * The region the text names most often among those whose name ends in one of `chars` (市 for
 * 市科委; 市, 县 or 区 for a bare 发改委): the writer's own region when its name is relative.
 * Null on a tie or when the text names none. Only the first 20,000 characters are read.
 */
export function regionNamedMost(text: string, chars: string): Place | null {
  const t = text.length > 20_000 ? text.slice(0, 20_000) : text;
  const counts = new Map<string, { n: number; regions: Region[] }>();
  for (const ch of chars) {
    for (let at = t.indexOf(ch, 1), k = 0; at >= 0 && k < 500; at = t.indexOf(ch, at + 1), k++) {
      for (let l = Math.min(8, at + 1); l >= 2; l--) {
        const name = t.slice(at + 1 - l, at + 1);
        const regions = findRegionsByNameOrAlias(name).filter((r) => r.level !== 'township');
        if (regions.length) {
          const c = counts.get(name);
          if (c) c.n++;
          else counts.set(name, { n: 1, regions });
          break;
        }
        // A county's name misread in one look-alike character (沐阳县 for 沭阳县).
        if (l === 3) {
          const typo = lookAlikeRegion(name);
          if (typo) {
            const c = counts.get(typo.name);
            if (c) c.n++;
            else counts.set(typo.name, { n: 1, regions: [typo] });
            break;
          }
        }
      }
    }
  }
  let best: { n: number; regions: Region[] } | null = null;
  let tie = false;
  for (const c of counts.values()) {
    if (!best || c.n > best.n) [best, tie] = [c, false];
    else if (c.n === best.n) tie = true;
  }
  if (!best || tie) return null;
  const region = pickByContext(best.regions, text);
  return region ? { region, town: null, zone: null, fixed: null } : null;
}
