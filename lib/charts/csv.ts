/**
 * The numbers of a chart as CSV: UTF-8 with a byte-order mark (so Excel detects the encoding),
 * CRLF line ends, RFC 4180 quoting. Built from the same table model as the on-screen table.
 * Counts are plain integers (no thousands separators); shares and rates are percentages with
 * two decimals, in columns marked （%）. Text cells are neutralized against formula injection (csvField).
 */
import { specToTable, type ChartSpec } from './spec';

export const CSV_BOM = '\uFEFF';

/** A number as this module writes it: digits, an optional minus sign and decimals. */
const NUMERAL = /^-?\d+(?:\.\d+)?$/;
/** Text a spreadsheet would run as a formula (OWASP, CSV injection): = + - @, tab or CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field. Numbers (a JS number, or `kind` 'number' with a plain numeral such as `-18` or
 * `12.50`) are written as they are, so spreadsheets read them as numbers. Text is quoted when it
 * holds a quote, comma, line break or edge space; text that a spreadsheet would evaluate as a
 * formula (an agency name `=HYPERLINK(…)` from a manifest) gets a leading `'` and quotes, per
 * OWASP's CSV-injection advice, so it shows as the text it is.
 */
export function csvField(v: string | number | null | undefined, kind: 'text' | 'number' = typeof v === 'number' ? 'number' : 'text'): string {
  if (v == null) return '';
  const s = String(v);
  if (kind === 'number' && NUMERAL.test(s)) return s;
  if (FORMULA_START.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: (string | number | null | undefined)[]): string {
  return fields.map((f) => csvField(f)).join(',');
}

function csvNumber(v: number | null, percent: boolean): string {
  if (v == null || !Number.isFinite(v)) return '';
  if (percent) return (Math.round(v * 10000) / 100).toFixed(2);
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000);
}

/** Which table columns (after the category column) hold fractions. */
function percentColumns(spec: ChartSpec): boolean[] {
  if (spec.layout === 'pie') return [false, true];
  const withShares = spec.layout === 'percent';
  const out: boolean[] = [];
  for (const s of spec.series) {
    out.push(s.format === 'percent');
    if (withShares && s.format === 'count') out.push(true);
  }
  if (spec.review) out.push(false, false);
  return out;
}

export function specToCsv(spec: ChartSpec): string {
  const table = specToTable(spec);
  const pct = percentColumns(spec);
  const header = table.columns.map((c, i) => (i > 0 && pct[i - 1] && !c.endsWith('（%）') ? `${c.replace(/（[^（）]*）$/, '')}（%）` : c));
  // A partial sum is labelled in a last column (说明), naming the column and what it lacks.
  const anyPartial = table.rows.some((r) => r.partial.some(Boolean));
  const lines = [csvLine(anyPartial ? [...header, '说明'] : header)];
  for (const row of table.rows) {
    const fields = [csvField(row.label), ...row.raw.map((v, i) => csvField(csvNumber(v, pct[i]), 'number'))];
    if (anyPartial) {
      const notes = [...new Set(row.partial.map((p, i) => (p ? `${header[i + 1]}：${p}` : null)).filter(Boolean))];
      fields.push(csvField(notes.join('；')));
    }
    lines.push(fields.join(','));
  }
  return CSV_BOM + lines.join('\r\n') + '\r\n';
}

/** A file name from a chart title: no path separators or characters Windows refuses. */
export function exportFileName(spec: Pick<ChartSpec, 'title'>, ext: 'png' | 'svg' | 'csv'): string {
  const base =
    spec.title
      .replace(/[\\/:*?"<>|\s]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || 'chart';
  return `${base}.${ext}`;
}
