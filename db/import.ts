/**
 * Imports report files into the database: read and parse each file first (in worker threads when
 * a parse pool is given), then store it in its own transaction, in input order. The same content
 * (SHA-256 of the bytes) is stored once — also when another import running at the same time
 * stored it first (counted `unchanged`); a failing file is logged with its reason and never stops
 * the batch.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { readSource } from '../lib/source';
import { parseReport, PARSER_VERSION } from '../lib/report/parse';
import { ReportError } from '../lib/report/types';
import type { ManifestEntry } from '../lib/import/manifest';
import type { CrossYearComputer } from './crossyear';
import { checkpointInBackground, type BackgroundCheckpoints } from './checkpointer';
import { afterWrite, timed, wroteReport, writtenReports } from './derived';
import { q, verbatim } from './query';
import { col } from './rows';
import {
  applyOverride,
  independentPrefixSteps,
  prepareReport,
  replaceParse,
  replaceParseSteps,
  storeIndependentSteps,
  storeReportSteps,
  type MetaOverride,
  type NewReport,
  type PreparedReport,
  type Stored,
} from './store';
import { auditSteps, enforceWrite, nowOf, recordAudit, storedTarget, type ReportWriteContext } from './audit';
import { authorizeWrite, WriteRefused, type Actor, type ReportTarget } from '../lib/auth/policy';
import { regionPath } from '../lib/region/gazetteer';
import type { ParsedReport, ReportMeta } from '../lib/report/types';
import type { Db, Step, Tx } from './client';

export const REPORT_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx']);

export interface ImportOptions {
  manifest?: Map<string, ManifestEntry>;
  /**
   * The name each file is stored under (source_file), by its path; by default the path relative to
   * the working directory. A harvest names each fetched file by the URL it came from.
   */
  sourceNames?: Map<string, string>;
  /** Re-parse stored reports whose content is met again, with the current parser. */
  reparse?: boolean;
  onProgress?: (p: Progress) => void;
  /** Computes cross-year findings elsewhere (parser threads), `parallel` chunks at a time; inline without it. */
  crossYear?: { compute: CrossYearComputer; parallel: number };
  /** Told when a stage after storing ends (roll-ups, cross-year findings, coverage), with its duration. */
  onStage?: (stage: string, ms: number) => void;
  /** Parses files off the main thread (db/parse-pool.ts); without it, files are parsed inline. */
  parser?: FileParser;
  /**
   * Decides, once a file is parsed and before anything is stored, whether it may be stored:
   * returns a one-line reason (Chinese) to refuse it (an upload outside the uploader's region).
   */
  admit?: (meta: PreparedReport['meta']) => string | null;
  /**
   * An upload through the browser: the policy decides on each report as stored and as declared
   * inside the transaction that writes it, and the upload's audit row is written in that
   * transaction (lib/auth/policy.ts authorizeWrite, db/audit.ts).
   */
  writer?: ReportWriteContext;
  /**
   * How long a batch waits for the next file still being parsed before it is stored with what it
   * has (BATCH_WAIT_MS). `Infinity` waits for every next file: batches are then as full as BATCH
   * allows whatever the machine's load, which is what a test of batching needs.
   */
  batchWaitMs?: number;
  /** How often the import log is written while outcomes come in (LOG_FLUSH_MS); `Infinity`: at 500 rows and at the end only. */
  logFlushMs?: number;
  /** A test seam: the report of a file it names fails once its values were written (nothing of it may stay). */
  failAfterValues?: (file: string) => boolean;
}

export interface Progress {
  done: number;
  total: number;
  file: string;
  outcome: Outcome['outcome'];
}

export interface Outcome {
  file: string;
  outcome: 'imported' | 'unchanged' | 'reparsed' | 'failed';
  reason?: string;
  reportId?: number;
  /** The policy refused the write (HTTP 403): nothing was changed. */
  refused?: boolean;
}

/** A file read and parsed: the report and the kind of source, or why it failed. */
export type ParsedFile = { ok: true; kind: string; report: PreparedReport } | { ok: false; reason: string };

