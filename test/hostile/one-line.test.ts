/**
 * Issue 11.9: a newline (or another control character) in a file name or a parser message never
 * breaks the one-line `FILE: error: REASON` format; the report page shows the file name only.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { errorLine, fileName, oneLine } from '../../lib/text/display';
import { ROOT, runScript } from './cli';

const dir = mkdtempSync(join(tmpdir(), 'one-line-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one error per line', () => {
  test('control characters are escaped, visible and reversible to the eye', () => {
    expect(oneLine('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(oneLine('x\u001b[31my\u0000')).toBe('x\\x1b[31my\\x00');
    expect(oneLine('evil\u202efdp.txt')).toBe('evil\\u202efdp.txt');
    expect(oneLine('a\u2028b\u0085c')).toBe('a\\u2028b\\x85c');
    expect(oneLine('C:\\报告\\淮安市.pdf')).toBe('C:\\报告\\淮安市.pdf');
    expect(errorLine('bad\nname.txt', 'line one\nline two')).toBe('bad\\nname.txt: error: line one\\nline two');
  });

  test('the report page shows the source file name, not the server path', () => {
    expect(fileName('../names/淮安市.pdf')).toBe('淮安市.pdf');
    expect(fileName('/srv/data/reports/2024/x.txt')).toBe('x.txt');
    expect(fileName('C:\\reports\\y.docx')).toBe('y.docx');
    expect(fileName('z.html')).toBe('z.html');
  });

  test('parse CLI: a file named with a newline gives exactly one stderr line, and the summary header one line', () => {
    const bad = join(dir, 'evil\nname: error: forged.txt');
    writeFileSync(bad, '');
    const good = join(dir, 'good\nname.txt');
    copyFileSync(join(ROOT, 'data/samples/003_6790f04c403e7862.txt'), good);
    const r = runScript('parse', [bad, good]);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `${dir}/evil\\nname: error: forged.txt: error: 文件为空 / the file is empty`,
      '1 of 2 files failed',
    ]);
    expect(r.stdout.split('\n')[0]).toBe(`== ${dir}/good\\nname.txt`);
    expect(r.stdout.split('\n')[1]).toMatch(/^ {3}单位 武威市人民政府/);
  });
});
