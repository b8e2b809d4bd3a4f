/**
 * A briefing (简报) of one dashboard view as plain data: what the Word document says, in order.
 * The server assembles it from the same loaders the page uses (app/_data/briefing.ts); the Word
 * builder (docx.ts) turns it into a .docx. Nothing here reads a database or a file.
 */
import type { ChartSpec } from '../charts/spec';
import type { EntityInput } from '../charts/specs';
import { displayText } from '../text/display';

export interface BriefingImage {
  png: Uint8Array;
  /** Pixel size of the PNG (the document shows it at the page width, same aspect ratio). */
  width: number;
  height: number;
}

export interface BriefingChart {
  spec: ChartSpec;
  /** The chart as a PNG, or null when it has no data (the spec's `empty` text is printed instead). */
  image: BriefingImage | null;
  /** Absolute link to the server PNG of this chart (a stable image to cite). */
  imageUrl?: string;
}

export interface BriefingTerm {
  term: string;
  text: string;
}

/** Per shown body (region, agency, the country) and year: how many reports its figures count. */
export interface BriefingCoverage {
  name: string;
  year: number;
  reports: number;
  /** Reporting bodies expected, when the aggregates know it (coverage, issue 10). */
  expected?: number | null;
  /** Figures confirmed by a reviewer / still doubtful, when the aggregates carry them (issue 8). */
  reviewed?: number | null;
  unreviewed?: number | null;
}

export interface BriefingCheck {
  /** The report, in words: agency and year. */
  report: string;
  /** The rule, in words (表三“自然人”列：…). */
  rule: string;
  /** What failed: the stored message, or expected and printed values. */
  detail: string;
  /** Absolute link to the report page with the check. */
  link: string;
}

export interface BriefingSource {
  agency: string;
  region: string | null;
  year: number | null;
  published: string | null;
  /** Where the report was published, when known; else the report's page on this site. */
  link: string;
  /** True when `link` is the original publication, false when it is this site's copy. */
  original: boolean;
}

export interface Briefing {
  /** Document title, e.g. 对比：武威市、罗庄区. */
  title: string;
  /** The view's filters in words (label → value), in the order the page shows them. */
  filters: { label: string; value: string }[];
  /** ISO date the briefing was made. */
  generated: string;
  /** Absolute link to the view on the site. */
  url: string;
  charts: BriefingChart[];
  definitions: BriefingTerm[];
  coverage: BriefingCoverage[];
  /** Notes on coverage and data quality, in words (e.g. report counts that differ across years). */
  notes: string[];
  checks: BriefingCheck[];
  /** Reports with failed checks not listed (the list is capped), with where to see all of them;
   * `atLeast` when the reports read were themselves capped (a national view). */
  checksOmitted: { count: number; link: string; atLeast?: boolean } | null;
  sources: BriefingSource[];
  sourcesOmitted: { count: number; link: string } | null;
  /** The source line printed under every chart (数据来源：…). */
  sourceLine: string;
}

/** Coverage rows from the chart inputs: per entity and year, the reports counted. */
export function coverageOf(inputs: EntityInput[], years?: number[] | null): BriefingCoverage[] {
  return inputs.flatMap((e) =>
    e.points.filter((p) => !years?.length || years.includes(p.year)).map((p) => ({ name: e.name, year: p.year, reports: p.reports })),
  );
}

/**
 * Notes the coverage rows call for: a body whose counted reports differ between years (a change
 * across years may then come from the number of reports, not from the applications).
 */
export function coverageNotes(rows: BriefingCoverage[]): string[] {
  const notes: string[] = [];
  const byName = new Map<string, BriefingCoverage[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  for (const [name, rs] of byName) {
    if (rs.length < 2) continue;
    const counts = rs.map((r) => r.reports);
    const min = Math.min(...counts);
    const max = Math.max(...counts);
    if (min !== max) {
      notes.push(
        `${name}各年度计入的报告数不同（${rs.map((r) => `${r.year}年 ${r.reports} 份`).join('，')}）：跨年度的变化可能部分来自入库报告数的变化，而非申请量本身。`,
      );
    }
  }
  return notes;
}

/**
 * A file name for the download: 简报-<title>-<date>.docx, without characters file systems refuse
 * nor bidirectional controls (a name ending `‮xcod.exe` would read as `exe.docx`).
 */
export function briefingFileName(b: Pick<Briefing, 'title' | 'generated'>): string {
  const title = displayText(b.title)
    .replace(/[\\/:*?"<>|\s]+/g, '')
    .slice(0, 60);
  return `简报-${title}-${b.generated}.docx`;
}
