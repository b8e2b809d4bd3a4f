/**
 * The numbers of a chart as CSV: UTF-8 with a byte-order mark (so Excel detects the encoding),
 * CRLF line ends, RFC 4180 quoting. Built from the same table model as the on-screen table.
 * Counts are plain integers (no thousands separators); shares and rates are percentages with
 * two decimals, in columns marked （%）.
 */
import { specToTable, type ChartSpec } from './spec';

export const CSV_BOM = '\uFEFF';

export function csvField(v: string | number | null | undefined): string {
  if (v == null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: (string | number | null | undefined)[]): string {
  return fields.map(csvField).join(',');
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
    const fields = [row.label, ...row.raw.map((v, i) => csvNumber(v, pct[i]))];
    if (anyPartial) {
      const notes = [...new Set(row.partial.map((p, i) => (p ? `${header[i + 1]}：${p}` : null)).filter(Boolean))];
      fields.push(notes.join('；'));
    }
    lines.push(csvLine(fields));
  }
  return CSV_BOM + lines.join('\r\n') + '\r\n';
}

/** A file name from a chart title: no path separators or characters Windows refuses. */
export function exportFileName(spec: Pick<ChartSpec, 'title'>, ext: 'png' | 'svg' | 'csv'): string {
  const base = spec.title.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'chart';
  return `${base}.${ext}`;
}
