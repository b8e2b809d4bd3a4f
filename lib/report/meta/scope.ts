/**
 * Scope: does a report's figures cover the whole region (`region`: the government's report on
 * its area, which already includes its departments and lower governments, so the store does not
 * add theirs again) or only the agency itself (`agency`)?
 *
 * The rule, by the kind of the agency and never by the wording alone (so one agency's reports do
 * not flip between years as the wording changes):
 * - a department or an office (办公室/办公厅) reports on itself: `agency`;
 * - a government (人民政府, 管委会, 行政公署, 办事处) reports on its region: `region` — unless
 *   the narrative says its figures are its own only (the subject of the count is 本机关/本单位/
 *   本级/政府本级: "本机关共收到政府信息公开申请…"), and nowhere speaks of region-wide figures
 *   (全市/全县/全区…(各部门)共收到/受理/主动公开…). Template labels (本机关不掌握相关政府信息)
 *   never match: both phrases need a count verb right after the subject;
 * - no agency: null.
 */
import type { ReportMeta } from '../types';

/** Figures of the whole region: "全市共收到…", "全县行政机关累计受理…", "全区主动公开…". */
const REGION_WIDE =
  /全(?:省|市|区|县|旗|州|盟|镇|乡)(?:各级|各)?(?:行政机关|政府部门|部门|单位)?(?:共|累计|合计)?(?:收到|受理|新收|办理|主动公开|公开|制发)/;
/** Figures of the agency itself: "本机关共收到…申请", "区政府本级全年受理…申请". */
const OWN_ONLY = /(?:本机关|本单位|本级)(?:共|全年|本年度?|年内|累计)?(?:收到|受理|新收|接收|办理)(?:各类)?(?:政府信息公开)?申请/;

export function scopeOf(kind: ReportMeta['kind'], text: string): ReportMeta['scope'] {
  if (!kind) return null;
  if (kind !== 'government') return 'agency';
  return OWN_ONLY.test(text) && !REGION_WIDE.test(text) ? 'agency' : 'region';
}