/** Reads and parses one file's bytes (inline, or in a worker). */
export type FileParser = (bytes: Uint8Array, file: string) => Promise<ParsedFile>;

/** The inline parser: bytes → text (any format) → parsed report. */
export async function parseFileBytes(bytes: Uint8Array, file: string): Promise<ParsedFile> {
  try {
    const source = await readSource(bytes, file);
    return { ok: true, kind: source.kind, report: prepareReport(parseReport(source.text, { sourceKind: source.kind })) };
  } catch (err) {
    return { ok: false, reason: reasonOf(err) };
  }
}

function reasonOf(err: unknown): string {
  return err instanceof ReportError ? err.reason : (err as Error).message;
}

/** Files under the given paths (folders recursively), report extensions only, sorted. */
export async function collectFiles(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const st = await stat(p).catch(() => null);
    if (!st) return void missing.push(p);
    if (st.isDirectory()) {
      for (const e of (await readdir(p)).sort()) if (!e.startsWith('.')) await walk(join(p, e));
    } else if (REPORT_EXTENSIONS.has(extname(p).toLowerCase()) && !/^readme/i.test(basename(p))) files.push(p);
  };
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    // A file named explicitly is imported whatever its extension (and rejected with a reason if bad).
    if (st?.isFile()) files.push(p);
    else await walk(p);
  }
  return { files, missing };
}

const STORED = { id: col.number, parser_version: col.text, declared: col.textOrNull, source_url: col.textOrNull };

/** The import log is written at least this often, so a long import shows its outcomes as it goes. */
const LOG_FLUSH_MS = 2000;

/** Writes outcomes to import_log, many per transaction (one commit per file would cost as much as storing it). */
function importLog(db: Db, runAt: string, flushMs = LOG_FLUSH_MS) {
  let pending: Outcome[] = [];
  let flushedAt = Date.now();
  const flush = async () => {
    flushedAt = Date.now();
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    await db.write(function* (tx) {
      for (const out of rows) {
        yield* tx.send(
          q`insert into import_log (run_at, file, outcome, reason, report_id) values (${runAt}, ${out.file}, ${out.outcome}, ${out.reason ?? null}, ${out.reportId ?? null})`,
        );
      }
    });
  };
  return {
    add: async (out: Outcome) => {
      pending.push(out);
      if (pending.length >= 500 || Date.now() - flushedAt > flushMs) await flush();
    },
    flush,
  };
}

/** What to do with one file, decided before parsing: the work a parse can skip is skipped. */
type Plan =
  | { file: string; name: string; done: Outcome }
  | {
      file: string;
      name: string;
      hash: string;
      bytes: Uint8Array;
      existing?: { id: number };
      entry?: ManifestEntry;
      declared?: MetaOverride;
      redeclare?: boolean;
      uploadedBy?: string | null;
    };

async function plan(db: Db, file: string, opts: ImportOptions): Promise<Plan> {
  const name = opts.sourceNames?.get(file) ?? (relative(process.cwd(), file) || file);
  try {
    // Read synchronously: small files, and the async file API costs more CPU than the read.
    return await planBytes(db, { name, bytes: new Uint8Array(readFileSync(file)), entry: opts.manifest?.get(basename(file)) }, opts, file);
  } catch (err) {
    return { file, name, done: { file: name, outcome: 'failed', reason: reasonOf(err) } };
  }
}

/** One file's content, from disk or from an upload. */
export interface SourceFile {
  /** Shown in results and logs, and kept as the report's source_file. */
  name: string;
  bytes: Uint8Array;
  /** Its manifest line (declared agency, region, year, url, published), if any. */
  entry?: ManifestEntry;
  /** The account uploading it through the browser. */
  uploadedBy?: string | null;
}

