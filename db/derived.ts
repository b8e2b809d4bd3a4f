/**
 * What a write must bring up to date besides what it wrote: the derived tables (region roll-ups,
 * cross-year findings and their summary, the coverage summary), by `afterWrite`, which every
 * write service calls once its transaction committed; and all of them at once (`refreshAll`,
 * `npm run db:refresh`) for a database whose derived tables are missing or in doubt.
 */
import type { Db } from './driver';
import { refreshCoverageSummary } from './coverage-summary';
import { bodiesOfReports, refreshAllCrossYear, refreshCrossYear, refreshCrossYearSummary, type CrossYearComputer } from './crossyear';
import { fillMissingMetrics } from './metrics';
import { refreshRollups } from './rollups';

/** Whether an import's outcome wrote a report (stored or re-parsed it): the derived tables must follow. */
export const wroteReport = (o: { outcome: string }): boolean => o.outcome === 'imported' || o.outcome === 'reparsed';

/** What a write changed, as far as the derived tables care. */
export type Change =
  /** Reports stored, re-parsed, re-declared or re-pinned: their figures, bodies, places and which version counts. */
  | { reports: number[] }
  /** Reviewers' corrections of these reports' values: their figures in force; who published is unchanged. */
  | { corrected: number[] }
  /** The expected-units list (who must publish). */
  | { units: true };

type ChangeKind = 'reports' | 'corrected' | 'units';

/**
 * The derived tables and the changes that make each stale — the one place that knows what
 * depends on what:
 * - rollups: region_rollups, sums of the current reports' report_metrics (db/rollups.ts);
 * - crossYear: cross_year_findings and text_reuse of the changed reports' bodies, then
 *   cross_year_summary (db/crossyear.ts);
 * - coverage: coverage_summary, who was expected to publish and who did (db/coverage-summary.ts).
 */
export const DEPENDS_ON = {
  rollups: ['reports', 'corrected'],
  crossYear: ['reports', 'corrected'],
  coverage: ['reports', 'units'],
} as const satisfies Record<string, readonly ChangeKind[]>;

function kindOf(c: Change): ChangeKind {
  return 'reports' in c ? 'reports' : 'corrected' in c ? 'corrected' : 'units';
}

export interface AfterWriteOptions {
  /**
   * true (a command-line batch): everything is rebuilt before the call returns. false (default: one
   * change through the browser): the roll-ups and the bodies' findings now (milliseconds), the
   * summaries soon, in the background — rebuilding the coverage summary reads every current report
   * (≈ 10 s at 150,000), so an upload of 100 files must not wait for it 100 times: one rebuild
   * runs at a time and the requests made meanwhile share one more.
   */
  wait?: boolean;
  /** Told when each stage ends (roll-ups, cross-year findings, coverage), with its duration. */
  onStage?: (stage: string, ms: number) => void;
  /** Computes cross-year findings elsewhere (parser threads), `parallel` chunks at a time. */
  crossYear?: { compute: CrossYearComputer; parallel: number };
}

/** Brings the derived tables up to date after a committed write (they are recomputable: never inside its transaction). */
export async function afterWrite(db: Db, change: Change, opts: AfterWriteOptions = {}): Promise<void> {
  const kind = kindOf(change);
  const reportIds = 'reports' in change ? change.reports : 'corrected' in change ? change.corrected : [];
  const stale = (table: keyof typeof DEPENDS_ON) =>
    (DEPENDS_ON[table] as readonly ChangeKind[]).includes(kind) && (kind === 'units' || reportIds.length > 0);
  if (stale('rollups')) await timed('roll-ups', opts.onStage, () => refreshRollups(db));
  if (stale('crossYear')) {
    await timed('cross-year findings', opts.onStage, async () => {
      await refreshCrossYear(db, await bodiesOfReports(db, reportIds), opts.crossYear?.compute, opts.crossYear?.parallel);
      if (opts.wait) await refreshCrossYearSummary(db);
    });
    if (!opts.wait) void refreshCrossYearSummarySoon(db);
  }
  if (stale('coverage')) {
    if (opts.wait) await timed('coverage', opts.onStage, () => refreshCoverageSummary(db));
    else void refreshCoverageSoon(db);
  }
}

/** The reports an import's outcomes wrote (stored or re-parsed). */
export function writtenReports(outcomes: { outcome: string; reportId?: number }[]): number[] {
  return outcomes.filter((o) => wroteReport(o) && o.reportId !== undefined).map((o) => o.reportId!);
}

/** Runs one stage of the work after an import and tells `onStage` how long it took. */
export async function timed(stage: string, onStage: ((stage: string, ms: number) => void) | undefined, work: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  await work();
  onStage?.(stage, performance.now() - t);
}

/** Rebuilds coverage_summary in the background, coalescing requests; resolves when it is current. */
export function refreshCoverageSoon(db: Db): Promise<void> {
  return soon(db, 'coverage summary', refreshCoverageSummary);
}

/** Rebuilds cross_year_summary in the background after an edit (≈ 0.5 s at 150,000 reports), coalescing requests. */
export function refreshCrossYearSummarySoon(db: Db): Promise<void> {
  return soon(db, 'cross-year summary', refreshCrossYearSummary);
}

const runs = new WeakMap<Db, Map<string, { running: Promise<void>; again: boolean }>>();

/** Runs `rebuild` in the background: one run at a time per database and job; requests made meanwhile share one more. */
function soon(db: Db, job: string, rebuild: (db: Db) => Promise<unknown>): Promise<void> {
  let jobs = runs.get(db);
  if (!jobs) runs.set(db, (jobs = new Map()));
  const run = jobs.get(job);
  if (run) {
    run.again = true;
    return run.running;
  }
  const state = { running: Promise.resolve(), again: false };
  state.running = (async () => {
    try {
      do {
        state.again = false;
        await rebuild(db);
      } while (state.again);
    } catch (err) {
      // A closed database (a test, a shutting-down server) or a failed rebuild: the previous
      // summary stays; the next import rebuilds it.
      console.error(`${job}: ${(err as Error).message}`);
    } finally {
      jobs.delete(job);
    }
  })();
  jobs.set(job, state);
  return state.running;
}

export interface RefreshSummary {
  /** Reports whose per-report figures were missing and were computed. */
  figures: number;
  /** Bodies whose cross-year findings were recomputed. */
  bodies: number;
  /** Rows of coverage_summary written. */
  coverage: number;
}

/**
 * Every derived table rebuilt from the stored reports and corrections (`npm run db:refresh`): the
 * per-report figures a migration emptied, the roll-ups, every body's cross-year findings, the
 * cross-year and coverage summaries. Minutes at 150,000 reports; nothing else runs it.
 */
export async function refreshAll(db: Db, onStage?: (stage: string, ms: number) => void): Promise<RefreshSummary> {
  if (db.readOnly) throw new Error(`${db.where} is read-only: nothing can be refreshed`);
  const out: RefreshSummary = { figures: 0, bodies: 0, coverage: 0 };
  await timed('figures', onStage, async () => void (out.figures = await fillMissingMetrics(db)));
  await timed('roll-ups', onStage, () => refreshRollups(db));
  await timed('cross-year findings', onStage, async () => {
    out.bodies = await refreshAllCrossYear(db);
    await refreshCrossYearSummary(db);
  });
  await timed('coverage', onStage, async () => void (out.coverage = await refreshCoverageSummary(db)));
  return out;
}
