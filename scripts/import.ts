/**
 * npm run import -- PATH... [--manifest FILE.csv] [--reparse]
 *
 * Imports report files and folders (recursively: .txt .md .html .htm .pdf .docx) into the
 * database named by DATABASE_URL. Each report is stored in its own transaction, whole or not at
 * all: interrupt the import at any point and run it again to finish. Shows progress (count, rate,
 * time left) on stderr and ends with a summary: imported, unchanged, re-parsed, failed (each
 * failure with its file and reason; also kept in the import_log table). Exit code 1 if any failed.
 *
 * --manifest FILE.csv  columns file,agency,region_code,year,url,published: declared values win
 *                      over what the parser read (files are matched by name)
 * --reparse            re-parse the files met again even when their content is stored;
 *                      without PATH: re-parse every stored report with the current parser
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { closeDb, DEFAULT_DATABASE_URL, getDb } from '../db/client';
import { collectFiles, importFiles, reparseStoredReports, type Outcome, type Progress } from '../db/import';
import { createParsePool } from '../db/parse-pool';
import { parseManifest, type ManifestEntry } from '../lib/import/manifest';
import { namedSpecialFiles, screenReportFiles } from '../lib/source/file';
import { errorLine } from '../lib/text/display';
import { parseCommandLine, usageError } from './cli';

/** From this many files on, files are parsed in worker threads (one per core). */
const PARALLEL_FROM = 50;

/** After the files are stored, the derived tables take a while on a large import: say what is done. */
function stageLine(stage: string, ms: number): void {
  process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}${stage}: ${(ms / 1000).toFixed(1)} s\n`);
}

/** A progress line on stderr, redrawn at most twice a second: count, rate, time left. */
function progress(t0: number): (p: Progress) => void {
  let last = 0;
  const tty = process.stderr.isTTY;
  return ({ done, total }) => {
    const now = Date.now();
    if ((now - last < 500 && done < total) || (!tty && now - last < 5000 && done < total)) return;
    last = now;
    const rate = done / Math.max(0.001, (now - t0) / 1000);
    const left = (total - done) / Math.max(rate, 0.001);
    const line = `  ${done}/${total} files · ${rate.toFixed(rate < 10 ? 1 : 0)}/s · about ${formatSecs(left)} left`;
    process.stderr.write(tty ? `\r${line}   ` : `${line}\n`);
  };
}

function formatSecs(s: number): string {
  return s < 90 ? `${Math.ceil(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function summary(outcomes: Outcome[], extraFailures: number, secs: number): number {
  const count = (o: Outcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
  const failed = outcomes.filter((x) => x.outcome === 'failed');
  for (const f of failed) process.stderr.write(errorLine(f.file, f.reason ?? '') + '\n');
  const rate = outcomes.length / Math.max(secs, 0.001);
  process.stdout.write(
    `imported ${count('imported')}, unchanged ${count('unchanged')}, re-parsed ${count('reparsed')}, failed ${failed.length + extraFailures} ` +
      `(${outcomes.length} files in ${secs.toFixed(1)} s, ${rate.toFixed(0)}/s)\n`,
  );
  return failed.length + extraFailures > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const usage = 'npm run import -- PATH... [--manifest FILE.csv] [--reparse]';
  const {
    values: { reparse, manifest: manifestPath },
    positionals: paths,
  } = parseCommandLine({
    name: 'import',
    usage,
    flags: { manifest: { type: 'string' }, reparse: { type: 'boolean' } },
    positionals: { max: Infinity },
  });
  // Without a PATH, --reparse re-parses every stored report; without either there is nothing to do.
  if (paths.length === 0 && !reparse) usageError('import', `no PATH given (usage: ${usage})`);

  let manifest: Map<string, ManifestEntry> | undefined;
  if (manifestPath) {
    try {
      manifest = parseManifest(readFileSync(manifestPath, 'utf8'));
    } catch (e) {
      process.stderr.write(errorLine(manifestPath, (e as Error).message) + '\n');
      return 2;
    }
  }
  const db = await getDb();
  if (db.readOnly) {
    process.stderr.write(`import: error: ${db.where} is read-only; nothing can be imported into it\n`);
    return 1;
  }
  const t0 = Date.now();

  if (paths.length === 0) {
    const outcomes = await reparseStoredReports(db, { all: true, onProgress: progress(t0) });
    if (outcomes.length && process.stderr.isTTY) process.stderr.write('\n');
    return summary(outcomes, 0, (Date.now() - t0) / 1000);
  }

  const { files: found, missing } = await collectFiles(paths);
  for (const m of missing) process.stderr.write(errorLine(m, 'no such file or folder') + '\n');
  // Special files and files over their size limit are refused from stat, before the import reads them.
  const { files, refused } = await screenReportFiles([...found, ...(await namedSpecialFiles(paths))]);
  if (manifest) {
    const seen = new Set(files.map((f) => f.split(/[\\/]/).pop()!));
    for (const name of manifest.keys())
      if (!seen.has(name)) process.stderr.write(`${manifestPath}: warning: no file named ${name} among the paths\n`);
  }
  process.stderr.write(`${files.length} files\n`);
  // Parser threads pay off from a few dozen files (each thread takes ~1 s to start).
  const pool = files.length >= PARALLEL_FROM ? createParsePool() : undefined;
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const imported = await importFiles(db, files, {
    manifest,
    reparse,
    onProgress: progress(t0),
    onStage: stageLine,
    parser: pool?.parse,
    crossYear: pool && { compute: (ids) => pool.crossYear(url, ids), parallel: pool.size },
  }).finally(() => pool?.close());
  const outcomes = [...refused.map((r): Outcome => ({ ...r, file: relative(process.cwd(), r.file) || r.file, outcome: 'failed' })), ...imported];
  if (files.length && process.stderr.isTTY) process.stderr.write('\n');
  return summary(outcomes, missing.length, (Date.now() - t0) / 1000);
}

main().then(
  async (code) => {
    await closeDb();
    process.exit(code);
  },
  (err) => {
    process.stderr.write(errorLine('import', (err as Error).message) + '\n');
    process.exit(1);
  },
);