async function planBytes(db: Db, f: SourceFile, opts: ImportOptions, file = f.name): Promise<Plan> {
  const name = f.name;
  const bytes = f.bytes;
  const hash = createHash('sha256').update(bytes).digest('hex');
  const existing = await db.one(q`select id, parser_version, declared, source_url from reports where content_hash = ${hash}`, STORED);
  const entry = f.entry;
  const declared = declaredOf(entry);
  // A manifest line added or changed for a stored file is applied (from the stored text).
  const redeclared = Boolean(
    existing &&
    entry &&
    ((declared ? JSON.stringify(declared) : null) !== existing.declared || (entry.url != null && entry.url !== existing.source_url)),
  );
  if (existing && !opts.reparse && !redeclared) return { file, name, done: { file: name, outcome: 'unchanged', reportId: existing.id } };
  return {
    file,
    name,
    hash,
    bytes,
    existing: existing ? { id: existing.id } : undefined,
    entry,
    declared,
    redeclare: redeclared && !opts.reparse,
    uploadedBy: f.uploadedBy,
  };
}

/**
 * The same import path for one file's bytes (an upload): content-hash idempotency, the parser's
 * limits, one transaction per report, a log row. Never throws for a bad file: the outcome says
 * `failed` with the reason.
 */
export async function importSource(db: Db, f: SourceFile, opts: Pick<ImportOptions, 'admit' | 'reparse' | 'writer'> = {}): Promise<Outcome> {
  const log = importLog(db, new Date().toISOString());
  let out: Outcome;
  try {
    const pl = await planBytes(db, f, opts);
    out = 'done' in pl ? pl.done : await storeFile(db, pl, pl.redeclare ? null : await parseFileBytes(pl.bytes, pl.name), opts);
  } catch (err) {
    out = { file: f.name, outcome: 'failed', reason: reasonOf(err) };
  }
  const writer = opts.writer;
  if (writer && out.outcome === 'unchanged' && out.reportId != null) {
    // Already stored, nothing changed: said only to someone who may write that report.
    const stored = await storedTarget(db, out.reportId);
    if (stored && !authorizeWrite(writer.actor, 'upload', { stored }).allow)
      out = { file: out.file, outcome: 'failed', reason: STORED_ELSEWHERE, refused: true };
  }
  await log.add(out);
  await log.flush();
  // An upload that wrote nothing (refused, failed, already stored) is kept in the audit as an attempt; one that wrote has its row in its transaction.
  if (writer && !wroteReport(out)) {
    await recordAudit(
      db,
      writer.who,
      {
        action: 'upload',
        reportId: out.reportId ?? null,
        target: f.name,
        detail: { outcome: out.outcome, reason: out.reason ?? null, declared: f.entry ?? null },
      },
      nowOf(writer),
    );
  }
  // The roll-ups and the body's findings include the new report; the summaries follow in the background.
  await afterWrite(db, { reports: writtenReports([out]) });
  return out;
}

const STORED_ELSEWHERE = '该报告已存在，但不在您负责的地区内';

/** Why a report as declared is refused to an actor limited to a region. */
function outsideRegion(actor: Actor, meta: ReportMeta): string {
  return `该报告属于${meta.region ?? meta.region_code ?? '未能确定的地区'}，不在您负责的地区（${(actor.regionCode && regionPath(actor.regionCode)) ?? actor.regionCode}）内`;
}

const META_SNAPSHOT = {
  agency: col.textOrNull,
  region_code: col.textOrNull,
  town_code: col.textOrNull,
  year: col.numberOrNull,
  declared: col.jsonOrNull<MetaOverride>(),
  url: col.textOrNull,
  uploaded_by: col.textOrNull,
};

/** A stored report's metadata, as an audit row's "before" and the policy's stored target, read in the write's transaction. */
function* metaSnapshot(tx: Tx, reportId: number) {
  const m = yield* tx.one(
    q`select a.name as agency, r.region_code, r.town_code, r.year, r.declared, r.source_url as url, r.uploaded_by from reports r left join agencies a on a.id = r.agency_id where r.id = ${reportId}`,
    META_SNAPSHOT,
  );
  if (!m) throw new Error(`报告 ${reportId} 不存在`);
  const target: ReportTarget = { regionCode: m.region_code, townCode: m.town_code, uploadedBy: m.uploaded_by };
  const { uploaded_by: _, ...before } = m;
  return { target, before };
}

