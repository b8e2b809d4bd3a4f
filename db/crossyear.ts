/**
 * Keeps the cross-year tables (cross_year_findings, text_reuse) in step with the reports: for a
 * body, every pair of consecutive current reports is checked (lib/crossyear/check) and its
 * narrative compared (lib/crossyear/reuse). Rebuilt per body — a handful of reports — whenever
 * an import stores or re-parses one of its reports (50 bodies per write transaction).
 */
import { checkCrossYear, consecutivePairs, type YearCell, type YearReport } from '../lib/crossyear/check';
import { textReuse, type ReuseInput } from '../lib/crossyear/reuse';
import type { FormatVersion } from '../lib/format';
import type { Span } from '../lib/report/types';
import type { Db } from './client';
import { sql } from 'drizzle-orm';
import { col } from './rows';
import { reviewedKeys } from './review';

type BodyReport = Omit<YearReport, 'cells'> &
  Omit<ReuseInput, 'cells'> & {
    id: number;
    cells: Record<string, (YearCell & Partial<Span>) | undefined>;
  };

const idList = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

async function bodyReports(db: Db, agencyId: number): Promise<BodyReport[]> {
  const reports = await db.all(
    sql`select r.id, r.year, r.format, r.scope, r.text, a.name as agency from reports r join agencies a on a.id = r.agency_id
      where r.agency_id = ${agencyId} and r.is_current = 1 and r.year is not null order by r.year`,
    { id: col.number, year: col.number, format: col.oneOf(['2021', '2019'] as const), scope: col.textOrNull, text: col.text, agency: col.text },
  );
  if (reports.length < 2) return [];
  const ids = idList(reports.map((r) => r.id));
  const values = await db.all(sql`select report_id, key, value, status, start, "end" from report_values where report_id in (${ids})`, {
    report_id: col.number,
    key: col.text,
    value: col.numberOrNull,
    status: col.text,
    start: col.numberOrNull,
    end: col.numberOrNull,
  });
  const sections = await db.all(sql`select report_id, idx, title, start, "end" from report_sections where report_id in (${ids}) order by report_id, idx`, {
    report_id: col.number,
    idx: col.number,
    title: col.text,
    start: col.number,
    end: col.number,
  });
  // The values in force, as report_metrics holds them: a reviewer's value replaces the parse's.
  const reviewed = await reviewedKeys(db, reports.map((r) => r.id));
  return reports.map((r) => {
    const cells: BodyReport['cells'] = {};
    for (const v of values) {
      if (v.report_id === r.id) cells[v.key] = { value: v.value, status: v.status, start: v.start ?? undefined, end: v.end ?? undefined };
    }
    for (const [key, c] of reviewed.get(r.id) ?? []) cells[key] = { ...cells[key], value: c.enteredValue, status: 'reviewed' };
    return {
      id: r.id,
      year: r.year,
      format: r.format as FormatVersion,
      scope: r.scope === 'agency' || r.scope === 'region' ? r.scope : null,
      label: `${r.agency}${r.year}年度报告`,
      text: r.text,
      cells,
      sections: sections.filter((s) => s.report_id === r.id).map((s) => ({ index: s.idx, title: s.title, start: s.start, end: s.end })),
    };
  });
}

/** Bodies rebuilt per write transaction: one commit per body would cost more than the work. */
const BODIES_PER_WRITE = 50;

/** Recomputes the cross-year findings and text reuse of the given bodies. */
export async function refreshCrossYear(db: Db, agencyIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(agencyIds)];
  for (let i = 0; i < ids.length; i += BODIES_PER_WRITE) {
    // Read at once: on PostgreSQL the pool's connections answer them side by side instead of one round trip after another.
    const bodies = await Promise.all(ids.slice(i, i + BODIES_PER_WRITE).map(async (agencyId) => ({ agencyId, pairs: consecutivePairs(await bodyReports(db, agencyId)) })));
    // Sent without waiting (pipelined on PostgreSQL): an error fails the write at its commit.
    await db.write(function* (tx) {
      for (const { agencyId, pairs } of bodies) {
        yield* tx.send(sql`delete from cross_year_findings where agency_id = ${agencyId}`);
        yield* tx.send(sql`delete from text_reuse where report_id in (select id from reports where agency_id = ${agencyId})`);
        for (const [prev, cur] of pairs) {
          for (const f of checkCrossYear(prev, cur)) {
            yield* tx.send(
              sql`insert into cross_year_findings (report_id, previous_report_id, agency_id, year, rule_id, severity, status, expected, actual, doubtful, message)
                values (${cur.id}, ${prev.id}, ${agencyId}, ${cur.year}, ${f.ruleId}, ${f.severity}, ${f.status}, ${f.expected}, ${f.actual}, ${f.doubtful ? 1 : 0}, ${f.message ?? null})`,
            );
          }
          const reuse = textReuse(prev, cur);
          for (const s of [{ index: 0, sentences: reuse.sentences, reused: reuse.reused, passages: reuse.passages }, ...reuse.sections]) {
            if (s.sentences === 0) continue;
            const passages = JSON.stringify(s.passages.map((p) => [p.start, p.end]));
            yield* tx.send(
              sql`insert into text_reuse (report_id, previous_report_id, section, sentences, reused, passages) values (${cur.id}, ${prev.id}, ${s.index}, ${s.sentences}, ${s.reused}, ${passages})`,
            );
          }
        }
      }
    });
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

/** Every body with at least two current reports (a database imported before these tables). */
export async function refreshAllCrossYear(db: Db): Promise<number> {
  const rows = await db.all(sql`select agency_id as id from reports where is_current = 1 and agency_id is not null group by agency_id having count(*) > 1`, { id: col.number });
  await refreshCrossYear(
    db,
    rows.map((r) => r.id),
  );
  return rows.length;
}
