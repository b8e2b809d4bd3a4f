/**
 * Figures the dashboard charts: series of any value key, outcome shares, correction rates,
 * peer rankings and roll-ups of a region's children. Every figure says which reports it counts.
 */
import { childRegions, regionByCode, type Region } from '../../lib/region/gazetteer';
import { correctionRate, MIN_APPLICATIONS_TO_RANK, OUTCOME_GROUPS, outcomeKeyGroups, share, type OutcomeGroupId } from '../../lib/metrics';
import type { Db } from '../client';
import { countedReports, valuesOf, type Filter } from './scope';

export interface SeriesPoint {
  year: number;
  value: number | null;
  /** How many reports the value sums, and which (for drill-down). */
  reports: number;
  reportIds: number[];
}

/** Sums value key `key` per year over the counted reports of a region or agencies. */
export function getValueSeries(db: Db, f: Filter & { key: string }): SeriesPoint[] {
  const refs = countedReports(db, f);
  const vals = valuesOf(db, f, [f.key]);
  const byYear = new Map<number, SeriesPoint>();
  for (const r of refs) {
    const p = byYear.get(r.year) ?? { year: r.year, value: null, reports: 0, reportIds: [] };
    const v = vals.get(r.id)?.get(f.key);
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
export function getOutcomeShares(db: Db, f: Filter): OutcomeShares[] {
  const groups = outcomeKeyGroups();
  const keys = [...groups.keys(), 't3.total_processed.total'];
  const refs = countedReports(db, f);
  const vals = valuesOf(db, f, keys);
  const byYear = new Map<number, OutcomeShares>();
  for (const r of refs) {
    let y = byYear.get(r.year);
    if (!y) {
      const zero = Object.fromEntries(OUTCOME_GROUPS.map((g) => [g.id, 0])) as Record<OutcomeGroupId, number>;
      y = { year: r.year, processed: 0, counts: zero, shares: { ...zero }, reportIds: [] };
      byYear.set(r.year, y);
    }
    const v = vals.get(r.id);
    if (!v) continue;
    y.reportIds.push(r.id);
    y.processed += v.get('t3.total_processed.total') ?? 0;
    for (const [k, g] of groups) y.counts[g] += v.get(k) ?? 0;
  }
  for (const y of byYear.values()) for (const g of OUTCOME_GROUPS) y.shares[g.id] = share(y.counts[g.id], y.processed);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export interface CorrectionRates {
  year: number;
  groups: Record<'review' | 'litigation_direct' | 'litigation_after_review' | 'litigation', { upheld: number; corrected: number; other: number; pending: number; total: number; rate: number | null }>;
  reportIds: number[];
}

const T4_KEYS = ['review', 'litigation_direct', 'litigation_after_review'].flatMap((g) => ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => `t4.${g}.${c}`));

/** 行政复议 and 行政诉讼 outcomes per year, with 纠错率 = 纠正 ÷ (总计 − 尚未审结). */
export function getCorrectionRates(db: Db, f: Filter): CorrectionRates[] {
  const refs = countedReports(db, f);
  const vals = valuesOf(db, f, T4_KEYS);
  const empty = () => ({ upheld: 0, corrected: 0, other: 0, pending: 0, total: 0, rate: null as number | null });
  const byYear = new Map<number, CorrectionRates>();
  for (const r of refs) {
    let y = byYear.get(r.year);
    if (!y) byYear.set(r.year, (y = { year: r.year, groups: { review: empty(), litigation_direct: empty(), litigation_after_review: empty(), litigation: empty() }, reportIds: [] }));
    const v = vals.get(r.id);
    if (!v) continue;
    y.reportIds.push(r.id);
    for (const g of ['review', 'litigation_direct', 'litigation_after_review'] as const) {
      for (const c of ['upheld', 'corrected', 'other', 'pending', 'total'] as const) {
        const x = v.get(`t4.${g}.${c}`) ?? 0;
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

function regionFigure(db: Db, region: Region, year: number): RegionFigure {
  const f = { regionCode: region.code, years: [year] };
  const refs = countedReports(db, f);
  const keys = ['t3.new_received.total', 't3.total_processed.total', 't3.granted.total', 't4.review.corrected', 't4.review.total', 't4.review.pending'];
  const vals = valuesOf(db, f, keys);
  const sum = (k: string) => {
    let s: number | null = null;
    for (const r of refs) {
      const v = vals.get(r.id)?.get(k);
      if (v !== undefined && v !== null) s = (s ?? 0) + v;
    }
    return s;
  };
  return {
    region,
    received: sum('t3.new_received.total'),
    processed: sum('t3.total_processed.total'),
    grantedShare: share(sum('t3.granted.total'), sum('t3.total_processed.total')),
    reviewRate: correctionRate(sum('t4.review.corrected'), sum('t4.review.total'), sum('t4.review.pending')),
    reports: refs.length,
    reportIds: refs.map((r) => r.id),
  };
}

/** The child regions of a region side by side for one year (e.g. the counties of a city). */
export function getChildRollup(db: Db, { regionCode, year }: { regionCode: string; year: number }): RegionFigure[] {
  return childRegions(regionCode)
    .filter((c) => c.level !== 'township' || regionCode.length === 6)
    .map((c) => regionFigure(db, c, year))
    .filter((f) => f.reports > 0);
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
export function rankPeers(db: Db, { regionCode, year, by = 'grantedShare' }: { regionCode: string; year: number; by?: 'received' | 'grantedShare' | 'reviewRate' }): Ranked[] {
  const r = regionByCode(regionCode);
  if (!r?.parentCode) return [];
  const peers = getChildRollup(db, { regionCode: r.parentCode, year }).filter((p) => p.region.level === r.level);
  const rankable = (p: RegionFigure) => by === 'received' || (p.processed ?? 0) >= MIN_APPLICATIONS_TO_RANK;
  const sorted = peers.filter((p) => rankable(p) && p[by] !== null).sort((a, b) => (b[by] ?? 0) - (a[by] ?? 0));
  return peers
    .map((p) => {
      const i = sorted.indexOf(p);
      return i >= 0 ? { ...p, rank: i + 1 } : { ...p, rank: null, unranked: rankable(p) ? '无数据' : `办结申请少于 ${MIN_APPLICATIONS_TO_RANK} 件，不参与排名` };
    })
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
}