/** The report as a write would leave it, for the policy (the uploader stays who first uploaded it). */
const requestedTarget = (meta: ReportMeta, uploadedBy: string | null | undefined): ReportTarget => ({
  regionCode: meta.region_code,
  townCode: meta.town_code,
  uploadedBy,
});
const placementOfMeta = (meta: ReportMeta) => ({ agency: meta.agency, region_code: meta.region_code, town_code: meta.town_code, year: meta.year });

/**
 * Replaces a stored report's parse from an upload (the same file re-parsed, or its declaration
 * changed): the policy on the report as stored and as it would be, the new parse and the audit
 * row with both metadata — one transaction.
 */
function* replaceStoredSteps(
  tx: Tx,
  pl: Exclude<Plan, { done: Outcome }>,
  report: ParsedReport | PreparedReport,
  update: { declared: MetaOverride | null; url?: string | null } | undefined,
  change: 'reparsed' | 'redeclared',
  writer: ReportWriteContext | undefined,
): Generator<Step, void, unknown> {
  const id = pl.existing!.id;
  const { target, before } = yield* metaSnapshot(tx, id);
  if (writer)
    enforceWrite(
      writer.actor,
      'upload',
      { stored: target, requested: requestedTarget(report.meta, target.uploadedBy) },
      { stored: STORED_ELSEWHERE, requested: outsideRegion(writer.actor, report.meta) },
    );
  yield* replaceParseSteps(tx, id, report, PARSER_VERSION, update);
  if (writer) {
    yield* auditSteps(
      tx,
      writer.who,
      {
        action: 'upload',
        reportId: id,
        target: pl.name,
        detail: { outcome: change, declared: pl.entry ?? null, before, after: placementOfMeta(report.meta) },
      },
      nowOf(writer),
    );
  }
}

/**
 * Sets the manifest declarations of a stored report (from the browser): re-parses its stored text
 * with them, as a manifest line added later does on the command line. The policy's decision on
 * the report as stored and as it would be (WriteRefused), the new parse and the audit row with
 * the declarations before and after are one transaction. Throws with a one-line reason.
 */
export async function redeclareReport(ctx: ReportWriteContext, reportId: number, entry: ManifestEntry | undefined): Promise<void> {
  const { db } = ctx;
  const stored = await db.one(q`select text, source_kind from reports where id = ${reportId}`, { text: col.text, source_kind: col.text });
  if (!stored) throw new Error(`报告 ${reportId} 不存在`);
  const declared = declaredOf(entry);
  const parsed = parseReport(stored.text, { sourceKind: stored.source_kind as 'text' });
  parsed.meta = applyOverride(parsed.meta, declared);
  await db.write(function* (tx) {
    const { target, before } = yield* metaSnapshot(tx, reportId);
    enforceWrite(ctx.actor, 'edit_meta', { stored: target, requested: requestedTarget(parsed.meta, target.uploadedBy) });
    yield* replaceParseSteps(tx, reportId, parsed, PARSER_VERSION, { declared: declared ?? null, url: entry?.url ?? null });
    yield* auditSteps(
      tx,
      ctx.who,
      {
        action: 'metadata',
        reportId,
        detail: {
          before: { declared: before.declared, url: before.url },
          after: entry ?? null,
          placement: { before, after: placementOfMeta(parsed.meta) },
        },
      },
      nowOf(ctx),
    );
  });
  // A new agency, region or year moves the report in the roll-ups, its findings and coverage (recomputable, after the commit).
  await afterWrite(db, { reports: [reportId] });
}

/** From this many files an import is a bulk load: SQLite checkpoints in the background, PostgreSQL's statistics are refreshed after it. */
const BULK = 1000;

/** Reports stored per write transaction at most (each in its own savepoint): one commit per report cost more than the report. */
const BATCH = 100;

/**
 * How long a batch waits for files still being parsed before it is stored with what it has. The
 * parser threads answer one file at a time: storing each answer as it comes made transactions of
 * one or two reports, each rewriting the last page of a dozen B-trees (40 pages written to the
 * log per report instead of 3, and half of the import's time).
 */
