/**
 * A stored report as the review view needs it: the report (as the report page reads it), its
 * corrections, its open items, and every cell with the correction in force.
 */
import { FORMATS, type FormatVersion } from '../../lib/format';
import type { CellReading } from '../../lib/review/corrections';
import { excerptFor, type Excerpt } from '../../lib/review/excerpt';
import { doubtsOf, type Doubt } from '../../lib/review/queue';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { col } from '../rows';
import { latestPerTarget } from '../../lib/review/corrections';
import { listCorrections } from './corrections';
import type { StoredCorrectionRow } from '../records';
import { getReport, type ReportDetail } from './reports';

export interface ReviewView {
  report: ReportDetail;
  format: FormatVersion;
  versionPin: string | null;
  uploadedBy: string | null;
  declared: Record<string, string | number> | null;
  sourceUrl: string | null;
  corrections: StoredCorrectionRow[];
  /** The correction in force per cell key (applied, not a check mark). */
  inForce: Map<string, StoredCorrectionRow>;
  doubts: (Doubt & { excerpt?: Excerpt | null })[];
}

export async function getReviewView(db: Db, id: number): Promise<ReviewView | null> {
  const report = await getReport(db, id);
  if (!report) return null;
  const extra = (await db.one(
    sql`select version_pin as "versionPin", uploaded_by as "uploadedBy", declared, source_url as "sourceUrl", agency_id as "agencyId" from reports where id = ${id}`,
    {
      versionPin: col.textOrNull,
      uploadedBy: col.textOrNull,
      declared: col.jsonOrNull<Record<string, string | number>>(),
      sourceUrl: col.textOrNull,
      agencyId: col.numberOrNull,
    },
  ))!;
  const format = (report.format === '2019' ? '2019' : '2021') as FormatVersion;
  const f = FORMATS[format];
  const corrections = await listCorrections(db, id);
  const latest = latestPerTarget(corrections);
  const values: Record<string, CellReading> = {};
  for (const v of report.values) values[v.key] = { value: v.value, status: v.status, raw: v.raw, start: v.start, end: v.end };
  const doubts = doubtsOf(f, {
    values,
    checks: report.checks,
    meta: { agency: extra.agencyId == null ? null : report.agency, regionCode: report.regionCode, year: report.year },
    corrections: latest,
  });
  const placed = new Map(report.values.map((v) => [v.key, { start: v.start, end: v.end }]));
  return {
    report,
    format,
    versionPin: extra.versionPin,
    uploadedBy: extra.uploadedBy,
    declared: extra.declared,
    sourceUrl: extra.sourceUrl,
    corrections,
    inForce: new Map(latest.filter((c) => c.state === 'applied' && c.kind !== 'source_inconsistent').map((c) => [c.target, c])),
    doubts: doubts.map((d) =>
      d.kind === 'cell'
        ? { ...d, excerpt: excerptFor(f, report.text, d.key, placed) }
        : d.kind === 'stale' && f.keyIndex.has(d.target)
          ? { ...d, excerpt: excerptFor(f, report.text, d.target, placed) }
          : d,
    ),
  };
}
