/** Whether a report covers the whole region or only the agency itself. */
import type { ReportMeta } from '../types';

/** Phrases of a report on the whole region ("全市共收到…", "全县行政机关…"). */
const REGION_WIDE = /全(?:省|市|区|县|旗|州|盟|镇|乡)(?:各级|各)?(?:行政机关|政府部门|部门|单位)?(?:共|累计|合计)?(?:收到|受理|新收|办理|主动公开|公开|制发)/;

export function scopeOf(kind: ReportMeta['kind'], text: string): ReportMeta['scope'] {
  return kind ? (kind === 'government' && REGION_WIDE.test(text) ? 'region' : 'agency') : null;
}