const BATCH_WAIT_MS = 100;

/** True once the job's file is planned and parsed, false if `ms` pass first. */
function settledWithin(job: Job, ms: number): Promise<boolean> {
  if (job.settled) return Promise.resolve(true);
  if (ms <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    // setTimeout would fire at once for an unbounded wait (delays past 2^31 - 1 ms become 1 ms).
    const timer = Number.isFinite(ms) ? setTimeout(() => resolve(false), ms) : undefined;
    // A job never rejects (a failed plan or parse is an outcome); if one did, the batch stops here.
    job.promise.then(
      () => (clearTimeout(timer), resolve(true)),
      () => (clearTimeout(timer), resolve(false)),
    );
  });
}

interface Job {
  settled: boolean;
  result?: { pl: Plan; parsed: ParsedFile | null };
  promise: Promise<{ pl: Plan; parsed: ParsedFile | null }>;
}

/** A new report ready to insert, or the file's outcome when it needs no write. */
export type BatchItem = { outcome: Outcome } | { pl: Exclude<Plan, { done: Outcome }>; report: PreparedReport; kind: string };

/** What a settled job becomes in a batch; null when it needs its own transaction (re-parse, manifest change). */
function batchItem(pl: Plan, parsed: ParsedFile | null, opts: Pick<ImportOptions, 'admit'>): BatchItem | null {
  if ('done' in pl) return { outcome: pl.done };
  if (pl.redeclare || pl.existing || !parsed) return null;
  if (!parsed.ok) return { outcome: { file: pl.name, outcome: 'failed', reason: parsed.reason } };
  try {
    parsed.report.meta = applyOverride(parsed.report.meta, pl.entry);
  } catch (err) {
    return { outcome: { file: pl.name, outcome: 'failed', reason: reasonOf(err) } };
  }
  const refused = opts.admit?.(parsed.report.meta);
  if (refused) return { outcome: { file: pl.name, outcome: 'failed', reason: refused } };
  return { pl, report: parsed.report, kind: parsed.kind };
}

/**
 * Stores a batch of new reports in one write transaction, each as if inside its own savepoint: a
 * report that fails is rolled back alone (and reported failed), the others are kept; a kill before
 * the commit leaves none of the batch, never part of a report. On PostgreSQL the reports that
 * store independently of one another go in together (db/store.ts storeIndependentSteps: a few
 * multi-row statements instead of a dozen statements and 3 waits per report), in a savepoint of
 * their own; if that fails, they are stored again one by one, so the failing report is found and
 * left out alone. `failAfterValues` is a test seam (a report that fails half-way).
 */
