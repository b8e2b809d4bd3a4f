/**
 * npm run --silent parse -- [--jsonl] [--cells] FILE...
 *
 * Parses annual reports and prints, per file, either one JSON object per line (--jsonl: file,
 * format, meta, values, checks, warnings; --cells adds the source offsets of every value) or a
 * readable summary. A file that cannot be parsed gets a one-line error naming it and the reason
 * (control characters in either escaped); special files and files over the size limits are refused
 * before they are read (lib/source/file.ts);
 * the others are still parsed, and the exit code is 1 when any file failed.
 */
import { readSource } from '../lib/source';
import { readReportFile } from '../lib/source/file';
import { errorLine, oneLine } from '../lib/text/display';
import { parseReport } from '../lib/report/parse';
import { ReportError, type ParsedReport } from '../lib/report/types';
import { summarizeReport } from '../lib/report/summary';
import { parseCommandLine } from './cli';

async function parseFile(file: string): Promise<ParsedReport> {
  const bytes = await readReportFile(file);
  const source = await readSource(bytes, file);
  return parseReport(source.text, { sourceKind: source.kind });
}

async function main(): Promise<number> {
  const {
    values: { jsonl, cells: withCells },
    positionals: files,
  } = parseCommandLine({
    name: 'parse',
    usage: 'npm run --silent parse -- [--jsonl] [--cells] FILE...',
    flags: { jsonl: { type: 'boolean' }, cells: { type: 'boolean' } },
    positionals: { min: 1, max: Infinity, name: 'FILE' },
  });
  let failed = 0;
  for (const file of files) {
    try {
      const r = await parseFile(file);
      if (jsonl) {
        const out: Record<string, unknown> = { file, format: r.format, meta: r.meta, values: r.values, checks: r.checks, warnings: r.warnings };
        if (withCells) out.cells = r.cells;
        process.stdout.write(JSON.stringify(out) + '\n');
      } else {
        process.stdout.write(summarizeReport(oneLine(file), r) + '\n');
      }
    } catch (err) {
      failed++;
      const reason = err instanceof ReportError ? err.reason : `解析失败 / parse failed: ${(err as Error).message}`;
      const code = err instanceof ReportError ? err.code : 'internal';
      process.stderr.write(errorLine(file, reason) + '\n');
      if (jsonl) process.stdout.write(JSON.stringify({ file, error: reason, code }) + '\n');
    }
  }
  if (failed > 0 && files.length > 1) process.stderr.write(`${failed} of ${files.length} files failed\n`);
  return failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
