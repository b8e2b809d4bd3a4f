/**
 * Report metadata from the text: agency, level, region (GB/T 2260), statistics year, publication
 * date, title, scope. Many reports have no title line, so each field has a chain of sources —
 * title, 统计期限, body phrases ("现将…报告如下"), the signature, the site's 主办/来源/发布机构 lines —
 * tried in order of reliability.
 */
import { ancestry, childRegions, findRegionsByName, findRegionsByStem, regionByCode, regionPath, allRegions, type Region } from '../region/gazetteer';
import type { AdminLevel, ReportMeta } from './types';

const HEAD_CHARS = 1500;
const AGENCY_SUFFIX = /(人民政府办公[室厅]|人民政府|政府办公[室厅]|管理委员会办公室|管委会办公室|管理委员会|管委会|街道办事处|办事处|办公[室厅]|委员会|[局厅署办委]|中心)$/;
const PLACE_SUFFIX = /(省|市|区|县|旗|盟|州|镇|乡|街道)$/;
const ZONE_SUFFIX = /(实验区|开发区|高新区|新区|示范区|园区|试验区)$/;
/** Characters OCR confuses with each other (沐阳 for 沭阳). */
const CONFUSABLE = ['沐沭', '己已巳', '未末', '土士', '戊戌戍', '汩汨', '祗祇', '冶治', '候侯', '析柝', '杨扬', '崇祟', '壶壸', '赢嬴'];
const YEAR_RE = /(20\d{2}|19\d{2})\s*年/g;

interface TitleMatch {
  agency: string | null;
  year: number;
  title: string;
}

