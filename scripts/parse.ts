/**
 * npm run --silent parse -- [--jsonl] [--cells] FILE...
 *
 * Parses annual reports and prints, per file, either one JSON object per line (--jsonl: file,
 * format, meta, values, checks, warnings; --cells adds the source offsets of every value) or a
 * readable summary. A file that cannot be parsed gets a one-line error naming it and the reason;
 * the others are still parsed, and the exit code is 1 when any file failed.
 */
import { readFile, stat } from 'node:fs/promises';
import { readSource } from '../lib/source';
import { parseReport } from '../lib/report/parse';
import { ReportError, type ParsedReport } from '../lib/report/types';
import { summarizeReport } from '../lib/report/summary';

async function parseFile(file: string): Promise<ParsedReport> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new ReportError('文件不存在 / no such file', 'unreadable');
  if (info.isDirectory()) throw new ReportError('是目录，不是文件 / is a directory', 'unreadable');
  const bytes = new Uint8Array(await readFile(file));
  const source = await readSource(bytes, file);
  return parseReport(source.text, { sourceKind: source.kind });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const jsonl = args.includes('--jsonl');
  const withCells = args.includes('--cells');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    process.stderr.write('usage: npm run --silent parse -- [--jsonl] [--cells] FILE...\n');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    try {
      const r = await parseFile(file);
      if (jsonl) {
        const out: Record<string, unknown> = { file, format: r.format, meta: r.meta, values: r.values, checks: r.checks, warnings: r.warnings };
        if (withCells) out.cells = r.cells;
        process.stdout.write(JSON.stringify(out) + '\n');
      } else {
        process.stdout.write(summarizeReport(file, r) + '\n');
      }
    } catch (err) {
      failed++;
      const reason = err instanceof ReportError ? err.reason : `解析失败 / parse failed: ${(err as Error).message}`;
      const code = err instanceof ReportError ? err.code : 'internal';
      process.stderr.write(`${file}: error: ${reason}\n`);
      if (jsonl) process.stdout.write(JSON.stringify({ file, error: reason, code }) + '\n');
    }
  }
  if (failed > 0 && files.length > 1) process.stderr.write(`${failed} of ${files.length} files failed\n`);
  return failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
