/**
 * Imports report files into the database: read and parse each file first (in worker threads when
 * a parse pool is given), then store it in its own transaction, in input order. The same content
 * (SHA-256 of the bytes) is stored once — also when another import running at the same time
 * stored it first (counted `unchanged`); a failing file is logged with its reason and never stops
 * the batch.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { sql } from 'drizzle-orm';
import { readSource } from '../lib/source';
import { parseReport, PARSER_VERSION } from '../lib/report/parse';
import { ReportError, type ParsedReport } from '../lib/report/types';
import type { ManifestEntry } from '../lib/import/manifest';
import { refreshRollups } from './rollups';
import { refreshDerived } from './derived';
import type { Db } from './client';
import { col } from './rows';
import { applyOverride, replaceParse, storeReport, type MetaOverride } from './store';

export const REPORT_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx']);

export interface ImportOptions {
  manifest?: Map<string, ManifestEntry>;
  /** Re-parse stored reports whose content is met again, with the current parser. */
  reparse?: boolean;
  onProgress?: (p: Progress) => void;
  /** Parses files off the main thread (db/parse-pool.ts); without it, files are parsed inline. */
  parser?: FileParser;
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
}

/** A file read and parsed: the report and the kind of source, or why it failed. */
export type ParsedFile = { ok: true; kind: string; report: ParsedReport } | { ok: false; reason: string };

/** Reads and parses one file's bytes (inline, or in a worker). */
export type FileParser = (bytes: Uint8Array, file: string) => Promise<ParsedFile>;