export async function storeBatch(db: Db, items: BatchItem[], failAfterValues?: (file: string) => boolean): Promise<Outcome[]> {
  try {
    return await db.write(function* (tx) {
      const out: Outcome[] = new Array(items.length);
      const writes: number[] = [];
      items.forEach((it, i) => ('outcome' in it ? (out[i] = it.outcome) : writes.push(i)));
      const newReport = (i: number): NewReport => {
        const it = items[i] as Exclude<BatchItem, { outcome: Outcome }>;
        return {
          report: it.report,
          source: { file: it.pl.name, kind: it.kind, contentHash: it.pl.hash, url: it.pl.entry?.url, uploadedBy: it.pl.uploadedBy },
          declared: it.pl.declared,
        };
      };
      const stored = (i: number, s: Stored): Outcome => ({
        file: newReport(i).source.file,
        outcome: s.inserted ? 'imported' : 'unchanged',
        reportId: s.id,
      });
      // One report in its own savepoint, as storeReportSteps stores it.
      function* single(i: number) {
        const r = newReport(i);
        // Sent without waiting on PostgreSQL; `release savepoint` (a wait) reports any error of the report's sends.
        yield* tx.send(q`savepoint report`);
        try {
          const s = yield* storeReportSteps(tx, r.report, r.source, PARSER_VERSION, r.declared, failAfterValues?.(r.source.file) ?? false);
          yield* tx.run(q`release savepoint report`);
          // Stored by another import running at the same time: the content is in, once.
          out[i] = stored(i, s);
        } catch (err) {
          yield* tx.run(q`rollback to savepoint report`);
          yield* tx.run(q`release savepoint report`);
          out[i] = { file: r.source.file, outcome: 'failed', reason: reasonOf(err) };
        }
      }
      if (tx.dialect !== 'postgres') {
        for (const i of writes) yield* single(i);
        return out;
      }
      let k = 0;
      while (k < writes.length) {
        const rest = writes.slice(k).map(newReport);
        const { n, seen } = yield* independentPrefixSteps(tx, rest);
        if (n > 1) {
          yield* tx.send(q`savepoint bulk`);
          let done: Stored[] | undefined;
          try {
            const s = yield* storeIndependentSteps(
              tx,
              rest.slice(0, n),
              seen,
              PARSER_VERSION,
              failAfterValues && ((r) => failAfterValues(r.source.file)),
            );
            // The wait that reports the errors of the statements sent without waiting: only then are they stored.
            yield* tx.run(q`release savepoint bulk`);
            done = s;
          } catch {
            yield* tx.run(q`rollback to savepoint bulk`);
            yield* tx.run(q`release savepoint bulk`);
          }
          if (done) done.forEach((s, j) => (out[writes[k + j]] = stored(writes[k + j], s)));
          // A failure: the same reports one by one, so only the failing one is left out.
          else for (let j = 0; j < n; j++) yield* single(writes[k + j]);
          k += n;
        } else {
          // A report that depends on an earlier one of the batch (or on another version) is stored alone.
          yield* single(writes[k]);
          k++;
        }
      }
      return out;
    });
  } catch (err) {
    // The transaction itself failed (e.g. the database stayed locked): nothing of the batch is stored.
    return items.map((it) => ('outcome' in it ? it.outcome : { file: it.pl.name, outcome: 'failed', reason: reasonOf(err) }));
  }
}

export async function importFiles(db: Db, files: string[], opts: ImportOptions = {}): Promise<Outcome[]> {
  const log = importLog(db, new Date().toISOString(), opts.logFlushMs);
  const outcomes: Outcome[] = [];
  const record = async (out: Outcome) => {
    await log.add(out);
    outcomes.push(out);
    opts.onProgress?.({ done: outcomes.length, total: files.length, file: out.file, outcome: out.outcome });
  };
  // A long import checkpoints SQLite's log on another thread (db/checkpointer.ts).
  const checkpoints = files.length >= BULK ? checkpointInBackground(db) : undefined;
  const started = performance.now();
  try {
    await storeInOrder(db, files, opts, record, checkpoints);
  } finally {
    await checkpoints?.end();
  }
  await log.flush();
  opts.onStage?.('stored', performance.now() - started);
  const written = outcomes.filter(wroteReport).length;
  // The derived tables are computed from what was just stored: on PostgreSQL with the tables'
  // statistics of before the load, the cross-year findings' reads of report_values (by report
  // id) were planned as if the table were still small.
  if (db.dialect === 'postgres' && written >= BULK) await refreshStatistics(db, opts, 'reports, report_values, agencies');
  // Roll-ups, cross-year findings and the precomputed coverage (db/derived.ts), once per batch.
  await afterWrite(db, { reports: writtenReports(outcomes) }, { wait: true, onStage: opts.onStage, crossYear: opts.crossYear });
  // PostgreSQL plans the pages' queries from table statistics, which autovacuum refreshes a minute
  // or so after a bulk load: until then the national overview took 125 ms instead of 70 (p95, at
  // 150,000 reports). Refreshed now, ≈ 2 s at that size.
  if (db.dialect === 'postgres' && written >= BULK) await refreshStatistics(db, opts);
  return outcomes;
}

/** PostgreSQL: `analyze` (of these tables, else all), timed as the stage `statistics`. */
async function refreshStatistics(db: Db, opts: Pick<ImportOptions, 'onStage'>, tables?: string): Promise<void> {
  // Everything is stored by now: a failure here (a statement timeout) costs speed, not data.
  await timed(tables ? 'statistics (stored tables)' : 'statistics', opts.onStage, () =>
    db.run(tables ? q`analyze ${verbatim(tables)}` : q`analyze`),
  ).catch((err) => {
    process.stderr.write(`import: warning: table statistics not refreshed (autovacuum will): ${(err as Error).message}\n`);
  });
}

