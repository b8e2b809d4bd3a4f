/**
 * What the dashboard compares: regions (GB/T 2260, summed over the reports counted for them) and
 * agencies (their own reports). Pure: names, levels and drill-down links; the figures come from
 * db/queries/figures.ts.
 */
import { ancestry, regionByCode, regionPath } from '../region/gazetteer';
import { drillHref } from './state';
import { displayText } from '../text/display';

export type Entity =
  | { kind: 'region'; code: string; name: string; path: string; level: string }
  | { kind: 'agency'; id: number; name: string; path: string; level: string | null; regionCode: string | null };

export type RegionEntity = Extract<Entity, { kind: 'region' }>;

export const LEVEL_LABEL: Record<string, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡镇（街道）',
  department: '部门',
};

export function regionEntity(code: string): RegionEntity | null {
  const r = regionByCode(code);
  if (!r) return null;
  return { kind: 'region', code: r.code, name: r.name, path: regionPath(r.code), level: r.level };
}

/**
 * Display names, made unique: two 朝阳区 become 北京市朝阳区 and 长春市朝阳区. Every chart, its
 * table, CSV and briefing names what it compares by these, so they are displayText'd here.
 */
export function entityNames(entities: Entity[]): string[] {
  const names = entities.map((e) => displayText(e.name));
  return entities.map((e, i) => {
    if (names.filter((n) => n === names[i]).length < 2) return names[i];
    if (e.kind === 'region')
      return ancestry(e.code)
        .slice(-2)
        .map((r) => r.name)
        .join('');
    return `${names[i]}（${e.path}）`;
  });
}

/** Where a click on a mark goes: the one report (with its cells marked), or the list behind it. */
export function drillLink(e: Entity | null, y: { year: number; reports: number; onlyReportId: number | null }, keys: string[]): string | null {
  if (y.reports === 0) return null;
  const key = keys.length ? `?key=${keys.map(encodeURIComponent).join('~')}` : '';
  if (y.onlyReportId != null) return `/reports/${y.onlyReportId}${key}`;
  if (!e) return drillHref({ year: y.year, keys });
  return drillHref({ region: e.kind === 'region' ? e.code : null, agency: e.kind === 'agency' ? e.id : null, year: y.year, keys });
}
