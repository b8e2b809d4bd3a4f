/**
 * What an import or re-parse must bring up to date besides the reports themselves: the
 * cross-year findings and text reuse of the bodies whose reports changed (db/crossyear.ts), and
 * the precomputed coverage of the country and provinces (db/coverage-summary.ts).
 */
import type { Db } from './client';
import { refreshCoverageSummary } from './coverage-summary';
import { bodiesOfReports, refreshCrossYear, refreshCrossYearSummary, type CrossYearComputer } from './crossyear';

/** Whether an import's outcome wrote a report (stored or re-parsed it): the derived tables must follow. */
export const wroteReport = (o: { outcome: string }): boolean => o.outcome === 'imported' || o.outcome === 'reparsed';

/** After a batch (command-line import, re-parse): everything, before the command returns. */
export async function refreshDerived(
  db: Db,
  outcomes: { outcome: string; reportId?: number }[],
  onStage?: (stage: string, ms: number) => void,
  crossYear?: { compute: CrossYearComputer; parallel: number },
): Promise<void> {
  const changed = outcomes.filter((o) => wroteReport(o) && o.reportId !== undefined).map((o) => o.reportId!);
  if (changed.length === 0) return;
  await timed('cross-year findings', onStage, async () => {
    await refreshCrossYear(db, await bodiesOfReports(db, changed), crossYear?.compute, crossYear?.parallel);
    await refreshCrossYearSummary(db);
  });
  await timed('coverage', onStage, () => refreshCoverageSummary(db));
}

/** Runs one stage of the work after an import and tells `onStage` how long it took. */
export async function timed(stage: string, onStage: ((stage: string, ms: number) => void) | undefined, work: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  await work();
  onStage?.(stage, performance.now() - t);
}

/**
 * After one report changed through the browser (an upload, new metadata, a version decision, a
 * correction): its bodies' findings now (milliseconds), the summaries soon. Rebuilding the
 * coverage summary reads every current report (≈ 10 s at 150,000), so an upload of 100 files must
 * not wait for it 100 times: one rebuild runs at a time and the requests made meanwhile share one
 * more. `coverage: false` when what changed cannot change who published (a correction of a value).
 */
export async function refreshDerivedAfterEdit(db: Db, reportIds: number[], opts: { coverage?: boolean } = {}): Promise<void> {
  if (reportIds.length === 0) return;
  await refreshCrossYear(db, await bodiesOfReports(db, reportIds));
  void refreshCrossYearSummarySoon(db);
  if (opts.coverage !== false) void refreshCoverageSoon(db);
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
