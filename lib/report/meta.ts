/**
 * Report metadata from the normalized text: agency, level, kind, region (GB/T 2260, through the
 * gazetteer), statistics year, publication date, title and scope.
 *
 * Many reports have no title line, so every field has a chain of sources tried from the most to
 * the least reliable:
 * - agency: the title (a title broken over lines, or with the agency or the year on a line of its
 *   own, is joined; a title quoted in 《》 is a cited document, never the agency's), then the body:
 *   "现将X2022年度…", "特编制2022年X政府信息公开…", the signature at the end, the subject of
 *   总体情况 ("2023年,罗庄区人民政府坚持…", "2023年,武威市坚持…"), page labels (发布机构/来源),
 *   a letterhead line, the contact line, the site's 主办 footer, the agency the text names most,
 *   and last the county a text calling itself 我县 names most. A place alone means its government
 *   (彰武县彰武镇 → 彰武县彰武镇人民政府, 平潭综合实验区 → 平潭综合实验区管委会); an office of a
 *   government found only in a label, contact line or footer stands for the government. The
 *   fuller name is kept when the text prints it (洪泽区人民政府 → 淮安市洪泽区人民政府).
 * - year: the title (between titles of different years, the one agreeing with the 统计期限), the
 *   统计期限, the body phrases above, the first year of 总体情况, the publication date minus one,
 *   the year mentioned most.
 * - published: a labelled date near the top (发布日期 before a plain 日期, before 成文日期), a date
 *   line under the title, the date of the signature; never a date before the year reported on.
 * The region is resolved from the agency name level by level (淮安市洪泽区 → 320813, 彰武县彰武镇 →
 * 210922 + town 210922100); a name shared by several regions (朝阳区) is settled by the next name
 * in the agency or by the places the text mentions, else left null. A zone is resolved through
 * the place it is named after (平潭综合实验区 → 平潭县); a one-character typo (沐阳县) only when a
 * look-alike character or the text confirms the correction.
 *
 * Pure and fast (tens of microseconds per report after warm-up): the top 6,000 characters (150
 * non-empty lines) and the last 25 lines are searched, the whole text only by a few compiled
 * regexes and substring tests; the gazetteer's indexes are built once, on first use. */
import {
  ancestry,
  childRegions,
  findRegionsByNameOrAlias,
  findRegionsByStem,
  findRegionsOneCharOff,
  isWithin,
  longestNameAt,
  regionByCode,
  regionPath,
  stem,
  type Region,
} from '../region/gazetteer';
import type { AdminLevel, ReportMeta } from './types';

const HEAD_CHARS = 6000;
const TAIL_CHARS = 2500;
/** Non-empty lines at the top searched for the title. */
const TITLE_LINES = 150;
/** Non-empty lines at the end searched for the signature, its date and the site footer. */
const TAIL_LINES = 25;
const BLANKS = /[ \t\u3000]+/g;

// ---------------------------------------------------------------------------------------------
// Names

const AGENCY_SUFFIX =
  /(?:人民政府办公[室厅]|人民政府|行政公署|管理委员会办公室|管委会办公室|管理委员会|管委会|街道办事处|办事处|办公[室厅]|委员会|[局厅署办委]|中心)$/;
const GOVERNMENT_SUFFIX = /(?:人民政府|行政公署|办事处|[区园城港岛](?:管理委员会|管委会))$/;
/** Phrases of a report on the whole region ("全市共收到…", "全县行政机关…"). */
const REGION_WIDE = /全(?:省|市|区|县|旗|州|盟|镇|乡)(?:各级|各)?(?:行政机关|政府部门|部门|单位)?(?:共|累计|合计)?(?:收到|受理|新收|办理|主动公开|公开|制发)/;
const OFFICE_SUFFIX = /办公[室厅]$/;
const PLACE_END = /(?:省|市|区|县|旗|盟|州|镇|乡|街道|地区)$/;
/** Zones that govern the place they are named after (平潭综合实验区 → 平潭县). */
const COMPREHENSIVE_ZONE = '综合实验区|综合试验区|实验区|试验区|示范区|新区';
/** Zones inside the place they are named after (淮安经济技术开发区 in 淮安市). */
const DEVELOPMENT_ZONE = '经济技术开发区|高新技术产业开发区|开发区|高新区|工业园区|园区|保税区|合作区|自贸区|管理区|度假区|风景区';
const ZONE_END = new RegExp(`(?:${COMPREHENSIVE_ZONE}|${DEVELOPMENT_ZONE})$`);
const ZONE_IN = new RegExp(`(${COMPREHENSIVE_ZONE})|(${DEVELOPMENT_ZONE})`);
/** Prefixes of agencies named before their place (国家税务总局淮安市税务局). */
const ORG_PREFIX = /(?:国家税务总局|中国人民银行|国家金融监督管理总局|国家外汇管理局|中共|共青团)$/;
const NAME_CHARS = /^[\u4e00-\u9fff()]{2,40}$/;
const DELIMS = /[:|>》〕\]】」、。,;"“”'‘’<《〔\[【「!?]/;
// Multi-character words only: single characters start place names (向阳区, 将乐县).
const LEAD_WORDS = /^(?:关于|现将|特编制|编制|特此|发布|公布|印发|报送|转发|根据|本报告由|本报告)+/;
/** Names that point at the writer instead of naming it (我县, 本市, 县政府). */
const DEICTIC = /^[我本该全各市县区镇乡省]/;
const JUNK_WORDS = /^(?:标题|正文|题目|首页|当前位置|您的位置|位置|PDF下载|下载|附件)/;

