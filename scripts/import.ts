/**
 * npm run import -- PATH... [--manifest FILE.csv] [--reparse]
 *
 * Imports report files and folders (recursively: .txt .md .html .htm .pdf .docx) into the
 * database named by DATABASE_URL. Shows progress, ends with a summary; exit code 1 if any failed.
 * --reparse alone (no PATH) re-parses every stored report with the current parser.
 */
import { readFileSync } from 'node:fs';
import { getDb, databasePath } from '../db/client';
import { collectFiles, importFiles, reparseStored } from '../db/import';
import { parseManifest } from '../lib/import/manifest';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const reparse = args.includes('--reparse');
  const mi = args.indexOf('--manifest');
  const manifestPath = mi >= 0 ? args[mi + 1] : undefined;
  const paths = args.filter((a, i) => !a.startsWith('--') && (mi < 0 || i !== mi + 1));
  if (paths.length === 0 && !reparse) {
    process.stderr.write('usage: npm run import -- PATH... [--manifest FILE.csv] [--reparse]\n');
    return 2;
  }
  let manifest;
  if (manifestPath) {
    try {
      manifest = parseManifest(readFileSync(manifestPath, 'utf8'));
    } catch (e) {
      process.stderr.write(`${manifestPath}: error: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const db = getDb();
  process.stderr.write(`database: ${databasePath().replace(process.cwd() + '/', '')}\n`);
  if (paths.length === 0) {
    const n = reparseStored(db, true);
    process.stderr.write(`re-parsed ${n} stored reports\n`);
    return 0;
  }
  const { files, missing } = await collectFiles(paths);
  for (const m of missing) process.stderr.write(`${m}: error: no such file or folder\n`);
  const t0 = Date.now();
  let last = 0;
  const outcomes = await importFiles(db, files, {
    manifest,
    reparse,
    onProgress: ({ done, total }) => {
      const now = Date.now();
      if (now - last < 500 && done < total) return;
      last = now;
      const rate = done / Math.max(0.001, (now - t0) / 1000);
      const left = (total - done) / Math.max(rate, 0.001);
      process.stderr.write(`\r  ${done}/${total} files · ${rate.toFixed(0)}/s · about ${left.toFixed(0)} s left   `);
    },
  });
  if (files.length) process.stderr.write('\n');
  const count = (o: string) => outcomes.filter((x) => x.outcome === o).length;
  const failed = outcomes.filter((x) => x.outcome === 'failed');
  for (const f of failed) process.stderr.write(`${f.file}: error: ${f.reason}\n`);
  const secs = (Date.now() - t0) / 1000;
  process.stdout.write(
    `imported ${count('imported')}, unchanged ${count('unchanged')}, re-parsed ${count('reparsed')}, failed ${failed.length + missing.length} ` +
      `(${files.length} files in ${secs.toFixed(1)} s)\n`,
  );
  return failed.length + missing.length > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