/** Plans and parses ahead (in parallel when the parser is a worker pool), stores in input order, in batches. */
async function storeInOrder(
  db: Db,
  files: string[],
  opts: ImportOptions,
  record: (out: Outcome) => Promise<void>,
  checkpoints?: BackgroundCheckpoints,
): Promise<void> {
  const parse = opts.parser ?? parseFileBytes;
  const ahead = opts.parser ? 256 : 32;
  const pending: Job[] = [];
  let next = 0;
  const start = () => {
    const file = files[next++];
    const job: Job = {
      settled: false,
      promise: plan(db, file, opts).then(async (pl) => ({ pl, parsed: 'done' in pl || pl.redeclare ? null : await parse(pl.bytes, pl.file) })),
    };
    job.promise.then((r) => ((job.settled = true), (job.result = r)));
    pending.push(job);
  };
  const refill = () => {
    while (next < files.length && pending.length < ahead) start();
  };
  refill();
  while (pending.length) {
    const { pl, parsed } = await pending.shift()!.promise;
    refill();
    const first = batchItem(pl, parsed, opts);
    if (!first) {
      let out: Outcome;
      try {
        out = await storeFile(db, pl as Exclude<Plan, { done: Outcome }>, parsed, opts);
      } catch (err) {
        out = { file: pl.name, outcome: 'failed', reason: reasonOf(err) };
      }
      await record(out);
      continue;
    }
    // The files parsed next join the batch, waiting for them a little while at most.
    const batch = [first];
    const deadline = performance.now() + (opts.batchWaitMs ?? BATCH_WAIT_MS);
    while (batch.length < BATCH && pending.length && (pending[0].settled || (await settledWithin(pending[0], deadline - performance.now())))) {
      const item = batchItem(pending[0].result!.pl, pending[0].result!.parsed, opts);
      if (!item) break;
      batch.push(item);
      pending.shift();
      refill();
    }
    const writes = batch.some((it) => !('outcome' in it));
    for (const out of writes ? await storeBatch(db, batch, opts.failAfterValues) : batch.map((it) => (it as { outcome: Outcome }).outcome))
      await record(out);
    if (writes) checkpoints?.afterWrite();
  }
}

/**
 * One file in its own transaction: a re-parse (--reparse), a changed manifest line, or an upload.
 * For an upload (`writer`) the policy decides inside the transaction and the audit row is in it; a
 * refusal is the outcome `failed` with `refused`, and nothing is changed.
 */
