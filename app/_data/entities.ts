import 'server-only';
/**
 * What the dashboard compares: regions (GB/T 2260, summed over the reports counted for them) and
 * agencies (their own reports). Per entity and year: the summed values of every key the charts
 * need, and the reports behind them (for drill-down).
 */
import { getDb, type Db } from '@/db/client';
import { countedReports, valuesOf, type Filter } from '@/db/queries/scope';
import { sumsByYear } from '@/db/queries/web-sums';
import { getAgencies } from '@/db/queries/web-agencies';
import { ancestry, regionByCode, regionPath } from '@/lib/region/gazetteer';
import { addFigures, applicantRowKeys, DEFAULT_VOLUME_ROW, DOUBTFUL_FIGURE, figuresFromValues, REVIEWED_FIGURE, type Figures } from '@/lib/charts/measures';
import { METRIC_COLUMNS, type MetricColumn } from '@/lib/metrics';
import { drillHref } from '@/lib/charts/state';

export type Entity =
  | { kind: 'region'; code: string; name: string; path: string; level: string }
  | { kind: 'agency'; id: number; name: string; path: string; level: string | null; regionCode: string | null };

export interface EntityYear {
  year: number;
  /** Figures summed over the counted reports (measures.ts `Figures`). */
  values: Figures;
  /** How many reports are counted. */
  reports: number;
  /** Their ids when few (drill-down goes straight to a single report), else empty. */
  reportIds: number[];
}

/** The store's per-report figures (report_metrics) under the chart figure keys. */
const METRIC_FIGURE: Record<MetricColumn, string> = (() => {
  const m: Partial<Record<MetricColumn, string>> = {
    received: 'vol.new_received.total',
    received_natural: 'vol.new_received.natural',
    received_legal: 'vol.new_received.legal',
    carried_over: 'vol.carried_over.total',
    processed: 'vol.total_processed.total',
    carried_forward: 'vol.carried_forward.total',
  };
  const t4: Record<string, string> = { review: 'review', direct: 'litigation_direct', after: 'litigation_after_review' };
  for (const c of METRIC_COLUMNS) {
    if (m[c]) continue;
    const t = /^(review|direct|after)_(\w+)$/.exec(c);
    m[c] = t ? `case.${t4[t[1]]}.${t[2]}` : `out.${c}`;
  }
  return m as Record<MetricColumn, string>;
})();

export const LEVEL_LABEL: Record<string, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡镇（街道）',
  department: '部门',
};

export type RegionEntity = Extract<Entity, { kind: 'region' }>;

export function regionEntity(code: string): RegionEntity | null {
  const r = regionByCode(code);
  if (!r) return null;
  return { kind: 'region', code: r.code, name: r.name, path: regionPath(r.code), level: r.level };
}

export async function resolveEntities(regions: string[], agencies: number[]): Promise<Entity[]> {
  const out: Entity[] = [];
  for (const code of regions) {
    const e = regionEntity(code);
    if (e) out.push(e);
  }
  for (const a of await getAgencies(await getDb(), agencies)) {
    out.push({ kind: 'agency', id: a.id, name: a.name, path: a.regionPath ?? '', level: a.level, regionCode: a.townCode ?? a.regionCode });
  }
  return out;
}

/** Display names, made unique: two 朝阳区 become 北京市朝阳区 and 长春市朝阳区. */
export function entityNames(entities: Entity[]): string[] {
  const names = entities.map((e) => e.name);
  return entities.map((e, i) => {
    if (names.filter((n) => n === names[i]).length < 2) return names[i];
    if (e.kind === 'region') {
      const chain = ancestry(e.code);
      return chain.slice(-2).map((r) => r.name).join('');
    }
    return `${e.name}（${e.path}）`;
  });
}

export function entityKey(e: Entity): string {
  return e.kind === 'region' ? `r${e.code}` : `a${e.id}`;
}

/** The filter of an entity; null is the whole country. */
export function entityFilter(e: Entity | null, years?: number[] | null): Filter {
  const f: Filter = !e ? {} : e.kind === 'region' ? { regionCode: e.code } : { agencyIds: [e.id] };
  if (years?.length) f.years = years;
  return f;
}

/**
 * Per year (ascending): the counted reports of the entity (null: national) and their summed
 * figures. One query on the stored per-report figures; the applicant split of a 表三 row other
 * than 本年新收 (not stored per report) is read from the values when `rows` asks for it.
 */
export async function entityYears(e: Entity | null, years?: number[] | null, rows: string[] = []): Promise<EntityYear[]> {
  return computeEntityYears(await getDb(), e, years, rows);
}

async function computeEntityYears(db: Db, e: Entity | null, years: number[] | null | undefined, rows: string[]): Promise<EntityYear[]> {
  const f = entityFilter(e, years);
  const extraRows = rows.filter((r) => r !== DEFAULT_VOLUME_ROW);
  if (extraRows.length === 0) {
    // Everything the charts need is stored per report: one SQL aggregate.
    return (await sumsByYear(db, f)).map((y) => {
      const values: Figures = {};
      for (const c of METRIC_COLUMNS) if (y.sums[c] != null) values[METRIC_FIGURE[c]] = y.sums[c];
      values[REVIEWED_FIGURE] = y.review.reviewed;
      values[DOUBTFUL_FIGURE] = y.review.doubtful;
      return { year: y.year, values, reports: y.reports, reportIds: y.ids ?? [] };
    });
  }
  // The applicant split of another 表三 row is not stored per report: read the counted reports
  // and their values.
  const refs = await countedReports(db, f);
  if (refs.length === 0) return [];
  const extra = await valuesOf(db, refs.map((r) => r.id), extraRows.flatMap(applicantRowKeys));
  const n = METRIC_COLUMNS.length;
  const byYear = new Map<number, { sums: Float64Array; known: Uint8Array; ids: number[]; extra: Figures }>();
  for (const r of refs) {
    let y = byYear.get(r.year);
    if (!y) byYear.set(r.year, (y = { sums: new Float64Array(n), known: new Uint8Array(n), ids: [], extra: {} }));
    y.ids.push(r.id);
    for (let i = 0; i < n; i++) {
      const v = r[METRIC_COLUMNS[i]];
      if (v != null) {
        y.sums[i] += v;
        y.known[i] = 1;
      }
    }
    const fig = figuresFromValues(Object.fromEntries(extra.get(r.id) ?? []));
    const part: Figures = {};
    for (const row of extraRows) for (const a of ['natural', 'legal']) part[`vol.${row}.${a}`] = fig[`vol.${row}.${a}`];
    addFigures(y.extra, part);
  }
  return [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, y]) => {
      const values: Figures = { ...y.extra };
      for (let i = 0; i < n; i++) if (y.known[i]) values[METRIC_FIGURE[METRIC_COLUMNS[i]]] = y.sums[i];
      return { year, values, reports: y.ids.length, reportIds: y.ids.length <= 50 ? y.ids : [] };
    });
}

/** Where a click on a mark goes: the one report (with its cells marked), or the list behind it. */
export function drillLink(e: Entity | null, y: Pick<EntityYear, 'year' | 'reports' | 'reportIds'>, keys: string[]): string | null {
  if (y.reports === 0) return null;
  const key = keys.length ? `?key=${keys.map(encodeURIComponent).join('~')}` : '';
  if (y.reports === 1 && y.reportIds.length === 1) return `/reports/${y.reportIds[0]}${key}`;
  if (!e) return drillHref({ year: y.year, keys });
  return drillHref({ region: e.kind === 'region' ? e.code : null, agency: e.kind === 'agency' ? e.id : null, year: y.year, keys });
}
