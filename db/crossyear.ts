/**
 * Keeps the cross-year tables (cross_year_findings, text_reuse) in step with the reports: for a
 * body, every pair of consecutive current reports is checked (lib/crossyear/check) and its
 * narrative compared (lib/crossyear/reuse). Rebuilt per body — a handful of reports — whenever
 * an import stores or re-parses one of its reports (50 bodies per write transaction).
 */
import { checkCrossYear, consecutivePairs, type YearCell, type YearReport } from '../lib/crossyear/check';
import { CROSS_YEAR_RULES } from '../lib/crossyear/rules';
import { textReuse, type ReuseInput } from '../lib/crossyear/reuse';
import type { FormatVersion } from '../lib/format';
import type { Span } from '../lib/report/types';
import { ROLLUP_LEVELS, rollupCode } from '../lib/region/rollup-levels';
import type { Db, Tx } from './client';
import { joinQueries, multiRowInsert, q, Query } from './query';
import { sql } from 'drizzle-orm';
import { col } from './rows';
import { reviewedKeys } from './queries/corrections';

type BodyReport = Omit<YearReport, 'cells'> &
  Omit<ReuseInput, 'cells'> & {
    id: number;
    cells: Record<string, (YearCell & Partial<Span>) | undefined>;
  };

const idList = (ids: number[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/**
 * The cells the cross-year work reads, and only those: the values the rules compare (by primary
 * key), and per table the first start and last end of its cells — all text reuse needs to cut the
 * tables out of the narrative (lib/crossyear/reuse tableSpans). Reading every value of every report
 * of a body (200 rows each) cost more than the checks themselves.
 */
const RULE_KEYS = [...new Set(CROSS_YEAR_RULES.flatMap((r) => [r.current, ...r.previous, ...r.plus, ...r.minus]))];
const ruleKeyList = sql.join(
  RULE_KEYS.map((k) => sql`${k}`),
  sql`, `,
);

/** The current reports of each of these bodies (agency ids), in year order; bodies with fewer than two are left out. */
async function bodiesReports(db: Db, agencyIds: number[]): Promise<Map<number, BodyReport[]>> {
  const out = new Map<number, BodyReport[]>();
  if (agencyIds.length === 0) return out;
  // Which bodies have two current reports or more, read from the index alone (no report text).
  const counted = await db.all(
    sql`select agency_id as id, count(*) as n from reports where agency_id in (${idList(agencyIds)}) and is_current = 1 and year is not null group by agency_id`,
    { id: col.number, n: col.number },
  );
  const bodies = counted.filter((b) => b.n > 1).map((b) => b.id);
  if (bodies.length === 0) return out;
  const reports = await db.all(
    sql`select r.id, r.agency_id, r.year, r.format, r.scope, r.text, a.name as agency from reports r join agencies a on a.id = r.agency_id
      where r.agency_id in (${idList(bodies)}) and r.is_current = 1 and r.year is not null order by r.agency_id, r.year`,
    {
      id: col.number,
      agency_id: col.number,
      year: col.number,
      format: col.oneOf(['2021', '2019'] as const),
      scope: col.textOrNull,
      text: col.text,
      agency: col.text,
    },
  );
  const reportIds = reports.map((r) => r.id);
  const ids = idList(reportIds);
  const cells = new Map<number, BodyReport['cells']>(reportIds.map((id) => [id, {}]));
  const values = await db.all(sql`select report_id, key, value, status from report_values where report_id in (${ids}) and key in (${ruleKeyList})`, {
    report_id: col.number,
    key: col.text,
    value: col.numberOrNull,
    status: col.text,
  });
  for (const v of values) cells.get(v.report_id)![v.key] = { value: v.value, status: v.status };
  const tables = await db.all(
    sql`select report_id, substr(key, 1, 2) as tbl, min(start) as start, max("end") as "end" from report_values
      where report_id in (${ids}) and start is not null and "end" is not null group by report_id, substr(key, 1, 2)`,
    { report_id: col.number, tbl: col.text, start: col.number, end: col.number },
  );
  // A table's extent as one pseudo-cell (`t3.*`): tableSpans takes the min start and max end per table.
  for (const t of tables) cells.get(t.report_id)![`${t.tbl}.*`] = { value: null, status: 'extent', start: t.start, end: t.end };
  // The values in force, as report_metrics holds them: a reviewer's value replaces the parse's.
  for (const [id, reviewed] of await reviewedKeys(db, reportIds)) {
    const c = cells.get(id)!;
    for (const [key, r] of reviewed) c[key] = { ...c[key], value: r.enteredValue, status: 'reviewed' };
  }
  const sections = new Map<number, BodyReport['sections']>(reportIds.map((id) => [id, []]));
  const rows = await db.all(
    sql`select report_id, idx, title, start, "end" from report_sections where report_id in (${ids}) order by report_id, idx`,
    {
      report_id: col.number,
      idx: col.number,
      title: col.text,
      start: col.number,
      end: col.number,
    },
  );
  for (const s of rows) sections.get(s.report_id)!.push({ index: s.idx, title: s.title, start: s.start, end: s.end });
  for (const r of reports) {
    let list = out.get(r.agency_id);
    if (!list) out.set(r.agency_id, (list = []));
    list.push({
      id: r.id,
      year: r.year,
      format: r.format as FormatVersion,
      scope: r.scope === 'agency' || r.scope === 'region' ? r.scope : null,
      label: `${r.agency}${r.year}年度报告`,
      text: r.text,
      cells: cells.get(r.id)!,
      sections: sections.get(r.id)!,
    });
  }
  return out;
}

/** Bodies rebuilt per write transaction: one commit per body would cost more than the work. */
const BODIES_PER_WRITE = 50;

/** The rows of cross_year_findings and text_reuse for some bodies, in column order. */
export interface CrossYearRows {
  findings: unknown[][];
  reuse: unknown[][];
}

/** Computes (reads, writes nothing) the findings and text reuse of these bodies. */
export async function computeCrossYear(db: Db, agencyIds: number[]): Promise<CrossYearRows> {
  const reports = await bodiesReports(db, agencyIds);
  const out: CrossYearRows = { findings: [], reuse: [] };
  for (const agencyId of agencyIds) {
    for (const [prev, cur] of consecutivePairs(reports.get(agencyId) ?? [])) {
      for (const f of checkCrossYear(prev, cur)) {
        out.findings.push([
          cur.id,
          prev.id,
          agencyId,
          cur.year,
          f.ruleId,
          f.severity,
          f.status,
          f.expected,
          f.actual,
          f.doubtful ? 1 : 0,
          f.message ?? null,
        ]);
      }
      const reuse = textReuse(prev, cur);
      for (const s of [{ index: 0, sentences: reuse.sentences, reused: reuse.reused, passages: reuse.passages }, ...reuse.sections]) {
        if (s.sentences === 0) continue;
        out.reuse.push([cur.id, prev.id, s.index, s.sentences, s.reused, JSON.stringify(s.passages.map((p) => [p.start, p.end]))]);
      }
    }
  }
  return out;
}

/** Computes the rows of some bodies: inline (computeCrossYear on the same database) or in a parser thread. */
export type CrossYearComputer = (agencyIds: number[]) => Promise<CrossYearRows>;

/**
 * Recomputes the cross-year findings and text reuse of the given bodies, 50 per write
 * transaction. With a `compute` running elsewhere (parser threads with their own connection),
 * up to `parallel` chunks are computed at once while this thread writes them in order.
 */
export async function refreshCrossYear(db: Db, agencyIds: Iterable<number>, compute?: CrossYearComputer, parallel = 1): Promise<void> {
  const ids = [...new Set(agencyIds)];
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += BODIES_PER_WRITE) chunks.push(ids.slice(i, i + BODIES_PER_WRITE));
  const run = compute ?? ((chunk: number[]) => computeCrossYear(db, chunk));
  const ahead: Promise<CrossYearRows>[] = [];
  let next = 0;
  const refill = () => {
    while (next < chunks.length && ahead.length < Math.max(1, parallel)) ahead.push(run(chunks[next++]));
  };
  refill();
  for (const chunk of chunks) {
    const rows = await ahead.shift()!;
    refill();
    await writeCrossYear(db, chunk, rows);
  }
}

/** Replaces the findings and text reuse of these bodies (computed before, outside the transaction). */
async function writeCrossYear(db: Db, agencyIds: number[], rows: CrossYearRows): Promise<void> {
  const bodies = joinQueries(agencyIds.map((id) => q`${id}`));
  await db.write(function* (tx) {
    yield* tx.run(q`delete from cross_year_findings where agency_id in (${bodies})`);
    yield* tx.run(q`delete from text_reuse where report_id in (select id from reports where agency_id in (${bodies}))`);
    yield* insertMany(
      tx,
      'cross_year_findings',
      'report_id, previous_report_id, agency_id, year, rule_id, severity, status, expected, actual, doubtful, message',
      rows.findings,
    );
    yield* insertMany(tx, 'text_reuse', 'report_id, previous_report_id, section, sentences, reused, passages', rows.reuse);
  });
}

/** Multi-row inserts, 100 rows per statement (well within both databases' parameter limits). */
function* insertMany(tx: Tx, table: string, columns: string, rows: unknown[][]) {
  if (rows.length === 0) return;
  const width = rows[0].length;
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    yield* tx.run(new Query(multiRowInsert(table, columns, width, chunk.length), chunk.flat()));
  }
}