/** Characters OCR (or a typist) confuses with each other: 沐阳 for 沭阳. */
const CONFUSABLE = [
  '沐沭', '己已巳', '未末', '土士', '戊戌戍', '汩汨', '祗祇', '冶治', '候侯', '析柝', '崇祟', '壶壸', '赢嬴',
  '陕陜', '淅浙', '泠冷', '茌荏', '亳毫', '邗邘', '睢雎', '盱盰', '汨泪', '泗洒', '洗冼', '郓恽', '祁祈',
  '大太犬', '王玉', '日曰', '人入八', '贝见', '鸟乌', '免兔', '拔拨', '侍待', '徽微', '澄橙', '溧漂',
];
const CONFUSABLE_PAIRS = new Set<string>();
for (const set of CONFUSABLE) for (const a of set) for (const b of set) if (a !== b) CONFUSABLE_PAIRS.add(a + b);

/** Position of the first gazetteer name in `s` (two-character township names are words: 城区), or -1. */
function firstPlace(s: string): number {
  for (let i = 0; i < s.length - 1; i++) {
    const hit = longestNameAt(s, i);
    if (hit && (hit.name.length > 2 || hit.regions.some((r) => r.level !== 'township'))) return i;
  }
  return -1;
}

/**
 * A raw phrase around an agency name → the agency's full name, or null when nothing name-like is
 * left: page furniture and linking words are trimmed, a place alone means its government
 * (彰武县彰武镇 → 彰武县彰武镇人民政府), 县政府 means 县人民政府.
 */
const cleaned = new Map<string, string | null>();

function cleanAgency(raw: string | undefined): string | null {
  if (!raw) return null;
  let hit = cleaned.get(raw);
  if (hit === undefined) {
    hit = cleanAgencyUncached(raw);
    if (cleaned.size > 20_000) cleaned.clear();
    cleaned.set(raw, hit);
  }
  return hit;
}