/** "X2022年度政府信息公开工作年度报告" or "2025年X政府信息公开工作年度报告" in the first lines. */
function findTitle(head: string): TitleMatch | null {
  const sq = head.replace(/[ \t\u3000]+/g, '');
  // A title broken over two lines ("…政府信息公开⏎工作年度报告") is joined first.
  const joined = sq.replace(/\n(?=[^\n]{0,12}(?:工作)?年度报告)/g, '');
  const tail = /(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)/g;
  let t: RegExpExecArray | null;
  while ((t = tail.exec(joined))) {
    // Look back from the phrase, within its line, for "X2022年度" or "2025年X".
    const lineStart = joined.lastIndexOf('\n', t.index) + 1;
    const before = joined.slice(Math.max(lineStart, t.index - 72), t.index);
    const m = before.match(/(20\d{2})年度?([^\n]{0,30}?)$/);
    if (!m) continue;
    const prefix = before.slice(Math.max(0, m.index! - 40), m.index);
    const agency = cleanAgency(m[2]) ?? cleanAgency(prefix);
    const title = (prefix + m[0] + t[0]).replace(/^(?:标题|正文|#+)[:：]?/, '');
    return { agency, year: Number(m[1]), title };
  }
  return null;
}

/** Trims page furniture and phrasing around an agency name; null when nothing name-like is left. */
function cleanAgency(raw: string | undefined): string | null {
  if (!raw) return null;
  let s = raw.replace(/^[#\s]+/, '');
  // "武威市人民政府关于报送武威市" → the sender before 关于.
  const about = s.indexOf('关于');
  if (about > 0) s = s.slice(0, about);
  const cut = Math.max(...['：', ':', '号', '〕', ']', '》', '|', '题', '文', '位置', '首页'].map((d) => s.lastIndexOf(d) + (s.lastIndexOf(d) >= 0 ? d.length : 0)));
  if (cut > 0) s = s.slice(cut);
  s = s.replace(/^[、,，.。\s]+|[、,，.。\s]+$/g, '');
  if (s.length < 2 || /^\d/.test(s)) return null;
  return completeAgency(s);
}

/** A place name alone means its government: 彰武县彰武镇 → 彰武县彰武镇人民政府. */
function completeAgency(name: string): string {
  if (AGENCY_SUFFIX.test(name) && !/^(?:[局厅署办委]|中心)$/.test(name)) return name;
  if (ZONE_SUFFIX.test(name)) return `${name}管委会`;
  if (/街道$/.test(name)) return `${name}办事处`;
  if (PLACE_SUFFIX.test(name)) return `${name}人民政府`;
  return name;
}

const AGENCY_IN_TEXT = /((?:[\u4e00-\u9fff]{1,10}?(?:省|市|区|县|旗|盟|州|镇|乡|街道|实验区|开发区|新区))+(?:人民政府办公[室厅]|人民政府|管理委员会|管委会|街道办事处))/;

function agencyFromBody(text: string): string | null {
  const patterns = [
    /现将([\u4e00-\u9fff]{2,30}?)(?:20\d{2})年度?(?:政府)?信息公开/,
    /(?:发布机构|来源|信息来源)[:：]\s*([\u4e00-\u9fff]{2,30})/,
  ];
  for (const re of patterns) {
    const m = text.match(re);
    const a = m && cleanAgency(m[1]);
    if (a && AGENCY_SUFFIX.test(a)) return a;
  }
  // The site host (主办) of a government portal is its office; the report is the government's.
  const host = text.match(/主办(?:单位)?[:：]\s*([\u4e00-\u9fff]{2,30}?)(?:\s|承办|$)/);
  if (host) return host[1].replace(/(人民政府)办公[室厅]$/, '$1');
  const signature = text
    .split('\n')
    .slice(-15)
    .map((l) => l.trim())
    .find((l) => l.length >= 4 && l.length <= 30 && AGENCY_IN_TEXT.test(l) && AGENCY_SUFFIX.test(l));
  if (signature) return fromFirstPlace(signature);
  // The agency the body names most often ("罗庄区人民政府坚持…", "请联系罗庄区人民政府办公室").
  const counts = new Map<string, number>();
  const body = text.slice(0, 8000);
  for (const m of body.matchAll(/人民政府办公[室厅]|人民政府|管理委员会|管委会|街道办事处/g)) {
    const name = fromFirstPlace(body.slice(Math.max(0, m.index - 16), m.index) + m[0]);
    if (name && name.length > m[0].length) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, n] of counts) if (!best || n > counts.get(best)! || (n === counts.get(best)! && name.length < best.length)) best = name;
  return best;
}

/** Cuts words before the first place name: 请联系罗庄区人民政府办公室 → 罗庄区人民政府办公室. */
function fromFirstPlace(s: string): string | null {
  for (let i = 0; i < s.length - 1; i++) {
    for (let l = Math.min(12, s.length - i); l >= 2; l--) {
      if (findRegionsByName(s.slice(i, i + l)).length) return s.slice(i);
    }
  }
  return null;
}

/** Gazetteer names inside an agency name, longest first at each position. */
function placeTokens(name: string): Region[][] {
  const out: Region[][] = [];
  let i = 0;
  while (i < name.length) {
    let found: Region[] | null = null;
    let len = 0;
    for (let l = Math.min(12, name.length - i); l >= 2; l--) {
      const cands = findRegionsByName(name.slice(i, i + l));
      if (cands.length) {
        found = cands;
        len = l;
        break;
      }
    }
    if (found) {
      out.push(found);
      i += len;
    } else i++;
  }
  return out;
}

/** A county-level name with one character misread (OCR: 沐阳县 for 沭阳县), when unique. */
function oneCharOff(name: string, text: string): Region[] {
  const m = name.match(/^([\u4e00-\u9fff]{1,6}?(?:县|区|市|旗))/);
  if (!m) return [];
  const target = m[1];
  const hits = allRegions().filter(
    (r) => r.level !== 'township' && r.name.length === target.length && r.name.at(-1) === target.at(-1) && [...r.name].filter((c, k) => c !== target[k]).length === 1,
  );
  if (hits.length <= 1) return hits;
  // OCR misreads a character as a look-alike: a name differing by such a pair is the likely one.
  const lookAlike = hits.filter((r) => [...r.name].some((c, k) => c !== target[k] && CONFUSABLE.some((set) => set.includes(c) && set.includes(target[k]))));
  if (lookAlike.length === 1) return lookAlike;
  // Several names one character away: the one whose province or city the text names.
  const ranked = hits.map((r) => ({ r, n: mentions(text, r) })).sort((a, b) => b.n - a.n);
  return ranked[0].n > ranked[1].n ? [ranked[0].r] : [];
}

/** How strongly the text points at region `r`: its parents' names and its townships' names. */
function mentions(text: string, r: Region): number {
  let n = 0;
  for (const a of ancestry(r.code).slice(0, -1)) if (text.includes(a.name)) n += 2;
  if (r.level === 'county') for (const t of childRegions(r.code)) if (t.name.length >= 3 && text.includes(t.name)) n++;
  return n;
}

interface Place {
  region: Region;
  town: Region | null;
  fixedName?: { from: string; to: string };
}

function resolvePlace(agency: string, text: string): Place | null {
  let tokens = placeTokens(agency.replace(AGENCY_SUFFIX, ''));
  let fixedName: Place['fixedName'];
  if (tokens.length === 0) {
    const zone = agency.match(/^([\u4e00-\u9fff]{2,4}?)(?:综合)?(?:实验区|开发区|新区|示范区|试验区)/);
    const byStem = zone ? findRegionsByStem(zone[1]).filter((r) => r.level === 'county') : [];
    if (byStem.length) tokens = [byStem];
    else {
      const fuzzy = oneCharOff(agency, text);
      if (fuzzy.length) {
        tokens = [fuzzy];
        fixedName = { from: agency.slice(0, fuzzy[0].name.length), to: fuzzy[0].name };
      }
    }
  }
  if (tokens.length === 0) return null;
  // Walk down: each token must lie inside the region chosen for the one before it.
  let chosen: Region | null = null;
  for (const cands of tokens) {
    const inside: Region[] = chosen ? cands.filter((c) => ancestry(c.code).some((a) => a.code === chosen!.code)) : cands;
    if (inside.length === 0) continue;
    if (inside.length === 1) chosen = inside[0];
    else {
      const ranked = inside.map((c) => ({ c, n: mentions(text, c) })).sort((a, b) => b.n - a.n);
      if (ranked[0].n === ranked[1].n) {
        if (!chosen) return null;
        continue;
      }
      chosen = ranked[0].c;
    }
  }
  if (!chosen) return null;
  if (chosen.level === 'township') return { region: regionByCode(chosen.parentCode!)!, town: chosen, fixedName };
  return { region: chosen, town: null, fixedName };
}

function statisticsYear(text: string): number | null {
  const m = text.match(/(20\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到)\s*(?:(20\d{2})\s*年\s*)?12\s*月\s*31\s*日/);
  return m ? Number(m[1]) : null;
}

function publishedDate(text: string, head: string): string | null {
  const iso = (y: string, mo: string, d: string) => `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const labelled = head.match(/(?:日期|发布时间|发布日期|成文日期|时间)\s*[:：|]\s*(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})/);
  if (labelled) return iso(labelled[1], labelled[2], labelled[3]);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  // A line that is a date, or a signature and a date ("武威市人民政府 2024年2月21日").
  const dateLine = /^(?:[\u4e00-\u9fff]{2,30}\s+)?[(（]?(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[)）]?$/;
  for (const l of [...lines.slice(0, 15), ...lines.slice(-10).reverse()]) {
    const m = l.match(dateLine);
    if (m) return iso(m[1], m[2], m[3]);
  }
  return null;
}

function mostMentionedYear(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of text.slice(0, 20000).replace(/[《〔(（][^》〕)）]{0,40}[》〕)）]/g, '').matchAll(YEAR_RE)) {
    const y = Number(m[1]);
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  let best: number | null = null;
  let bestN = 0;
  for (const [y, n] of counts) if (n > bestN) { best = y; bestN = n; }
  return best;
}

function levelOf(agency: string | null, place: Place | null): AdminLevel | null {
  if (agency && !/(人民政府|政府办公[室厅]|管委会|管理委员会|街道办事处)/.test(agency) && /(局|委员会|厅|署|中心|委|办)$/.test(agency)) return 'department';
  if (!place) return null;
  if (place.town) return 'township';
  return place.region.level as AdminLevel;
}

function kindOf(agency: string | null): ReportMeta['kind'] {
  if (!agency) return null;
  if (/办公[室厅]$/.test(agency)) return 'office';
  if (/(人民政府|管委会|管理委员会|街道办事处)$/.test(agency)) return 'government';
  return 'department';
}

export function extractMeta(text: string): ReportMeta {
  const head = text.slice(0, HEAD_CHARS);
  const title = findTitle(head);
  let agency = title?.agency ?? agencyFromBody(text);
  const place = agency ? resolvePlace(agency, text) : null;
  if (agency && place?.fixedName) agency = agency.replace(place.fixedName.from, place.fixedName.to);
  // Prefer the fuller name the text itself prints: 洪泽区人民政府 → 淮安市洪泽区人民政府.
  if (agency && place && place.region.level === 'county') {
    const parent = ancestry(place.region.code).find((r) => r.level === 'city');
    if (parent && !agency.startsWith(parent.name) && text.includes(parent.name + agency.replace(/办公[室厅]$/, ''))) agency = parent.name + agency;
  }
  const published = publishedDate(text, head);
  const year = title?.year ?? statisticsYear(text) ?? mostMentionedYear(text) ?? (published ? Number(published.slice(0, 4)) - 1 : null);
  const kind = kindOf(agency);
  const regionWide = kind === 'government' && /全(?:省|市|区|县|旗|州)(?:各级行政机关)?共?(?:收到|受理|新收|办理)/.test(text);
  return {
    agency,
    level: levelOf(agency, place),
    kind,
    region_code: place?.region.code ?? null,
    region: place ? regionPath(place.town?.code ?? place.region.code) : null,
    town_code: place?.town?.code ?? null,
    year,
    published,
    title: title?.title ?? null,
    scope: kind ? (regionWide ? 'region' : 'agency') : null,
  };
}