/**
 * The bodies touched by these reports: their agencies now, and the agencies whose findings name
 * them (a re-parse may have moved a report to another agency or year).
 */
export async function bodiesOfReports(db: Db, reportIds: number[]): Promise<number[]> {
  const out = new Set<number>();
  for (let i = 0; i < reportIds.length; i += 500) {
    const ids = idList(reportIds.slice(i, i + 500));
    const rows = await db.all(
      sql`select agency_id as id from reports where id in (${ids}) and agency_id is not null
        union select agency_id as id from cross_year_findings where report_id in (${ids}) or previous_report_id in (${ids})`,
      { id: col.number },
    );
    for (const r of rows) out.add(r.id);
  }
  return [...out];
}

/**
 * Rebuilds cross_year_summary from the findings of the current reports: counted per county and
 * year in one pass, then added up to cities, provinces and the country (a report lies in one
 * county, so errors, hints and pairs all add up).
 */
export async function refreshCrossYearSummary(db: Db): Promise<void> {
  const counties = await db.all(
    sql`select r.region_code as code, r.year, sum(case when f.status = 'fail' and f.severity = 'error' then 1 else 0 end) as errors,
        sum(case when f.status = 'fail' and f.severity = 'verify' then 1 else 0 end) as hints, count(distinct f.report_id) as pairs
      from cross_year_findings f join reports r on r.id = f.report_id where r.is_current = 1 and r.year is not null group by r.region_code, r.year`,
    { code: col.textOrNull, year: col.number, errors: col.number, hints: col.number, pairs: col.number },
  );
  const sums = new Map<string, unknown[]>();
  const add = (level: string, code: string, c: (typeof counties)[number]) => {
    const key = `${level}:${code}:${c.year}`;
    const row = sums.get(key) ?? [level, code, c.year, 0, 0, 0];
    row[3] = (row[3] as number) + c.errors;
    row[4] = (row[4] as number) + c.hints;
    row[5] = (row[5] as number) + c.pairs;
    sums.set(key, row);
  };
  for (const c of counties) {
    // A report without a region counts for the country only.
    for (const { level, digits } of ROLLUP_LEVELS) if (digits === 0 || c.code) add(level, rollupCode(c.code ?? '', digits), c);
  }
  await db.write(function* (tx) {
    yield* tx.run(q`delete from cross_year_summary`);
    yield* insertMany(tx, 'cross_year_summary', 'level, code, year, errors, hints, pairs', [...sums.values()]);
  });
}

/** Every body with at least two current reports (npm run db:refresh, a database imported before these tables). */
export async function refreshAllCrossYear(db: Db): Promise<number> {
  const rows = await db.all(
    sql`select agency_id as id from reports where is_current = 1 and agency_id is not null group by agency_id having count(*) > 1`,
    { id: col.number },
  );
  await refreshCrossYear(
    db,
    rows.map((r) => r.id),
  );
  return rows.length;
}