/** The inline parser: bytes → text (any format) → parsed report. */
export async function parseFileBytes(bytes: Uint8Array, file: string): Promise<ParsedFile> {
  try {
    const source = await readSource(bytes, file);
    return { ok: true, kind: source.kind, report: parseReport(source.text, { sourceKind: source.kind }) };
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

async function logOutcome(db: Db, runAt: string, out: Outcome): Promise<void> {
  await db.run(sql`insert into import_log (run_at, file, outcome, reason, report_id) values (${runAt}, ${out.file}, ${out.outcome}, ${out.reason ?? null}, ${out.reportId ?? null})`);
}

/** What to do with one file, decided before parsing: the work a parse can skip is skipped. */
type Plan =
  | { file: string; name: string; done: Outcome }
  | { file: string; name: string; hash: string; bytes: Uint8Array; existing?: { id: number }; entry?: ManifestEntry; declared?: MetaOverride; redeclare?: boolean };

async function plan(db: Db, file: string, opts: ImportOptions): Promise<Plan> {
  const name = relative(process.cwd(), file) || file;
  try {
    const bytes = new Uint8Array(await readFile(file));
    const hash = createHash('sha256').update(bytes).digest('hex');
    const existing = await db.one(sql`select id, parser_version, declared, source_url from reports where content_hash = ${hash}`, STORED);
    const entry = opts.manifest?.get(basename(file));
    const declared = declaredOf(entry);
    // A manifest line added or changed for a stored file is applied (from the stored text).
    const redeclared = Boolean(existing && entry && ((declared ? JSON.stringify(declared) : null) !== existing.declared || (entry.url != null && entry.url !== existing.source_url)));
    if (existing && !opts.reparse && !redeclared) return { file, name, done: { file: name, outcome: 'unchanged', reportId: existing.id } };
    return { file, name, hash, bytes, existing: existing ? { id: existing.id } : undefined, entry, declared, redeclare: redeclared && !opts.reparse };
  } catch (err) {
    return { file, name, done: { file: name, outcome: 'failed', reason: reasonOf(err) } };
  }
}

export async function importFiles(db: Db, files: string[], opts: ImportOptions = {}): Promise<Outcome[]> {
  const runAt = new Date().toISOString();
  const parse = opts.parser ?? parseFileBytes;
  const outcomes: Outcome[] = [];
  // Plan and parse ahead (in parallel when the parser is a worker pool), store in input order.
  const ahead = opts.parser ? 64 : 1;
  const pending: { plan: Promise<Plan>; parsed: Promise<ParsedFile | null> }[] = [];
  let next = 0;
  const start = () => {
    const file = files[next++];
    const p = plan(db, file, opts);
    pending.push({ plan: p, parsed: p.then((pl) => ('done' in pl || pl.redeclare ? null : parse(pl.bytes, pl.file))) });
  };
  while (next < files.length && pending.length < ahead) start();
  while (pending.length) {
    const job = pending.shift()!;
    if (next < files.length) start();
    const pl = await job.plan;
    const parsed = await job.parsed;
    let out: Outcome;
    try {
      out = 'done' in pl ? pl.done : await storeFile(db, pl, parsed, opts);
    } catch (err) {
      out = { file: pl.name, outcome: 'failed', reason: reasonOf(err) };
    }
    await logOutcome(db, runAt, out);
    outcomes.push(out);
    opts.onProgress?.({ done: outcomes.length, total: files.length, file: out.file, outcome: out.outcome });
  }
  // The region × year roll-ups the dashboard reads (db/rollups.ts), once per batch.
  if (outcomes.some((o) => o.outcome === 'imported' || o.outcome === 'reparsed')) await refreshRollups(db);
  // Cross-year findings, text reuse and the precomputed coverage (db/derived.ts).
  await refreshDerived(db, outcomes);
  return outcomes;
}

async function storeFile(db: Db, pl: Exclude<Plan, { done: Outcome }>, parsed: ParsedFile | null, opts: ImportOptions): Promise<Outcome> {
  if (pl.redeclare && pl.existing) {
    const stored = await db.one(sql`select text, source_kind from reports where id = ${pl.existing.id}`, { text: col.text, source_kind: col.text });
    const report = parseReport(stored!.text, { sourceKind: stored!.source_kind as 'text' });
    report.meta = applyOverride(report.meta, pl.declared);
    await replaceParse(db, pl.existing.id, report, PARSER_VERSION, { declared: pl.declared ?? null, url: pl.entry?.url });
    return { file: pl.name, outcome: 'reparsed', reason: 'manifest changed', reportId: pl.existing.id };
  }
  if (!parsed) throw new Error('internal: file was not parsed');
  if (!parsed.ok) return { file: pl.name, outcome: 'failed', reason: parsed.reason };
  const report = parsed.report;
  report.meta = applyOverride(report.meta, pl.entry);
  if (pl.existing) {
    await replaceParse(db, pl.existing.id, report, PARSER_VERSION, pl.entry ? { declared: pl.declared ?? null, url: pl.entry.url } : undefined);
    return { file: pl.name, outcome: 'reparsed', reportId: pl.existing.id };
  }
  const stored = await storeReport(db, report, { file: pl.name, kind: parsed.kind, contentHash: pl.hash, url: pl.entry?.url }, PARSER_VERSION, pl.declared);
  // Stored by another import running at the same time: the content is in, once.
  return { file: pl.name, outcome: stored.inserted ? 'imported' : 'unchanged', reportId: stored.id };
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
  const ids = (await db.all(sql`select id, parser_version, source_file from reports order by id`, { id: col.number, parser_version: col.text, source_file: col.text })).filter(
    (r) => opts.all || r.parser_version !== PARSER_VERSION,
  );
  const runAt = new Date().toISOString();
  const outcomes: Outcome[] = [];
  for (const r of ids) {
    let out: Outcome;
    try {
      const row = (await db.one(sql`select text, source_kind, declared from reports where id = ${r.id}`, { text: col.text, source_kind: col.text, declared: col.jsonOrNull<MetaOverride>() }))!;
      const parsed = parseReport(row.text, { sourceKind: row.source_kind as 'text' });
      parsed.meta = applyOverride(parsed.meta, row.declared ?? undefined);
      await replaceParse(db, r.id, parsed, PARSER_VERSION);
      out = { file: r.source_file, outcome: 'reparsed', reportId: r.id };
    } catch (err) {
      out = { file: r.source_file, outcome: 'failed', reason: reasonOf(err), reportId: r.id };
    }
    await logOutcome(db, runAt, out);
    outcomes.push(out);
    opts.onProgress?.({ done: outcomes.length, total: ids.length, file: out.file, outcome: out.outcome });
  }
  if (outcomes.some((o) => o.outcome === 'reparsed')) await refreshRollups(db);
  await refreshDerived(db, outcomes);
  return outcomes;
}

/** Re-parses stored reports (see reparseStoredReports); returns how many were re-parsed. */
export async function reparseStored(db: Db, all = false): Promise<number> {
  return (await reparseStoredReports(db, { all })).filter((o) => o.outcome === 'reparsed').length;
}