function cleanAgencyUncached(raw: string): string | null {
  // A line break ends a phrase; other blanks are PDF spacing inside it.
  let s = raw.slice(raw.lastIndexOf('\n') + 1).replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')');
  // Cut at the last delimiter: everything before it is page furniture or another phrase.
  for (let i = s.length - 1; i >= 0; i--) {
    if (DELIMS.test(s[i])) {
      s = s.slice(i + 1);
      break;
    }
  }
  s = s.replace(/^[#*\-—_·•\d.()\s]+/, '');
  while (JUNK_WORDS.test(s)) s = s.replace(JUNK_WORDS, '');
  s = s.replace(LEAD_WORDS, '');
  // "X办公室关于印发Y2022年…报告": the report is Y's; "X关于报送2022年…报告": X's own.
  const about = s.indexOf('关于');
  if (about >= 0) {
    const after = s.slice(about + 2).replace(LEAD_WORDS, '');
    s = after.length >= 2 || about === 0 ? after : s.slice(0, about);
  }
  s = s.replace(/(?:的|之|本级|本机关|全市|全县|全区)$/, '').replace(/^[()]+|[()]+$/g, '');
  // The party working committee named with the zone's committee: 党工委管委会 → 管委会.
  s = s.replace(/党工委、?(管委会|管理委员会)/, '$1');
  // "淮安市人民" + "政府信息公开": the report phrase took 政府.
  if (s.endsWith('人民')) s += '政府';
  // 县政府 → 县人民政府, 市政府办公室 / 市政府办 → 市人民政府办公室.
  s = s.replace(/([省市区县旗盟州镇乡])政府(办公[室厅]|办)?$/, (_m, p: string, o?: string) => `${p}人民政府${o ? (o === '办' ? '办公室' : o) : ''}`);
  // Working groups and their offices (政府信息公开工作领导小组办公室) are not the agency.
  if (!NAME_CHARS.test(s) || /小组|专班/.test(s)) return null;
  // Drop words before the place name (请联系罗庄区人民政府办公室 → 罗庄区人民政府办公室).
  const p = firstPlace(s);
  if (p > 0 && !ORG_PREFIX.test(s.slice(0, p))) s = s.slice(p);
  else if (p < 0) {
    const z = zoneStart(s);
    if (z > 0) s = s.slice(z);
    else if (z < 0 && DEICTIC.test(s)) return null;
  }
  return completeAgency(s);
}

/** Start of a zone named after a place (首页平潭综合实验区 → 2), or -1. */
function zoneStart(s: string): number {
  const z = ZONE_IN.exec(s);
  if (!z) return -1;
  for (let i = 0; i < z.index - 1; i++) {
    for (let l = Math.min(4, z.index - i); l >= 2; l--) if (findRegionsByStem(s.slice(i, i + l)).length) return i;
  }
  return -1;
}

function completeAgency(s: string): string | null {
  if (s.length < 2) return null;
  if (AGENCY_SUFFIX.test(s) && s.length > 2) return s;
  if (ZONE_END.test(s)) {
    // A real district named 新区 (浦东新区, 滨海新区) has a 人民政府; a zone has a 管委会.
    let exact: Region[] = [];
    for (let k = Math.max(0, s.length - 12); k < s.length - 1 && !exact.length; k++) exact = findRegionsByNameOrAlias(s.slice(k));
    return exact.length && exact.every((r) => r.level !== 'township' && Number(r.code.slice(4, 6)) < 70) ? `${s}人民政府` : `${s}管委会`;
  }
  if (s.endsWith('街道')) return `${s}办事处`;
  if (PLACE_END.test(s)) return `${s}人民政府`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Regions

interface Place {
  region: Region;
  town: Region | null;
  /** The agency is a zone named after `region` (平潭综合实验区 → 平潭县). */
  zone: 'comprehensive' | 'development' | null;
  /** A one-character typo corrected through the gazetteer (沐阳县 → 沭阳县). */
  fixed: { from: string; to: string } | null;
}

/** How strongly the text points at region `r`: its parents' names and its townships' names. */
function mentions(text: string, r: Region): number {
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

/** What is left of an agency's name without its kind (街道 stays: it is part of the place name). */
const KIND_SUFFIX =
  /(?:人民政府办公[室厅]|人民政府|行政公署|管理委员会办公室|管委会办公室|管理委员会|管委会|办事处|办公[室厅]|委员会|[局厅署办委]|中心)$/;

function resolvePlace(agency: string, text: string): Place | null {
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

// ---------------------------------------------------------------------------------------------
// Title

const REPORT_PHRASE = /(?:政府)?(?:信息|政务)公开(?:工作)?的?(?:年度)?(?:报告|年报)|(?:政府)?信息公开工作(20\d{2})年度?报告/g;
const YEAR_BEFORE = /(20\d{2})年度?/g;
const YEAR_AFTER = /^[(]?(20\d{2})年度?[)]?/;

interface TitleCandidate {
  line: number;
  /** Inside 《》: a document the text cites, not the text's own title. */
  quoted: boolean;
  title: string;
  agency: string | null;
  year: number | null;
  score: number;
}

/** One title-like line: the agency and year around "…政府信息公开工作年度报告". */
function parseTitleLine(line: string, index: number, prev: string | undefined): TitleCandidate | null {
  REPORT_PHRASE.lastIndex = 0;
  let r: RegExpExecArray | null;
  for (let k = 0; k < 4 && (r = REPORT_PHRASE.exec(line)); k++) {
    // Only the words just before the phrase matter (a crawled page may be one long line).
    const before = line.slice(Math.max(0, r.index - 80), r.index);
    let after = line.slice(r.index + r[0].length);
    if (after.startsWith('格式') || after.startsWith('编制')) continue;
    let year: number | null = r[1] ? Number(r[1]) : null;
    let raw = before;
    if (year === null) {
      let yb: RegExpExecArray | null = null;
      YEAR_BEFORE.lastIndex = 0;
      for (let m: RegExpExecArray | null; (m = YEAR_BEFORE.exec(before)); ) yb = m;
      if (yb && before.length - (yb.index + yb[0].length) <= 32) {
        year = Number(yb[1]);
        const pre = before.slice(Math.max(0, yb.index - 40), yb.index);
        const mid = before.slice(yb.index + yb[0].length);
        raw = mid.length >= 2 && cleanAgency(mid) ? mid : pre;
      } else {
        const ya = YEAR_AFTER.exec(after);
        if (ya) {
          year = Number(ya[1]);
          after = after.slice(ya[0].length);
        }
      }
    }
    raw = raw.slice(-40);
    let agency = cleanAgency(raw);
    // Quoted, unless the quote is the whole line (《X2022年度…报告》 printed as the title).
    const quoted = before.lastIndexOf('《') > before.lastIndexOf('》') && !(line.startsWith('《') && /^》\s*$/.test(after));
    // A title line: nothing but agency, year and phrase (the 《》 of a quoted title allowed).
    const bare = raw.replace(/^[#\s]*(?:标题|正文)?[:]?/, '').replace(/\s+/g, '');
    const standalone = /^[》)\s]*$/.test(after) && (bare === '' || (agency !== null && agency.startsWith(bare.replace(/关于$/, '')))) && !quoted;
    // The title as printed: the line, or the phrase with its agency and year in a longer line.
    let title = standalone ? line : line.slice(Math.max(0, r.index - before.length), line.length - after.length);
    if (!standalone) {
      let cut = 0;
      for (let i = title.length - r[0].length - 1; i >= 0; i--) {
        if (DELIMS.test(title[i])) {
          cut = i + 1;
          break;
        }
      }
      title = title.slice(cut).replace(LEAD_WORDS, '');
    }
    title = title.replace(/^[#\s]*(?:标题|正文)?[:]?\s*/, '');
    if (!agency && bare === '' && prev && prev.length <= 30) {
      // The agency on the line above: "洪泽区人民政府" / "2023年政府信息公开工作年度报告".
      const a = cleanAgency(prev);
      if (a && prev.replace(/^[#\s]+/, '').length <= a.length + 1) {
        agency = a;
        title = prev.replace(/^[#\s]+/, '') + title;
      }
    }
    if (year === null && agency === null) continue;
    let score = 0;
    if (standalone) score += 4;
    if (!quoted) score += 2;
    if (year !== null) score += 1;
    if (agency !== null) score += 1;
    return { line: index, quoted, title, agency: quoted ? null : agency, year, score };
  }
  return null;
}

const YEAR_LINE = /^[(]?(20\d{2})年度?[)]?$/;
/** A cheap test on a raw line (blanks allowed between characters) before squeezing it. */
const REPORT_LOOSE = /公\s*开\s*(?:工\s*作\s*)?(?:的\s*)?(?:(?:年\s*度\s*)?(?:报\s*告|年\s*报)|2\s*0\s*\d\s*\d)/g;
const REPORT_START = /报\s*告|年\s*报|工\s*作/;

function squeezedLine(lines: string[], k: number): string {
  return k >= 0 && k < lines.length ? lines[k].replace(BLANKS, '') : '';
}

function findTitles(lines: string[]): TitleCandidate[] {
  const out: TitleCandidate[] = [];
  for (let i = 0; i < lines.length && i < TITLE_LINES; i++) {
    const raw = lines[i];
    if (!raw.includes('公') || !raw.includes('开')) continue;
    REPORT_LOOSE.lastIndex = 0;
    const hit = REPORT_LOOSE.exec(raw);
    let line: string;
    if (!hit) {
      // A title broken after 信息公开: "…政府信息公开" / "工作年度报告".
      if (raw.length > 60 || !/公\s*开\s*$/.test(raw) || i + 1 >= lines.length || lines[i + 1].length > 24 || !REPORT_START.test(lines[i + 1])) continue;
      line = squeezedLine(lines, i) + squeezedLine(lines, i + 1);
    } else if (raw.length > 300) {
      // A long line (a crawled page run together): only the words around the phrase.
      line = raw.slice(Math.max(0, hit.index - 120), hit.index + 60).replace(BLANKS, '');
    } else {
      line = squeezedLine(lines, i);
      // The year on the next line: "…工作年度报告" / "(2023年度)".
      if (YEAR_LINE.test(squeezedLine(lines, i + 1))) line += squeezedLine(lines, i + 1);
    }
    // Lines above: the agency ("洪泽区人民政府"), perhaps then the year alone ("2023年度").
    let prev = raw.length > 300 ? '' : squeezedLine(lines, i - 1);
    if (YEAR_LINE.test(prev) && !/20\d{2}/.test(line)) {
      line = prev + line;
      prev = squeezedLine(lines, i - 2);
    }
    const c = parseTitleLine(line, i, prev || undefined);
    if (c) out.push(c);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Body sources

const REPORT_AS = /现将([^。;,\n]{0,40}?)(20\d{2})年度?([^。;,\n]{0,30}?)(?:政府)?(?:信息|政务)公开/;
const COMPILED = /编制(?:了|完成)?(20\d{2})年度?([^。;,\n]{2,30}?)(?:政府)?(?:信息|政务)公开/;
const LABEL_WORDS = ['发布机构', '发文机关', '发布单位', '发文单位', '来源', '公开主体', '所属机构', '发布者'];
const LABEL = /^[\u4e00-\u9fff]{2,4}\s*[:|]\s*([^\s|:,;]{2,40})/;
const SUBJECT =
  /(?:^|总体情况|[。\n])\s*(?:20\d{2}年(?:度|以来)?,?)?([\u4e00-\u9fff]{3,30}?)(?:坚持|深入|认真|严格|全面|紧紧|始终|紧扣|紧密|围绕|高度重视|进一步|持续|以习近平|按照|聚焦|牢固|积极|不断|大力|扎实)/g;
const CONTACT =
  /(?:请与|请联系|联系单位:?|本报告由|如有疑问[^。]{0,6}?联系)([\u4e00-\u9fff]{3,30}?(?:人民政府办公[室厅]|办公[室厅]|[局委办]|委员会|中心|人民政府|管委会|办事处))/;
const HOST = /^主办(?:单位)?\s*[:]\s*([\u4e00-\u9fff()]{3,30})/;
const AGENCY_MENTION = /人民政府办公[室厅]|人民政府|管理委员会|管委会|街道办事处/g;

/** A line near the end that is only an agency name, possibly followed by a date. */
const SIGNATURE = /^([\u4e00-\u9fff()]{3,40}?)(?:\s*(20\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)?$/;
const PAGE_JUNK = /^(?:[-—–\s\d]+|第?\d+页|打印|分享|返回列表|返回|关闭|关闭窗口|打印本页|收藏|附件.*|PDF下载.*|扫一扫.*|【.*】|相关链接.*|上一篇.*|下一篇.*|微信|微博|附件下载)$/;

interface Candidate {
  agency: string;
  /** From the site or the contact line: a government's office there stands for the government. */
  weak: boolean;
}

/** Agency names from the body, most reliable first; generated lazily, so the first that resolves ends the search. */
function* bodyAgencies(flat: string, headLines: string[], tailLines: string[]): Generator<Candidate> {
  const make = (raw: string | undefined, weak: boolean): Candidate | null => {
    const a = cleanAgency(raw);
    return a ? { agency: a, weak } : null;
  };
  let c: Candidate | null;
  const rep = REPORT_AS.exec(flat);
  if (rep && (c = make(cleanAgency(rep[3]) ? rep[3] : rep[1], false))) yield c;
  const comp = COMPILED.exec(flat);
  if (comp && (c = make(comp[2], false))) yield c;
  // The signature: the last name-only line (the date may follow it or share its line).
  for (let i = tailLines.length - 1, seen = 0; i >= 0 && seen < 8; i--) {
    const l = tailLines[i];
    if (l.length > 60 || PAGE_JUNK.test(l)) {
      if (l.length > 60) seen++;
      continue;
    }
    const m = SIGNATURE.exec(l);
    if (m && AGENCY_SUFFIX.test(m[1])) {
      if ((c = make(m[1], false))) yield c;
      break;
    }
    if (!PURE_DATE.test(l)) seen++;
  }
  // The subject of the first sentences of 总体情况 (or of the text).
  const overview = flat.indexOf('总体情况');
  const opening = overview >= 0 ? flat.slice(overview, overview + 400) : flat.slice(0, 1500);
  SUBJECT.lastIndex = 0;
  for (let m: RegExpExecArray | null, k = 0; (m = SUBJECT.exec(opening)) && k < 6; k++) {
    // An agency (罗庄区人民政府坚持…) or a place standing for its government (武威市坚持…).
    if (!AGENCY_SUFFIX.test(m[1]) && !PLACE_END.test(m[1]) && !ZONE_END.test(m[1])) continue;
    if ((c = make(m[1], false))) {
      yield c;
      break;
    }
  }
  // Page labels (发布机构: …, 来源: …), read around each label word.
  for (const lines of [headLines.slice(0, 30), tailLines]) {
    for (const l of lines) {
      for (const word of LABEL_WORDS) {
        for (let at = l.indexOf(word), n = 0; at >= 0 && n < 4; at = l.indexOf(word, at + word.length), n++) {
          const m = LABEL.exec(l.slice(at, at + 48));
          if (m && (c = make(m[1], true))) yield c;
        }
      }
    }
  }
  // A letterhead: a line near the top that is only an agency's name (perhaps with a date).
  for (const l of headLines.slice(0, 12)) {
    if (l.length > 40) continue;
    const m = SIGNATURE.exec(l.replace(BLANKS, ''));
    if (m && AGENCY_SUFFIX.test(m[1]) && (c = make(m[1], false))) {
      yield c;
      break;
    }
  }
  const contact = CONTACT.exec(flat);
  if (contact && (c = make(contact[1], true))) yield c;
  for (const l of headLines.length > 40 ? [...headLines.slice(0, 20), ...tailLines] : [...headLines, ...tailLines]) {
    const at = l.indexOf('主办');
    const host = at >= 0 ? HOST.exec(l.slice(at, at + 40)) : null;
    if (host && (c = make(host[1], true))) {
      yield c;
      break;
    }
  }
}

/** The agency the text names most often, as a last resort. */
function mostNamedAgency(flat: string): string | null {
  const counts = new Map<string, number>();
  AGENCY_MENTION.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = AGENCY_MENTION.exec(flat)); ) {
    const from = Math.max(0, m.index - 12);
    // Not the sender of a document the text cites (《临沂市人民政府办公室关于…》).
    const open = flat.lastIndexOf('《', m.index);
    if (open >= 0 && open > flat.lastIndexOf('》', m.index) && m.index - open < 40) continue;
    const raw = flat.slice(from, m.index + m[0].length);
    const a = cleanAgency(raw);
    if (a && a.length > m[0].length) counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestN = 0;
  for (const [a, n] of counts) if (n > bestN || (n === bestN && best !== null && a.length < best.length)) [best, bestN] = [a, n];
  return best;
}

const SELF = /我(县|市|区|镇|乡|旗)|全(县|市|区|镇|乡|旗)/;

/**
 * A text that calls its region 我县/全县 and names one county most often (淳化县 in 《淳化县…》):
 * that county's government; null on a tie.
 */
function selfPlace(flat: string): string | null {
  const self = SELF.exec(flat);
  if (!self) return null;
  const suffix = self[1] ?? self[2];
  const counts = new Map<string, number>();
  for (let at = flat.indexOf(suffix, 1), n = 0; at >= 0 && n < 200; at = flat.indexOf(suffix, at + 1), n++) {
    for (let l = Math.min(8, at + 1); l >= 2; l--) {
      const name = flat.slice(at + 1 - l, at + 1);
      const regions = findRegionsByNameOrAlias(name);
      if (regions.length && regions.some((r) => r.level !== 'township' || suffix === '镇' || suffix === '乡')) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        break;
      }
    }
  }
  let best: string | null = null;
  let bestN = 0;
  let tie = false;
  for (const [name, n] of counts) {
    if (n > bestN) [best, bestN, tie] = [name, n, false];
    else if (n === bestN) tie = true;
  }
  return best && !tie ? completeAgency(best) : null;
}

// ---------------------------------------------------------------------------------------------
// Year and dates

const PERIOD =
  /(20\d{2})(?:年0?1月0?1日|[./-]0?1[./-]0?1)(?:起|0时|零时)?(?:至|到|—|-|~|－|–)+(?:20\d{2}(?:年|[./-]))?12(?:月31日|[./-]31)/;
const PERIOD_YEAR = /统计(?:期限|时限|时间|区间|范围|周期)(?:为|是|从|自)?(20\d{2})年度?/;
const OVERVIEW_YEAR = /总体情况[^\d]{0,8}(20\d{2})年/;
const LABELLED_DATE =
  /(?<!抓取|采集|更新|访问|下载|打印|爬取|修改|截止|统计|办理|答复|受理|生成)(发布日期|发布时间|公开日期|公开时间|成文日期|印发日期|发文日期|日期|时间)\s*[:|]?\s*(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\s*日?\s*(?:至|到|起|—|-\s*20))/;
const DATE_LINE_CN = /^(?:[\u4e00-\u9fff()]{2,40}?\s*)?[(]?\s*([〇○零O一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*[)]?$/;
const DATE_LINE =
  /^(?:[\u4e00-\u9fff()]{2,40}\s*)?[(]?\s*(20\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*[)]?$/;
const PURE_DATE = /^[(]?\s*20\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|-\d{1,2}-\d{1,2})\s*[)]?$/;
const YEAR_ANY = /(20\d{2})\s*年/g;
const QUOTED = /《[^》]{0,60}》|〔[^〕]{0,10}〕|\[[^\]]{0,10}\]/g;

function iso(y: string, mo: string, d: string): string | null {
  const m = Number(mo);
  const day = Number(d);
  if (m < 1 || m > 12 || day < 1 || day > 31) return null;
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function statisticsYear(flat: string): number | null {
  const m = PERIOD.exec(flat);
  if (m) return Number(m[1]);
  const p = PERIOD_YEAR.exec(flat);
  return p ? Number(p[1]) : null;
}

/** 二〇二三年一月十七日 → 2023-01-17. */
function chineseDate(y: string, mo: string, d: string): string | null {
  const digit = (c: string) => '〇一二三四五六七八九'.indexOf(c.replace(/[○零O]/, '〇'));
  const num = (s: string) => {
    if (!s.includes('十')) return digit(s);
    const [t, u] = s.split('十');
    return (t ? digit(t) : 1) * 10 + (u ? digit(u) : 0);
  };
  const year = [...y].map(digit).join('');
  return /^20\d{2}$/.test(year) ? iso(year, String(num(mo)), String(num(d))) : null;
}

function dateOfLine(l: string): string | null {
  const last = l.charCodeAt(l.length - 1);
  // Ends in 日, ) or a digit (2023-01-18 10:00), else it is no date line.
  if (l.length > 60 || !(last === 0x65e5 || last === 0x29 || (last >= 0x30 && last <= 0x39))) return null;
  const m = DATE_LINE.exec(l);
  if (m) return m[2] ? iso(m[1], m[2], m[3]) : iso(m[1], m[4], m[5]);
  const c = DATE_LINE_CN.exec(l);
  return c ? chineseDate(c[1], c[2], c[3]) : null;
}

/**
 * Publication dates, best first: labelled dates near the top (发布日期 before a plain 日期, before
 * 成文日期), a date line under the title, the date of the signature, labelled dates at the end.
 */
function publishedDates(headLines: string[], tailLines: string[]): string[] {
  const labelled: [number, string][] = [];
  const labels = (lines: string[], base: number) => {
    for (const l of lines) {
      // Look only around each 日期/时间 (a crawled page may be one long line).
      for (const word of ['日期', '时间']) {
        for (let at = l.indexOf(word), n = 0; at >= 0 && n < 8; at = l.indexOf(word, at + 2), n++) {
          const m = LABELLED_DATE.exec(l.slice(Math.max(0, at - 4), at + 32));
          const d = m && iso(m[2], m[3], m[4]);
          if (d) labelled.push([base + (/发布|公开/.test(m[1]) ? 0 : /成文|印发|发文/.test(m[1]) ? 2 : 1), d]);
        }
      }
    }
  };
  labels(headLines.slice(0, 40), 0);
  const out = labelled.sort((x, y) => x[0] - y[0]).map((x) => x[1]);
  for (const l of headLines.slice(0, 20)) {
    const d = dateOfLine(l);
    if (d) out.push(d);
  }
  for (let i = tailLines.length - 1, seen = 0; i >= 0 && seen < 10; i--) {
    const l = tailLines[i];
    if (PAGE_JUNK.test(l)) continue;
    seen++;
    const d = dateOfLine(l);
    if (d) out.push(d);
  }
  labelled.length = 0;
  labels(tailLines, 0);
  for (const [, d] of labelled.sort((x, y) => x[0] - y[0])) out.push(d);
  return out;
}

function mostMentionedYear(text: string): number | null {
  const counts = new Map<number, number>();
  YEAR_ANY.lastIndex = 0;
  const t = text.replace(QUOTED, '');
  for (let m: RegExpExecArray | null; (m = YEAR_ANY.exec(t)); ) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  let best: number | null = null;
  let bestN = 0;
  for (const [y, n] of counts) if (n > bestN) [best, bestN] = [y, n];
  return best;
}

// ---------------------------------------------------------------------------------------------

function kindOf(agency: string | null): ReportMeta['kind'] {
  if (!agency) return null;
  if (OFFICE_SUFFIX.test(agency)) return /(?:政府|管委会|管理委员会|行政公署)办公[室厅]$/.test(agency) ? 'office' : 'department';
  if (GOVERNMENT_SUFFIX.test(agency)) return 'government';
  return 'department';
}

const ONE_UP: Record<string, AdminLevel> = { county: 'city', city: 'city', province: 'province', township: 'county' };
const ONE_DOWN: Record<string, AdminLevel> = { province: 'city', city: 'county', county: 'township', township: 'township' };

const TOWN_AGENCY = /(?:镇|乡|街道|苏木)(?:人民政府|办事处)(?:办公室)?$/;

function levelOf(kind: ReportMeta['kind'], place: Place | null, agency: string | null): AdminLevel | null {
  if (kind === 'department') return 'department';
  if (!place) return null;
  // A town the gazetteer does not know (renamed, new) under a county it does.
  if (place.town || (TOWN_AGENCY.test(agency ?? '') && place.region.level !== 'province' && !place.zone)) return 'township';
  // A zone that governs a county (平潭综合实验区) ranks above it; a development zone below its city.
  if (place.zone === 'comprehensive') return ONE_UP[place.region.level];
  if (place.zone === 'development') return ONE_DOWN[place.region.level];
  return place.region.level as AdminLevel;
}

/** The first `max` non-empty lines of `s`, trimmed. */
function firstLines(s: string, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length && out.length < max; ) {
    let j = s.indexOf('\n', i);
    if (j < 0) j = s.length;
    const t = s.slice(i, j).trim();
    if (t) out.push(t);
    i = j + 1;
  }
  return out;
}

/** The last `max` non-empty lines of `s`, trimmed, in text order. */
function lastLines(s: string, max: number): string[] {
  const out: string[] = [];
  for (let j = s.length; j > 0 && out.length < max; ) {
    const i = s.lastIndexOf('\n', j - 1);
    const t = s.slice(i + 1, j).trim();
    if (t) out.push(t);
    j = i;
  }
  return out.reverse();
}

/** The agency from the body when the title gives none (or one that resolves to no place). */
function agencyFromBody(titleAgency: string | null, text: string, flat: string, headLines: string[], tailLines: string[]): { agency: string | null; place: Place | null; weak: boolean } {
  let first: Candidate | null = null;
  for (const c of bodyAgencies(flat, headLines, tailLines)) {
    first ??= c;
    if (titleAgency) {
      // The title's name, unresolved (朝阳区人民政府), printed in full in the body (长春市朝阳区…).
      const at = c.agency.indexOf(titleAgency.replace(KIND_SUFFIX, ''));
      if (at <= 0) continue;
      const fuller = c.agency.slice(0, at) + titleAgency;
      const place = resolvePlace(fuller, text);
      if (place) return { agency: fuller, place, weak: false };
      continue;
    }
    const place = resolvePlace(c.agency, text);
    if (place) return { agency: c.agency, place, weak: c.weak };
  }
  if (titleAgency) return { agency: titleAgency, place: null, weak: false };
  const named = mostNamedAgency(flat) ?? selfPlace(flat);
  if (named) return { agency: named, place: resolvePlace(named, text), weak: true };
  return first ? { agency: first.agency, place: null, weak: first.weak } : { agency: null, place: null, weak: false };
}

export function extractMeta(text: string): ReportMeta {
  const head = text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text;
  const headLines = firstLines(head, TITLE_LINES);
  const tailLines = lastLines(text, TAIL_LINES);
  // The head without blanks (PDF text spaces out "2023 年 1 月"), line breaks kept; made when needed.
  let flatHead: string | null = null;
  const flat = () => (flatHead ??= head.replace(BLANKS, ''));
  let periodYear: number | null | undefined;
  const period = () =>
    periodYear !== undefined
      ? periodYear
      : (periodYear =
          statisticsYear(flat()) ??
          (text.length > HEAD_CHARS ? statisticsYear(text.slice(Math.max(HEAD_CHARS, text.length - TAIL_CHARS)).replace(BLANKS, '')) : null));

  // Title: standalone lines first, then other lines; a year agreeing with the 统计期限 settles
  // between the title and a link to another year's report. A title quoted in the text (《…》, a
  // notice about the reports) is never the agency's and gives a year only as a last resort.
  const all = findTitles(headLines);
  const titles = all.filter((t) => !t.quoted);
  const years = new Set(titles.map((t) => t.year).filter((y) => y !== null));
  const p = years.size > 1 ? period() : null;
  // Between titles of different agencies (a list of links above the title), the one the text
  // names again.
  const agencies = new Set(titles.map((t) => t.agency));
  const named = (t: TitleCandidate) => {
    if (agencies.size < 2 || !t.agency) return 0;
    // The most specific place of the name: 沛县龙固镇 → 龙固镇.
    let core = t.agency.replace(KIND_SUFFIX, '');
    for (let k = 0; k < core.length - 2; k++) {
      if (findRegionsByNameOrAlias(core.slice(k)).length) {
        core = core.slice(k);
        break;
      }
    }
    const first = text.indexOf(core);
    return first >= 0 && text.indexOf(core, first + core.length) >= 0 ? 1 : 0;
  };
  const rank = (t: TitleCandidate) => t.score + (p !== null && t.year === p ? 3 : 0) + named(t);
  let best: TitleCandidate | null = null;
  for (const t of titles) if (!best || rank(t) > rank(best)) best = t;
  // The end of the page ("PDF下载:X2022年度…", "附件:…") when the top has no title.
  const tailTitle = titles.length ? null : (findTitles(tailLines).find((t) => t.agency !== null && !t.quoted) ?? null);

  // Agency: the title, else the first body source whose name resolves to a place.
  let agency = best?.agency ?? titles.find((t) => t.agency)?.agency ?? tailTitle?.agency ?? null;
  let place: Place | null = agency ? resolvePlace(agency, text) : null;
  let weak = false;
  if (!place) ({ agency, place, weak } = agencyFromBody(agency, text, flat(), headLines, tailLines));
  // The site's or the contact's office of a government stands for the government whose report it is.
  if (agency && weak && /(?:人民政府|管委会|管理委员会|行政公署)办公[室厅]$/.test(agency)) agency = agency.replace(/办公[室厅]$/, '');
  if (agency && place?.fixed) agency = agency.replace(place.fixed.from, place.fixed.to);
  // The fuller name the text prints: 洪泽区人民政府 → 淮安市洪泽区人民政府, 彰武镇 → 彰武县彰武镇.
  if (agency && place && !place.fixed && !place.zone) {
    const own = place.town ?? place.region;
    const parent = own.parentCode ? regionByCode(own.parentCode) : undefined;
    if (parent && (own.level === 'county' || own.level === 'township') && agency.startsWith(own.name)) {
      const core = agency.replace(OFFICE_SUFFIX, '');
      if (text.includes(parent.name + core)) agency = parent.name + agency;
    }
  }

  // Year: the title, the 统计期限, "现将…2022年度…", the first year of 总体情况, the publication
  // date, the year mentioned most.
  let year = best?.year ?? titles.find((t) => t.year !== null)?.year ?? period();
  if (year === null) {
    const rep = REPORT_AS.exec(flat());
    const comp = rep ? null : COMPILED.exec(flat());
    year = rep ? Number(rep[2]) : comp ? Number(comp[1]) : (tailTitle?.year ?? all.find((t) => t.year !== null)?.year ?? null);
  }
  if (year === null) {
    const o = OVERVIEW_YEAR.exec(flat());
    if (o) year = Number(o[1]);
  }
  // A publication date falls after the year reported on (within three years).
  const dates = publishedDates(headLines, tailLines);
  const published = dates.find((d) => year === null || (Number(d.slice(0, 4)) > year && Number(d.slice(0, 4)) <= year + 3)) ?? null;
  if (year === null && published) year = Number(published.slice(0, 4)) - 1;
  if (year === null) year = mostMentionedYear(text.length > 20000 ? text.slice(0, 20000) : text);

  const kind = kindOf(agency);
  return {
    agency,
    level: levelOf(kind, place, agency),
    kind,
    region_code: place?.region.code ?? null,
    region: place ? regionPath(place.town?.code ?? place.region.code) : null,
    town_code: place?.town?.code ?? null,
    year,
    published,
    title: best?.title ?? tailTitle?.title ?? null,
    scope: kind ? (kind === 'government' && REGION_WIDE.test(text) ? 'region' : 'agency') : null,
  };
}
