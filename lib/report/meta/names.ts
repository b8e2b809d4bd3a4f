/**
 * What an agency name is: a raw phrase around a name is cleaned into the agency's full name
 * (page furniture and linking words trimmed, a place alone means its government), and a name's
 * kind (government / office / department) follows from its suffix.
 */
import { findRegionsByNameOrAlias, findRegionsByStem, longestNameAt, type Region } from '../../region/gazetteer';
import type { ReportMeta } from '../types';
import { isRelative, shortForm } from './short-forms';

export const AGENCY_SUFFIX =
  /(?:人民政府办公[室厅]|人民政府|行政公署|管理委员会办公室|管委会办公室|管理委员会|管委会|街道办事处|办事处|办公[室厅]|委员会|[局厅署办委]|中心)$/;
const GOVERNMENT_SUFFIX = /(?:人民政府|行政公署|办事处|[区园城港岛](?:管理委员会|管委会))$/;
export const OFFICE_SUFFIX = /办公[室厅]$/;
export const PLACE_END = /(?:省|市|区|县|旗|盟|州|镇|乡|街道|地区)$/;
/** Zones that govern the place they are named after (平潭综合实验区 → 平潭县). */
const COMPREHENSIVE_ZONE = '综合实验区|综合试验区|实验区|试验区|示范区|新区';
/** Zones inside the place they are named after (淮安经济技术开发区 in 淮安市). */
const DEVELOPMENT_ZONE = '经济技术开发区|高新技术产业开发区|开发区|高新区|工业园区|园区|保税区|合作区|自贸区|管理区|度假区|风景区';
export const ZONE_END = new RegExp(`(?:${COMPREHENSIVE_ZONE}|${DEVELOPMENT_ZONE})$`);
export const ZONE_IN = new RegExp(`(${COMPREHENSIVE_ZONE})|(${DEVELOPMENT_ZONE})`);
/** Prefixes of agencies named before their place (国家税务总局淮安市税务局). */
const ORG_PREFIX = /(?:国家税务总局|中国人民银行|国家金融监督管理总局|国家外汇管理局|中共|共青团)$/;
const NAME_CHARS = /^[\u4e00-\u9fff()]{2,40}$/;
export const DELIMS = /[:|>》〕\]】」、。,;"“”'‘’<《〔\[【「!?]/;
// Multi-character words only: single characters start place names (向阳区, 将乐县).
export const LEAD_WORDS = /^(?:关于|现将|特编制|编制|特此|发布|公布|印发|报送|转发|根据|本报告由|本报告)+/;
/** Names that point at the writer instead of naming it (我县, 本市, 县政府). */
const DEICTIC = /^[我本该全各市县区镇乡省]/;
const JUNK_WORDS = /^(?:标题|正文|题目|首页|当前位置|您的位置|位置|PDF下载|下载|附件)/;

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

export function cleanAgency(raw: string | undefined): string | null {
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
  let s = raw
    .slice(raw.lastIndexOf('\n') + 1)
    .replace(/\s+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')');
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
  // A department named relative to the writer's region (市科委, 县人社局): kept as printed, the
  // region comes from the text.
  const short = shortForm(s);
  if (short && isRelative(short)) return s;
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

export function completeAgency(s: string): string | null {
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
/** What is left of an agency's name without its kind (街道 stays: it is part of the place name). */
export const KIND_SUFFIX =
  /(?:人民政府办公[室厅]|人民政府|行政公署|管理委员会办公室|管委会办公室|管理委员会|管委会|办事处|办公[室厅]|委员会|[局厅署办委]|中心)$/;

export function kindOf(agency: string | null): ReportMeta['kind'] {
  if (!agency) return null;
  if (OFFICE_SUFFIX.test(agency)) return /(?:政府|管委会|管理委员会|行政公署)办公[室厅]$/.test(agency) ? 'office' : 'department';
  if (GOVERNMENT_SUFFIX.test(agency)) return 'government';
  return 'department';
}
