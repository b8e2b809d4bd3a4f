/**
 * Imports report files into the database: read and parse each file first, then store it in its
 * own transaction. The same content (SHA-256 of the bytes) is stored once; a failing file is
 * logged with its reason and never stops the batch.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { readSource } from '../lib/source';
import { parseReport, PARSER_VERSION } from '../lib/report/parse';
import { ReportError } from '../lib/report/types';
import type { ManifestEntry } from '../lib/import/manifest';
import { refreshRollups } from './rollups';
import type { Db } from './client';
import { bodiesOfReports, refreshCrossYear } from './crossyear';
import { refreshCoverageSummary } from './coverage-summary';
import { applyOverride, replaceParse, storeReport, type MetaOverride } from './store';

export const REPORT_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx']);

export interface ImportOptions {
  manifest?: Map<string, ManifestEntry>;
  /** Re-parse stored reports whose content is met again, with the current parser. */
  reparse?: boolean;
  onProgress?: (p: Progress) => void;
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

export async function importFiles(db: Db, files: string[], opts: ImportOptions = {}): Promise<Outcome[]> {
  const c = db.$client;
  const runAt = new Date().toISOString();
  const byHash = c.prepare<[string], { id: number; parser_version: string; declared: string | null; source_url: string | null }>(
    'select id, parser_version, declared, source_url from reports where content_hash = ?',
  );
  const storedText = c.prepare<[number], { text: string; source_kind: string }>('select text, source_kind from reports where id = ?');
  const log = c.prepare('insert into import_log (run_at, file, outcome, reason, report_id) values (?, ?, ?, ?, ?)');
  const outcomes: Outcome[] = [];
  let done = 0;
  for (const file of files) {
    const name = relative(process.cwd(), file) || file;
    let out: Outcome;
    try {
      const bytes = new Uint8Array(await readFile(file));
      const hash = createHash('sha256').update(bytes).digest('hex');
      const existing = byHash.get(hash);
      const entry = opts.manifest?.get(basename(file));
      const declared = declaredOf(entry);
      // A manifest line added or changed for a stored file is applied (from the stored text).
      const redeclared =
        existing && entry && ((declared ? JSON.stringify(declared) : null) !== existing.declared || (entry.url != null && entry.url !== existing.source_url));
      if (existing && !opts.reparse && !redeclared) out = { file: name, outcome: 'unchanged', reportId: existing.id };
      else if (existing && !opts.reparse) {
        const stored = storedText.get(existing.id)!;
        const parsed = parseReport(stored.text, { sourceKind: stored.source_kind as 'text' });
        parsed.meta = applyOverride(parsed.meta, declared);
        replaceParse(db, existing.id, parsed, PARSER_VERSION, { declared: declared ?? null, url: entry?.url });
        out = { file: name, outcome: 'reparsed', reason: 'manifest changed', reportId: existing.id };
      } else {
        const source = await readSource(bytes, file);
        const parsed = parseReport(source.text, { sourceKind: source.kind });
        parsed.meta = applyOverride(parsed.meta, entry);
        if (existing) {
          replaceParse(db, existing.id, parsed, PARSER_VERSION, entry ? { declared: declared ?? null, url: entry.url } : undefined);
          out = { file: name, outcome: 'reparsed', reportId: existing.id };
        } else {
          const id = storeReport(db, parsed, { file: name, kind: source.kind, contentHash: hash, url: entry?.url }, PARSER_VERSION, declared);
          out = { file: name, outcome: 'imported', reportId: id };
        }
      }
    } catch (err) {
      const reason = err instanceof ReportError ? err.reason : (err as Error).message;
      out = { file: name, outcome: 'failed', reason };
    }
    log.run(runAt, out.file, out.outcome, out.reason ?? null, out.reportId ?? null);
    outcomes.push(out);
    opts.onProgress?.({ done: ++done, total: files.length, file: name, outcome: out.outcome });
  }
  // The region × year roll-ups the dashboard reads (db/rollups.ts), once per batch.
  if (outcomes.some((o) => o.outcome === 'imported' || o.outcome === 'reparsed')) refreshRollups(db);
  // Cross-year findings and text reuse of the bodies whose reports changed (db/crossyear.ts).
  const changed = outcomes.filter((o) => o.outcome === 'imported' || o.outcome === 'reparsed').map((o) => o.reportId!);
  await refreshCrossYear(db, await bodiesOfReports(db, changed));
  if (changed.length) await refreshCoverageSummary(db);
  return outcomes;
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
export function reparseStoredReports(db: Db, opts: { all?: boolean; onProgress?: (p: Progress) => void } = {}): Outcome[] {
  const c = db.$client;
  const ids = c
    .prepare<[], { id: number; parser_version: string; source_file: string }>('select id, parser_version, source_file from reports order by id')
    .all()
    .filter((r) => opts.all || r.parser_version !== PARSER_VERSION);
  const one = c.prepare<[number], { text: string; source_kind: string; declared: string | null }>('select text, source_kind, declared from reports where id = ?');
  const log = c.prepare('insert into import_log (run_at, file, outcome, reason, report_id) values (?, ?, ?, ?, ?)');
  const runAt = new Date().toISOString();
  const outcomes: Outcome[] = [];
  for (const r of ids) {
    let out: Outcome;
    try {
      const row = one.get(r.id)!;
      const parsed = parseReport(row.text, { sourceKind: row.source_kind as 'text' });
      parsed.meta = applyOverride(parsed.meta, row.declared ? (JSON.parse(row.declared) as MetaOverride) : undefined);
      replaceParse(db, r.id, parsed, PARSER_VERSION);
      out = { file: r.source_file, outcome: 'reparsed', reportId: r.id };
    } catch (err) {
      out = { file: r.source_file, outcome: 'failed', reason: err instanceof ReportError ? err.reason : (err as Error).message, reportId: r.id };
    }
    log.run(runAt, out.file, out.outcome, out.reason ?? null, out.reportId ?? null);
    outcomes.push(out);
    opts.onProgress?.({ done: outcomes.length, total: ids.length, file: out.file, outcome: out.outcome });
  }
  if (outcomes.some((o) => o.outcome === 'reparsed')) refreshRollups(db);
  return outcomes;
}

/** Re-parses stored reports (see reparseStoredReports); returns how many were re-parsed. */
export function reparseStored(db: Db, all = false): number {
  return reparseStoredReports(db, { all }).filter((o) => o.outcome === 'reparsed').length;
}
