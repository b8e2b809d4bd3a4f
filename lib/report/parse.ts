/**
 * Parses the text of one annual report into its tables' values, checks and metadata. Pure: no
 * I/O, so it is tested and benchmarked without files, database or browser.
 */
import { FORMATS } from '../format';
import { normalizeText } from '../text/normalize';
import { runChecks } from './checks';
import { detectFormat } from './detect';
import { extractMeta } from './meta';
import { findSections } from './sections';
import { squeezeWithMap } from './squeeze';
import { readTables } from './tables';
import { ReportError, type ParsedReport } from './types';

/** Bump when parsing changes what is extracted, so stored reports can be re-parsed. */
export const PARSER_VERSION = '1.2.0';

/** Longest text accepted (characters); real reports are 5–40 thousand. */
export const MAX_TEXT_CHARS = 2_000_000;

const CONTROL_OR_GARBLED = /[\u0000-\u0008\u000e-\u001f\ufffd]/;
const CONTROL_OR_GARBLED_ALL = new RegExp(CONTROL_OR_GARBLED.source, 'g');

export interface ParseOptions {
  /**
   * Where the text came from. Blank cells of HTML, Word and Markdown tables are printed blanks;
   * in PDF or plain text a lone blank may be a cell lost in extraction and may be inferred.
   */
  sourceKind?: 'text' | 'markdown' | 'html' | 'pdf' | 'docx';
}

export function parseReport(input: string, options: ParseOptions = {}): ParsedReport {
  if (input.trim().length === 0) throw new ReportError('文件为空 / empty file', 'empty');
  if (input.length > MAX_TEXT_CHARS) throw new ReportError(`文本过长（${input.length} 字符，上限 ${MAX_TEXT_CHARS}）/ text too large`, 'too_large');
  const text = normalizeText(input);
  const controlChars = CONTROL_OR_GARBLED.test(text) ? (text.match(CONTROL_OR_GARBLED_ALL)?.length ?? 0) : 0;
  if (controlChars > text.length * 0.05) throw new ReportError('内容不是文本（含大量控制字符或乱码）/ binary or garbled content', 'binary');

  const meta = extractMeta(text);
  const sq = squeezeWithMap(text);
  const detected = detectFormat(sq.text, meta.year);
  const format = FORMATS[detected.format];
  const kind = options.sourceKind ?? 'text';

  const tables = readTables(text, format, { mayInferBlanks: kind === 'text' || kind === 'pdf' });
  if (tables.t3RowsFound < 3 && !tables.regions.t2) {
    throw new ReportError('不是政府信息公开工作年度报告：未找到表二、表三 / not an annual report (no statistical tables found)', 'not_a_report');
  }
  const sections = findSections(text);
  if (!tables.regions.t4 && !sections.some((s) => s.index >= 5)) {
    throw new ReportError('报告不完整：表三之后的内容缺失（表四、第五、六部分均未找到）/ truncated report', 'truncated');
  }

  const values: Record<string, number | null> = {};
  for (const k of format.keys) values[k.key] = tables.cells[k.key].value;
  const checks = runChecks(format, tables.cells);
  const warnings = [...tables.warnings];
  if (detected.score2021 > 0 && detected.score2019 > 0) {
    warnings.push({
      code: 'mixed_format',
      message: `同时出现 2021 版（${detected.score2021} 处）和 2019 版（${detected.score2019} 处）格式标志，按 ${detected.format} 版读取`,
    });
  }
  if (meta.year !== null && ((detected.format === '2021' && meta.year < 2021) || (detected.format === '2019' && meta.year > 2020))) {
    warnings.push({ code: 'format_year_mismatch', message: `统计年度 ${meta.year} 与表格格式（${detected.format} 版）不符` });
  }
  return { format: detected.format, text, meta, values, cells: tables.cells, sections, checks, warnings };
}