async function storeFile(
  db: Db,
  pl: Exclude<Plan, { done: Outcome }>,
  parsed: ParsedFile | null,
  opts: Pick<ImportOptions, 'admit' | 'writer'>,
): Promise<Outcome> {
  const writer = opts.writer;
  try {
    if (pl.redeclare && pl.existing) {
      const stored = await db.one(q`select text, source_kind from reports where id = ${pl.existing.id}`, { text: col.text, source_kind: col.text });
      const report = parseReport(stored!.text, { sourceKind: stored!.source_kind as 'text' });
      report.meta = applyOverride(report.meta, pl.declared);
      const refused = opts.admit?.(report.meta);
      if (refused) return { file: pl.name, outcome: 'failed', reason: refused };
      await db.write((tx) => replaceStoredSteps(tx, pl, report, { declared: pl.declared ?? null, url: pl.entry?.url }, 'redeclared', writer));
      return { file: pl.name, outcome: 'reparsed', reason: 'manifest changed', reportId: pl.existing.id };
    }
    if (!parsed) throw new Error('internal: file was not parsed');
    if (!parsed.ok) return { file: pl.name, outcome: 'failed', reason: parsed.reason };
    const report = parsed.report;
    report.meta = applyOverride(report.meta, pl.entry);
    const refused = opts.admit?.(report.meta);
    if (refused) return { file: pl.name, outcome: 'failed', reason: refused };
    if (pl.existing) {
      const update = pl.entry ? { declared: pl.declared ?? null, url: pl.entry.url } : undefined;
      await db.write((tx) => replaceStoredSteps(tx, pl, report, update, 'reparsed', writer));
      return { file: pl.name, outcome: 'reparsed', reportId: pl.existing.id };
    }
    const stored = await db.write(function* (tx) {
      if (writer)
        enforceWrite(
          writer.actor,
          'upload',
          { requested: requestedTarget(report.meta, pl.uploadedBy) },
          { requested: outsideRegion(writer.actor, report.meta) },
        );
      const s = yield* storeReportSteps(
        tx,
        report,
        { file: pl.name, kind: parsed.kind, contentHash: pl.hash, url: pl.entry?.url, uploadedBy: pl.uploadedBy },
        PARSER_VERSION,
        pl.declared,
      );
      if (writer && s.inserted) {
        yield* auditSteps(
          tx,
          writer.who,
          {
            action: 'upload',
            reportId: s.id,
            target: pl.name,
            detail: { outcome: 'imported', declared: pl.entry ?? null, after: placementOfMeta(report.meta) },
          },
          nowOf(writer),
        );
      }
      return s;
    });
    // Stored by another import running at the same time: the content is in, once.
    return { file: pl.name, outcome: stored.inserted ? 'imported' : 'unchanged', reportId: stored.id };
  } catch (err) {
    if (err instanceof WriteRefused) return { file: pl.name, outcome: 'failed', reason: err.message, refused: true };
    throw err;
  }
}

function declaredOf(e: ManifestEntry | undefined): MetaOverride | undefined {
  if (!e) return undefined;
  const d: MetaOverride = {};
  if (e.agency) d.agency = e.agency;
  if (e.region_code) d.region_code = e.region_code;
  if (e.year) d.year = e.year;
  if (e.published) d.published = e.published;
  return Object.keys(d).length ? d : undefined;
}

/**
 * Re-parses stored reports from their stored text with the current parser (and the manifest
 * declarations kept with them): those of an older parser version, or all with `all`. Each report
 * is replaced in its own transaction; one that the current parser rejects keeps its old parse and
 * is logged as failed.
 */
export async function reparseStoredReports(db: Db, opts: { all?: boolean; onProgress?: (p: Progress) => void } = {}): Promise<Outcome[]> {
  const ids = (
    await db.all(q`select id, parser_version, source_file from reports order by id`, {
      id: col.number,
      parser_version: col.text,
      source_file: col.text,
    })
  ).filter((r) => opts.all || r.parser_version !== PARSER_VERSION);
  const log = importLog(db, new Date().toISOString());
  const outcomes: Outcome[] = [];
  for (const r of ids) {
    let out: Outcome;
    try {
      const row = (await db.one(q`select text, source_kind, declared from reports where id = ${r.id}`, {
        text: col.text,
        source_kind: col.text,
        declared: col.jsonOrNull<MetaOverride>(),
      }))!;
      const parsed = parseReport(row.text, { sourceKind: row.source_kind as 'text' });
      parsed.meta = applyOverride(parsed.meta, row.declared ?? undefined);
      await replaceParse(db, r.id, parsed, PARSER_VERSION);
      out = { file: r.source_file, outcome: 'reparsed', reportId: r.id };
    } catch (err) {
      out = { file: r.source_file, outcome: 'failed', reason: reasonOf(err), reportId: r.id };
    }
    await log.add(out);
    outcomes.push(out);
    opts.onProgress?.({ done: outcomes.length, total: ids.length, file: out.file, outcome: out.outcome });
  }
  await log.flush();
  await afterWrite(db, { reports: writtenReports(outcomes) }, { wait: true });
  return outcomes;
}

/** Re-parses stored reports (see reparseStoredReports); returns how many were re-parsed. */
export async function reparseStored(db: Db, all = false): Promise<number> {
  return (await reparseStoredReports(db, { all })).filter((o) => o.outcome === 'reparsed').length;
}
