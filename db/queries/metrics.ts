/**
 * Figures the dashboard charts: series of any value key, outcome shares, correction rates,
 * peer rankings and roll-ups of a region's children. Every figure says which reports it counts.
 */
import { childRegions, regionByCode, type Region } from '../../lib/region/gazetteer';
import { correctionRate, KEY_METRIC, MIN_APPLICATIONS_TO_RANK, OUTCOME_GROUPS, share, type OutcomeGroupId } from '../../lib/metrics';
import type { Db } from '../client';
import { countedReports, sumByYear, valuesOf, type Filter } from './scope';

export interface SeriesPoint {
  year: number;
  value: number | null;
  /** How many reports the value sums, and which (for drill-down). */
  reports: number;
  reportIds: number[];
}

/** Sums value key `key` per year over the counted reports of a region or agencies. */
export async function getValueSeries(db: Db, f: Filter & { key: string }): Promise<SeriesPoint[]> {
  const metric = KEY_METRIC[f.key];
  if (metric) {
    // Stored figure: summed in SQL. Report ids are listed up to 2,000 per year (drill-down then
    // goes through listReports with the same filter).
    return (await sumByYear(db, f, metric)).map((y) => ({ year: y.year, value: y.value, reports: y.reports, reportIds: y.ids ?? [] }));
  }
  const refs = await countedReports(db, f, metric ? [metric] : []);
  const vals = metric ? null : await valuesOf(db, refs.map((r) => r.id), [f.key]);
  const byYear = new Map<number, SeriesPoint>();
  for (const r of refs) {
    const p = byYear.get(r.year) ?? { year: r.year, value: null, reports: 0, reportIds: [] };
    const v = metric ? r[metric] : vals!.get(r.id)?.get(f.key);
    if (v !== undefined && v !== null) p.value = (p.value ?? 0) + v;
    p.reports++;
    p.reportIds.push(r.id);
    byYear.set(r.year, p);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export interface OutcomeShares {
  year: number;
  /** Applications concluded: （七）总计, total column. */
  processed: number;
  counts: Record<OutcomeGroupId, number>;
  shares: Record<OutcomeGroupId, number | null>;
  reportIds: number[];
}

/** Outcome groups (予以公开 … 其他处理) per year: counts and shares of （七）总计. */
export async function getOutcomeShares(db: Db, f: Filter): Promise<OutcomeShares[]> {
  const byYear = new Map<number, OutcomeShares>();
  for (const r of await countedReports(db, f)) {
    let y = byYear.get(r.year);
    if (!y) {
      const zero = Object.fromEntries(OUTCOME_GROUPS.map((g) => [g.id, 0])) as Record<OutcomeGroupId, number>;
      y = { year: r.year, processed: 0, counts: zero, shares: { ...zero }, reportIds: [] };
      byYear.set(r.year, y);
    }
    y.reportIds.push(r.id);
    y.processed += r.processed ?? 0;
    for (const g of OUTCOME_GROUPS) y.counts[g.id] += r[g.id] ?? 0;
  }
  for (const y of byYear.values()) for (const g of OUTCOME_GROUPS) y.shares[g.id] = share(y.counts[g.id], y.processed);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export interface CorrectionRates {
  year: number;
  groups: Record<'review' | 'litigation_direct' | 'litigation_after_review' | 'litigation', { upheld: number; corrected: number; other: number; pending: number; total: number; rate: number | null }>;
  reportIds: number[];
}

const T4_PARTS = [['review', 'review'], ['litigation_direct', 'direct'], ['litigation_after_review', 'after']] as const;
const T4_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;

/** 行政复议 and 行政诉讼 outcomes per year, with 纠错率 = 纠正 ÷ (总计 − 尚未审结). */
export async function getCorrectionRates(db: Db, f: Filter): Promise<CorrectionRates[]> {
  const empty = () => ({ upheld: 0, corrected: 0, other: 0, pending: 0, total: 0, rate: null as number | null });
  const byYear = new Map<number, CorrectionRates>();
  for (const r of await countedReports(db, f)) {
    let y = byYear.get(r.year);
    if (!y) byYear.set(r.year, (y = { year: r.year, groups: { review: empty(), litigation_direct: empty(), litigation_after_review: empty(), litigation: empty() }, reportIds: [] }));
    y.reportIds.push(r.id);
    for (const [g, short] of T4_PARTS) {
      for (const c of T4_COLS) {
        const x = r[`${short}_${c}`] ?? 0;
        y.groups[g][c] += x;
        if (g !== 'review') y.groups.litigation[c] += x;
      }
    }
  }
  for (const y of byYear.values()) for (const g of Object.values(y.groups)) g.rate = correctionRate(g.corrected, g.total, g.pending);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export interface RegionFigure {
  region: Region;
  received: number | null;
  processed: number | null;
  grantedShare: number | null;
  reviewRate: number | null;
  reports: number;
  reportIds: number[];
}

function regionFigure(region: Region, refs: Awaited<ReturnType<typeof countedReports>>): RegionFigure {
  const sum = (k: 'received' | 'processed' | 'granted' | 'review_corrected' | 'review_total' | 'review_pending') => {
    let s: number | null = null;
    for (const r of refs) if (r[k] !== null && r[k] !== undefined) s = (s ?? 0) + r[k]!;
    return s;
  };
  return {
    region,
    received: sum('received'),
    processed: sum('processed'),
    grantedShare: share(sum('granted'), sum('processed')),
    reviewRate: correctionRate(sum('review_corrected'), sum('review_total'), sum('review_pending')),
    reports: refs.length,
    reportIds: refs.map((r) => r.id),
  };
}

/** The child regions of a region side by side for one year (e.g. the counties of a city). */
export async function getChildRollup(db: Db, { regionCode, year }: { regionCode: string; year: number }): Promise<RegionFigure[]> {
  // One query for the whole region, then each report goes to the child it lies in; the counting
  // rule applies within each child (a county's figure stays its own under a city-wide report).
  const refs = await countedReports(db, { regionCode, years: [year] }, undefined, { childrenOf: regionCode });
  const children = childRegions(regionCode).filter((c) => c.level !== 'township' || regionCode.length === 6);
  const byChild = new Map<string, typeof refs>(children.map((c) => [c.code, []]));
  for (const r of refs) {
    const child = children.find((c) => (c.level === 'township' ? r.townCode === c.code : inRegion(r.regionCode, c)));
    if (child) byChild.get(child.code)!.push(r);
  }
  return children.map((c) => regionFigure(c, byChild.get(c.code)!)).filter((f) => f.reports > 0);
}

function inRegion(code: string | null, region: Region): boolean {
  if (!code) return false;
  const p = region.level === 'province' ? region.code.slice(0, 2) : region.level === 'city' ? region.code.slice(0, 4) : region.code;
  return code.startsWith(p);
}

export interface Ranked extends RegionFigure {
  rank: number | null;
  /** Why the region is not ranked (too few applications), in words. */
  unranked?: string;
}

/**
 * Ranks a region among its peers (same parent, same level) by a measure, for one year. Units
 * with fewer than MIN_APPLICATIONS_TO_RANK concluded applications are listed but not ranked.
 */
export async function rankPeers(db: Db, { regionCode, year, by = 'grantedShare' }: { regionCode: string; year: number; by?: 'received' | 'grantedShare' | 'reviewRate' }): Promise<Ranked[]> {
  const r = regionByCode(regionCode);
  if (!r?.parentCode) return [];
  const peers = (await getChildRollup(db, { regionCode: r.parentCode, year })).filter((p) => p.region.level === r.level);
  const rankable = (p: RegionFigure) => by === 'received' || (p.processed ?? 0) >= MIN_APPLICATIONS_TO_RANK;
  const sorted = peers.filter((p) => rankable(p) && p[by] !== null).sort((a, b) => (b[by] ?? 0) - (a[by] ?? 0));
  return peers
    .map((p) => {
      const i = sorted.indexOf(p);
      return i >= 0 ? { ...p, rank: i + 1 } : { ...p, rank: null, unranked: rankable(p) ? '无数据' : `办结申请少于 ${MIN_APPLICATIONS_TO_RANK} 件，不参与排名` };
    })
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
}
